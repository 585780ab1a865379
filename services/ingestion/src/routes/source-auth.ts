import {
  API_KEY_SCHEME,
  authenticate,
  buildKeyTable,
  checkRole,
  DEFAULT_API_KEY_HEADER as API_KEY_HEADER,
  errors,
  openScope,
  problemResponses,
  type ApiKeyEntry,
} from '@forewarn/http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SIGNATURE_HEADER, verify } from '@forewarn/platform';

/** Names the source system whose secret signed the request. */
export const SOURCE_HEADER = 'x-forewarn-source';
const CREDENTIAL_HEADERS = `${SOURCE_HEADER}, ${SIGNATURE_HEADER}`;

declare module 'fastify' {
  interface FastifyRequest {
    /** The body exactly as received: what an HMAC signature covers. */
    rawBody?: string;
  }
}

export interface SourceAuthOptions {
  keys: readonly ApiKeyEntry[];
  secrets: Readonly<Record<string, string>>;
  toleranceSeconds: number;
  now: () => Date;
}

const header = (request: FastifyRequest, name: string) => {
  const v = request.headers[name];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
};

/**
 * Authenticates a source system by API key (x-api-key, role `source`) or by the platform
 * signature (`forewarn-signature: t=…,v1=…`, the format our own webhooks carry) made with the
 * source's secret. Keys are checked before the body is
 * read; signatures once it is, and always before validation. Registers raw-body parsers for the
 * scope (JSON and X12 text).
 */
export async function sourceAuth(app: FastifyInstance, opts: SourceAuthOptions): Promise<void> {
  const keys = buildKeyTable(opts.keys);
  // A Map: the source named in a header must never find a prototype member ("constructor").
  const secrets = new Map(Object.entries(opts.secrets));
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    request.rawBody = body as string;
    try {
      done(null, body === '' ? undefined : (JSON.parse(body as string) as unknown));
    } catch {
      done(errors.bodyNotJson(), undefined);
    }
  });
  app.addContentTypeParser(
    ['text/plain', 'application/edi-x12'],
    { parseAs: 'string' },
    (request, body, done) => {
      request.rawBody = body as string;
      done(null, body);
    },
  );

  // Open to the app's API-key guard: this scope checks its own credential, per source system.
  openScope(app, 'source key (x-api-key, role source) or the source HMAC signature');
  app.addHook('onRoute', (route) => {
    const schema = route.schema ?? {};
    route.schema = {
      ...schema,
      security: [{ [API_KEY_SCHEME]: [] }],
      response: { ...problemResponses(401, 403), ...((schema.response ?? {}) as object) },
    } as typeof schema;
  });

  app.addHook('onRequest', async (request) => {
    const key = header(request, API_KEY_HEADER);
    if (key) {
      // The app's own key check, with the one role this scope admits.
      const principal = authenticate(keys, key, API_KEY_HEADER);
      checkRole(principal, ['source']);
      if (!principal.sourceSystem) throw errors.roleNotAllowed(principal.role, ['source']);
      request.principal = principal;
      return;
    }
    if (!header(request, SIGNATURE_HEADER)) {
      throw errors.credentialsMissing(CREDENTIAL_HEADERS);
    }
  });

  app.addHook('preValidation', async (request) => {
    if (request.principal) return;
    const source = header(request, SOURCE_HEADER) ?? '';
    const secret = secrets.get(source);
    if (!secret) {
      throw errors.sourceUnknown(source === '' ? 'an unnamed source' : source);
    }
    const check = verify({
      secret,
      header: header(request, SIGNATURE_HEADER),
      rawBody: request.rawBody ?? '',
      now: opts.now(),
      toleranceSeconds: opts.toleranceSeconds,
    });
    if (!check.ok) {
      throw check.reason === 'outside_tolerance'
        ? errors.signatureStale(check.detail)
        : errors.signatureInvalid(check.detail);
    }
    request.principal = { role: 'source', sourceSystem: source, name: 'hmac' };
  });
}

/** The authenticated source system of a request guarded by sourceAuth. */
export function sourceOf(request: FastifyRequest): string {
  const source = request.principal?.sourceSystem;
  if (!source) throw errors.credentialsMissing(CREDENTIAL_HEADERS);
  return source;
}
