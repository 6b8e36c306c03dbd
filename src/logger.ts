/**
 * Structured logging (pino) to stderr, so stdout stays clean for `--json` output and the console.
 * Secrets are redacted by key, and any known secret value is scrubbed from messages.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

const REDACT_PATHS = [
  'token',
  'apiKey',
  'authorization',
  '*.token',
  '*.apiKey',
  '*.authorization',
  '*.headers.authorization',
  'config.OPENAI_API_KEY',
  'config.DISCORD_TOKEN',
  'OPENAI_API_KEY',
  'DISCORD_TOKEN',
];

/** Creates the process logger. `secrets` are values that must never appear in a log line. */
export function createLogger(level = 'info', secrets: ReadonlyArray<string | undefined> = []): Logger {
  const values = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 6);
  const scrub = (text: string): string => values.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((arg: unknown) => (typeof arg === 'string' ? scrub(arg) : arg)) as Parameters<typeof method>,
          );
        },
      },
      formatters: {
        log(object) {
          return JSON.parse(scrub(JSON.stringify(object))) as Record<string, unknown>;
        },
      },
    },
    pino.destination(2),
  );
}

/** A logger that drops everything (tests, `--json` runs). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
