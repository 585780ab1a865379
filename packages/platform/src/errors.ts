/**
 * How errors are raised everywhere. Code throws an `AppError` naming a *kind* (what went wrong,
 * in business terms) and a stable *code* (which rule said so); only the HTTP error handler turns
 * kinds into status codes, so domain modules never think in HTTP. Every code is declared once,
 * with its kind and message, in `error-catalog.ts`.
 */
export const errorKinds = {
  INVALID_DATA: { status: 400, title: 'Invalid data' },
  UNAUTHORIZED: { status: 401, title: 'Unauthorized' },
  FORBIDDEN: { status: 403, title: 'Forbidden' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  CONFLICT: { status: 409, title: 'Conflict' },
  PRECONDITION_FAILED: { status: 412, title: 'Precondition failed' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  UNEXPECTED: { status: 500, title: 'Internal server error' },
  UNAVAILABLE: { status: 503, title: 'Service unavailable' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorKind = keyof typeof errorKinds;

/** One zod (or other validation) problem, as listed in a problem document's `issues`. */
export interface Issue {
  /** Where the bad value was: body, querystring, params, headers (or a domain-defined place). */
  location?: string;
  /** JSON pointer to the bad value inside `location`; empty for the whole value. */
  path: string;
  code: string;
  message: string;
}

export interface AppErrorOptions {
  cause?: unknown;
  issues?: Issue[];
  /** Sent as `Retry-After` (seconds) for RATE_LIMITED and UNAVAILABLE. */
  retryAfterSeconds?: number;
}

export class AppError extends Error {
  readonly kind: ErrorKind;
  /** Stable, UPPER_SNAKE; clients may branch on it, so never rename one. */
  readonly code: string;
  readonly issues: Issue[] | undefined;
  readonly retryAfterSeconds: number | undefined;

  /** `detail` is sent to the client: keep secrets, stack traces and personal data out of it. */
  constructor(kind: ErrorKind, code: string, detail: string, options: AppErrorOptions = {}) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.kind = kind;
    this.code = code;
    this.issues = options.issues;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

/**
 * Declares one catalog entry: a factory that always makes the same kind and code with the
 * entry's message, so no code or message is written twice.
 *
 *   orderNotFound: defineError('NOT_FOUND', 'ORDER_NOT_FOUND', (orderId: string) => `No order ${orderId}.`),
 *   throw errors.orderNotFound('SO-1');
 *   throw errors.eventsInvalid.with({ issues })('3 of 4 events are invalid');
 */
export type ErrorFactory<A extends unknown[]> = ((...args: A) => AppError) & {
  readonly kind: ErrorKind;
  readonly code: string;
  /** The same error carrying issues, a Retry-After or a cause. */
  with(options: AppErrorOptions): (...args: A) => AppError;
};

export function defineError<A extends unknown[]>(
  kind: ErrorKind,
  code: string,
  detail: (...args: A) => string,
): ErrorFactory<A> {
  const make =
    (options: AppErrorOptions) =>
    (...args: A) =>
      new AppError(kind, code, detail(...args), options);
  return Object.assign(make({}), { kind, code, with: make });
}
