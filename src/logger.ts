/**
 * Structured logging (pino) to stderr, so stdout stays clean for `--json` output and the console.
 * Every line passes the one redaction point (`Redactor`, src/redact.ts) before it is written: errors
 * anywhere in the object become records with type, message, code, status, request id and stack
 * (never `{}`), and secrets, interaction tokens and credentials are removed from messages and fields.
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import { Redactor } from './redact.ts';

export type { Logger };

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  /** Where lines go (default: stderr). Tests pass an in-memory stream. */
  destination?: DestinationStream;
}

/** Creates the process logger. `secrets` are values that must never appear in a log line. */
export function createLogger(level = 'info', secrets: ReadonlyArray<string | undefined> = [], options: LoggerOptions = {}): Logger {
  const redactor = new Redactor(secrets);
  return pino(
    {
      level,
      // `logger.error(error, 'msg')` puts the error under `err`; the formatter below serialises it.
      serializers: { err: (value: unknown) => value },
      hooks: {
        logMethod(args, method) {
          const clean: unknown[] = args.map((arg: unknown) => (typeof arg === 'string' ? redactor.text(arg) : arg));
          // Without a message pino would use the error's own (unredacted) message: give it the redacted one.
          const error = errorOf(clean[0]);
          if (error && typeof clean[1] !== 'string') clean.splice(1, 0, redactor.text(error.message));
          method.apply(this, clean as Parameters<typeof method>);
        },
      },
      formatters: {
        log(object) {
          return redactor.value(object) as Record<string, unknown>;
        },
      },
    },
    options.destination ?? pino.destination(2),
  );
}

function errorOf(value: unknown): Error | undefined {
  if (value instanceof Error) return value;
  const err = typeof value === 'object' && value !== null ? (value as { err?: unknown }).err : undefined;
  return err instanceof Error ? err : undefined;
}

/** A logger that drops everything (tests, `--json` runs). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
