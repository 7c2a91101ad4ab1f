import { type LogEntry, logLevel } from 'kafkajs';
import pino from 'pino';

/**
 * One JSON line per log record (pino's defaults: level, time, msg), on stderr, so the one-shot
 * commands' stdout holds nothing but their JSON result.
 */
export const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' }, pino.destination(2));

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * kafkajs prints its own text lines by default; this routes them through pino so every line stays
 * JSON. Its INFO chatter (joins, rebalances) is kept at debug to leave the pipeline's lines readable.
 */
export const kafkaLogCreator =
  () =>
  ({ namespace, level, log }: LogEntry): void => {
    const { message, timestamp: _timestamp, logger: _logger, ...extra } = log;
    const target = level === logLevel.INFO ? 'debug' : (levels[level] ?? 'debug');
    logger[target]({ kafka: namespace, ...extra }, message);
  };
