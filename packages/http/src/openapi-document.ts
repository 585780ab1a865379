import type { OpenAPIV3_1 } from 'openapi-types';

/**
 * What OpenAPI tools (redocly lint, client generators) require of a document and fastify's
 * routes do not say by themselves: a server, a unique operationId and a summary on every
 * operation, `security` on every operation, and path templates whose names are identifiers.
 * Pure functions over the generated document, applied once in `registerOpenApi`.
 */

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
type Method = (typeof METHODS)[number];
type Operation = OpenAPIV3_1.OperationObject;
/** Loosely typed: openapi-types' 3.1 path item mixes 3.0 operation types in. */
type PathItem = Partial<Record<Method, Operation>> & Record<string, unknown>;

/** The path name fastify's wildcard `*` is documented under (`{*}` is not a valid template). */
export const WILDCARD_PARAM = 'rest';

function words(path: string): string[] {
  return path
    .split('/')
    .filter((s) => s.length > 0)
    .flatMap((segment) => {
      const param = /^\{(.+)\}$/.exec(segment);
      const parts = (param ? param[1]! : segment).split(/[^A-Za-z0-9]+/).filter(Boolean);
      return param ? ['by', ...parts] : parts;
    });
}

/**
 * `GET /v1/orders/{orderId}/promise` → `getV1OrdersByOrderIdPromise`: method and path decide it,
 * so it is stable across runs and unique while method + path is.
 */
export function operationIdOf(method: string, path: string): string {
  const capital = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  return method.toLowerCase() + words(path).map(capital).join('');
}

function renameWildcard(path: string, item: PathItem): { path: string; item: PathItem } {
  if (!path.includes('{*}')) return { path, item };
  const operations = Object.fromEntries(
    METHODS.filter((m) => item[m]).map((m) => {
      const op = item[m]!;
      const parameters = (op.parameters as OpenAPIV3_1.ParameterObject[] | undefined)?.map((p) =>
        p.in === 'path' && p.name === '*'
          ? { ...p, name: WILDCARD_PARAM, description: p.description ?? 'the rest of the path' }
          : p,
      );
      return [m, { ...op, ...(parameters ? { parameters } : {}) }];
    }),
  );
  return { path: path.replace('{*}', `{${WILDCARD_PARAM}}`), item: { ...item, ...operations } };
}

function firstSentence(text: string | undefined): string | undefined {
  const sentence = text?.split(/(?<=\.)\s|\n/)[0]?.trim();
  return sentence ? sentence.replace(/\.$/, '') : undefined;
}

function finishOperation(
  method: Method,
  path: string,
  op: Operation,
  taken: Set<string>,
): Operation {
  let operationId = op.operationId ?? operationIdOf(method, path);
  for (let n = 2; taken.has(operationId); n++) operationId = `${operationIdOf(method, path)}${n}`;
  taken.add(operationId);
  return {
    ...op,
    operationId,
    summary: op.summary ?? firstSentence(op.description) ?? `${method.toUpperCase()} ${path}`,
    // An operation without a requirement is open: say so, rather than leave it to a root default.
    security: op.security ?? [],
  };
}

/** The document with servers, operationIds, summaries, security and wildcard names filled in. */
export function finishOpenApiDocument<T extends Partial<OpenAPIV3_1.Document>>(doc: T): T {
  const taken = new Set<string>();
  const paths: Record<string, PathItem> = {};
  for (const [rawPath, rawItem] of Object.entries(doc.paths ?? {})) {
    if (!rawItem) continue;
    const { path, item } = renameWildcard(rawPath, rawItem as PathItem);
    const finished: PathItem = { ...item };
    for (const m of METHODS) {
      const op = item[m];
      if (op) finished[m] = finishOperation(m, path, op, taken);
    }
    paths[path] = finished;
  }
  return {
    ...doc,
    servers: doc.servers?.length
      ? doc.servers
      : [{ url: '/', description: 'The service itself: each service serves its own API' }],
    paths: paths as OpenAPIV3_1.PathsObject,
  };
}
