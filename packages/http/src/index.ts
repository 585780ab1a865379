export { buildHttpApp, type HttpApp, type HttpAppOptions } from './app.js';
export { listen, type ListenOptions, type RunningServer } from './listen.js';
// Errors and their one catalog are the platform kit's; route code raises them from here.
export {
  AppError,
  defineError,
  errorCatalog,
  errorKinds,
  errors,
  isAppError,
  type AppErrorOptions,
  type ErrorFactory,
  type ErrorKind,
  type Issue,
} from '@forewarn/platform';
export {
  PROBLEM_CONTENT_TYPE,
  problemResponses,
  problemSchema,
  problemType,
  toProblem,
  type Problem,
} from './problem.js';
export {
  API_KEY_SCHEME,
  DEFAULT_API_KEY_HEADER,
  DOCS_PREFIX,
  type ApiKeySecurityOptions,
  type OpenApiOptions,
} from './openapi.js';
export { idFilter } from './query-filters.js';
export { runReadinessChecks, type ReadinessCheck, type ReadinessReport } from './readiness.js';
export { CORRELATION_ID_HEADER, REQUEST_ID_HEADER } from './request-context.js';
export {
  authenticate,
  buildKeyTable,
  checkRole,
  principalOf,
  type ApiKeyAuthOptions,
} from './auth/api-key-auth.js';
export { openScope, type RouteAccess } from './auth/access.js';
export { accessTable, documentedAccess } from './auth/access-table.js';
export { PROTOTYPE_KEYS, prototypeProbe, type ProbeRequest } from './auth/probe.js';
export {
  apiKeyEntriesSchema,
  apiKeysFromJson,
  canSeeCustomer,
  roles,
  scopeToCustomer,
  type ApiKeyEntry,
  type Principal,
  type Role,
} from './auth/principal.js';
export type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
