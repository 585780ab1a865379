// docs/openapi/<service>.json: each service's HTTP app built in-process the way the runtime
// builds it (same http package, same routes plugin), without a database or broker. Routes keep
// their adapters at registration; one that reads at registration (ingestion seeds its feed
// metrics) gets an empty database, and the broker stand-in refuses every call.
import { importFrom } from './services.mjs';

const refuse = new Proxy(
  {},
  { get: (_t, key) => (key === 'then' ? undefined : () => Promise.reject(new Error('docs: no I/O'))) },
);
const emptyDatabase = new Proxy(
  {},
  {
    get: (_t, key) => {
      if (key === 'then') return undefined;
      if (key === 'query') return async () => ({ rows: [], rowCount: 0 });
      if (key === 'connect') return async () => ({ query: async () => ({ rows: [], rowCount: 0 }), release: () => {} });
      return () => Promise.reject(new Error('docs: no I/O'));
    },
  },
);

// Candidate values for required variables, tried in order until the schema takes one.
const STAND_INS = ['0', 'postgres://docs@127.0.0.1:1/docs', '127.0.0.1:1', '{}', '[]', 'docs-stand-in-value-0123456789abcdef'];

/** The service's config from its own schema, required variables given stand-in values. */
export function standInConfig(schema) {
  const env = {};
  for (const [name, field] of Object.entries(schema.shape)) {
    if (field.safeParse(undefined).success) continue;
    const value = STAND_INS.find((v) => field.safeParse(v).success);
    if (value === undefined) throw new Error(`docs: no stand-in value satisfies ${name}`);
    env[name] = value;
  }
  return schema.parse(env);
}

export async function openApiDocuments(root, services) {
  const http = await importFrom(root, 'packages/http/dist/index.js');
  const observability = await importFrom(root, 'packages/observability/dist/index.js');
  const { serviceEnv } = await importFrom(root, 'packages/runtime/dist/index.js');
  const docs = new Map();
  for (const { def } of services) {
    const config = standInConfig(def.env ?? serviceEnv);
    const logger = observability.createLogger({ name: def.name, level: 'silent' });
    const metrics = observability.createMetricsRegistry(def.name);
    const app = await http.buildHttpApp({
      service: def.name,
      version: def.version ?? '0.1.0',
      logger,
      metrics,
      readiness: {},
      openapi: def.openapi ?? { title: `Forewarn ${def.name}`, description: `${def.name} service` },
      security: {},
      auth: { keys: [] },
    });
    const ctx = {
      name: def.name,
      config,
      logger,
      metrics,
      pool: emptyDatabase,
      kafka: refuse,
      producer: refuse,
      topic: (n) => n,
      now: () => new Date(0),
    };
    if (def.routes) await def.routes(app, ctx);
    await app.ready();
    docs.set(def.name, app.swagger());
    await app.close();
  }
  return docs;
}
