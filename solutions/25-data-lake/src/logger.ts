import { pino } from 'pino';

/**
 * JSON log lines on stderr (pino: level, time, msg), synchronously, so nothing is lost when the
 * CLI exits. Stdout is the contract's: it carries exactly one JSON document, the command's result.
 */
export const logger = pino(
  { name: 'lake', level: process.env.LOG_LEVEL ?? 'info' },
  pino.destination({ dest: 2, sync: true }),
);
