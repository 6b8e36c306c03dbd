/**
 * One overall deadline for a provider call: every attempt, the SDK's backoff and retry-after waits,
 * and reading the response body (which the SDK's own per-attempt `timeout` does not bound). Past it
 * the call is aborted and fails with PROVIDER_TIMEOUT, whatever the SDK is doing.
 */
import { ProviderError } from '../errors.ts';
import { publish } from '../ops/telemetry.ts';

/**
 * Runs `call` with a signal that aborts after `deadlineMs` (or when `parent` aborts); rejects with a
 * `ProviderError` PROVIDER_TIMEOUT at the deadline even if `call` ignores its signal.
 *
 * @param what the operation, for the message, e.g. `chat completion`.
 */
export async function withDeadline<T>(deadlineMs: number, what: string, call: (signal: AbortSignal) => Promise<T>, parent?: AbortSignal): Promise<T> {
  const controller = new AbortController();
  const expired = new ProviderError('PROVIDER_TIMEOUT', `The model provider did not complete the ${what} within ${Math.round(deadlineMs / 1000)} s (OPENAI_DEADLINE_MS).`);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      publish.providerError({ status: 'timeout' });
      controller.abort(expired);
      reject(expired);
    }, deadlineMs);
  });
  const onParentAbort = (): void => controller.abort(parent?.reason);
  if (parent?.aborted) onParentAbort();
  else parent?.addEventListener('abort', onParentAbort, { once: true });
  try {
    return await Promise.race([call(controller.signal), deadline]);
  } finally {
    clearTimeout(timer);
    parent?.removeEventListener('abort', onParentAbort);
  }
}
