import type { Logger } from '@forewarn/observability';

/** The part of a pino logger this package uses, so callers can pass a child or a stub. */
export type DbLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
