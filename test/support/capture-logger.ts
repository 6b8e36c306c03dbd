/** A real pino logger that keeps its lines in memory, so tests can assert what was logged. */
import { pino } from 'pino';
import type { Logger } from '../../src/logger.ts';

export interface CapturedLogger {
  logger: Logger;
  /** Parsed log lines, oldest first. */
  lines: () => Array<Record<string, unknown>>;
  /** Everything logged, as raw text (to assert a secret never appears). */
  text: () => string;
}

export function captureLogger(): CapturedLogger {
  const raw: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void raw.push(line) });
  return { logger, lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>), text: () => raw.join('') };
}
