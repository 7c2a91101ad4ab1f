import { pino } from 'pino';

/** JSON log lines on stdout (pino: level, time, msg); LOG_LEVEL=debug adds one line per request. */
export const logger = pino({ name: 'cache-service', level: process.env.LOG_LEVEL ?? 'info' });
