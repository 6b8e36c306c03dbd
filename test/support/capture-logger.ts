/** The real process logger (with its redaction), keeping its lines in memory so tests can assert what was logged. */
import { createLogger, type Logger } from '../../src/logger.ts';

export interface CapturedLogger {
  logger: Logger;
  /** Parsed log lines, oldest first. */
  lines: () => Array<Record<string, unknown>>;
  /** Everything logged, as raw text (to assert a secret never appears). */
  text: () => string;
}

/** `secrets`: the configured secret values the logger must scrub (as `main` passes DISCORD_TOKEN, OPENAI_API_KEY). */
export function captureLogger(secrets: string[] = []): CapturedLogger {
  const raw: string[] = [];
  const logger = createLogger('debug', secrets, { destination: { write: (line: string) => void raw.push(line) } });
  return { logger, lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>), text: () => raw.join('') };
}
