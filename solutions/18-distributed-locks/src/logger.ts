import { pino } from 'pino';

/** JSON log lines (pino: level, time, msg), tagged with this worker's id. */
export const logger = pino({ name: 'lock-worker', level: process.env.LOG_LEVEL ?? 'info' });
