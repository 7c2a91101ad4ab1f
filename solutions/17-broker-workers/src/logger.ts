import { type Logger, pino } from 'pino';

/** JSON log lines on stdout (pino: level, time, msg); LOG_LEVEL=debug adds one line per task. */
export const logger = pino({ name: process.env.WORKER_ID ?? 'broker-workers', level: process.env.LOG_LEVEL ?? 'info' });

/** Fastify's logger without a line per request (thousands of tasks): only its warnings and errors. */
export const quietRequests = (base: Logger): Logger => base.child({}, { level: 'warn' });
