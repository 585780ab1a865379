/**
 * The one error catalog of the HTTP edge. Domain code throws an `AppError` naming a *kind* (what
 * went wrong, in business terms) and a stable *code* (which rule said so); only the error handler
 * turns kinds into status codes, so domain modules never think in HTTP.
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
 * Declares one catalog entry: a factory that always throws the same kind and code, so a
 * service's codes live in one file instead of string literals scattered across handlers.
 *
 *   export const OrderNotFound = defineError('NOT_FOUND', 'ORDER_NOT_FOUND',
 *     (orderId: string) => `No order ${orderId}.`);
 *   throw OrderNotFound('SO-1');
 */
export type ErrorFactory<A extends unknown[]> = ((...args: A) => AppError) & {
  readonly kind: ErrorKind;
  readonly code: string;
};

export function defineError<A extends unknown[]>(
  kind: ErrorKind,
  code: string,
  detail: (...args: A) => string,
): ErrorFactory<A> {
  const factory = (...args: A) => new AppError(kind, code, detail(...args));
  return Object.assign(factory, { kind, code });
}

/** Codes raised by this package itself. */
export const httpErrors = {
  routeNotFound: defineError(
    'NOT_FOUND',
    'ROUTE_NOT_FOUND',
    (method: string, path: string) => `No route ${method} ${path}.`,
  ),
  apiKeyMissing: defineError(
    'UNAUTHORIZED',
    'API_KEY_MISSING',
    (header: string) => `Send your API key in the ${header} header.`,
  ),
  apiKeyInvalid: defineError('UNAUTHORIZED', 'API_KEY_INVALID', () => 'The API key is not valid.'),
  roleNotAllowed: defineError(
    'FORBIDDEN',
    'ROLE_NOT_ALLOWED',
    (role: string, allowed: readonly string[]) =>
      `Role ${role} may not do this; allowed: ${allowed.join(', ')}.`,
  ),
  /** A customer key configured without its customer: a deployment mistake, refused outright. */
  customerOutOfScope: defineError(
    'FORBIDDEN',
    'CUSTOMER_OUT_OF_SCOPE',
    () => 'This API key only gives access to its own customer.',
  ),
  /**
   * A customer key naming another customer. 404, not 403, and the same whether that customer
   * exists or not, so a key cannot learn which customer ids are real.
   */
  customerNotFound: defineError(
    'NOT_FOUND',
    'CUSTOMER_NOT_FOUND',
    (customerId: string) => `No customer ${customerId} for this API key.`,
  ),
} as const;
