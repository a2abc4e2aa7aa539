import { pino, type Logger } from 'pino';
import type { Config } from './config/config.js';

export type { Logger };

/** JSON lines to standard output, or to standard error for CLI commands whose output is their result. */
export function createLogger(level: Config['logLevel'], to: 'stdout' | 'stderr' = 'stdout'): Logger {
  return pino({ name: 'redian', level }, pino.destination(to === 'stdout' ? 1 : 2));
}
