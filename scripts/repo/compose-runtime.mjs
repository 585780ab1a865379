// What docker compose would find wrong only when it runs (no Docker engine here, so read from the
// file): a service's environment its configuration refuses, a build context or Dockerfile that is
// not there, an image without a pinned tag, two services on one host port, a long-running service
// without a healthcheck, a dependency on a health or a completion that can never come.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Variables a container reads that are no service's configuration: the image's start command
 * picks the service with SERVICE and caps its heap with SERVICE_HEAP_MB and SERVICE_SEMI_SPACE_MB (infra/Dockerfile).
 */
const CONTAINER_ENV = new Set(['SERVICE', 'SERVICE_HEAP_MB', 'SERVICE_SEMI_SPACE_MB']);

const INTERPOLATION = /\$\{([A-Z][A-Z0-9_]*)(?::?([-?])([^}]*))?\}/g;

/**
 * The value the container sees when .env leaves every variable empty: a `${X:-default}` is its
 * default; undefined when a `${X:?…}` or `${X}` makes the whole value the operator's to give.
 * Inside a longer value (a URL) such a variable stands for a placeholder.
 */
function valueWhenEnvEmpty(value) {
  const text = String(value);
  const whole = /^\$\{[A-Z][A-Z0-9_]*(?::?([-?])([^}]*))?\}$/.exec(text);
  if (whole) return whole[1] === '-' ? whole[2] : undefined;
  return text.replace(INTERPOLATION, (_, _name, op, arg) => (op === '-' ? arg : 'placeholder'));
}

/**
 * `envSchemas`: service directory → its zod env schema (the one the service parses at start).
 * Every variable its schema requires is set; every variable set is one it reads; every value
 * compose fixes (a literal, or a default used while .env leaves it empty) passes the schema.
 */
export function envProblems(doc, envSchemas) {
  const problems = [];
  for (const [dir, schema] of envSchemas) {
    const s = doc?.services?.[dir];
    if (!s) continue;
    const shape = schema.shape;
    const env = s.environment ?? {};
    for (const name of Object.keys(shape))
      if (!shape[name].safeParse(undefined).success && !(name in env))
        problems.push(`${dir}: ${name} is required by its configuration and not set`);
    const fixed = {};
    for (const [name, value] of Object.entries(env)) {
      if (CONTAINER_ENV.has(name)) continue;
      if (!(name in shape)) {
        problems.push(`${dir}: ${name} is set but its configuration does not read it`);
        continue;
      }
      const seen = valueWhenEnvEmpty(value);
      if (seen !== undefined) fixed[name] = seen;
    }
    // The whole schema, for its cross-field rules too; only issues about values compose fixes.
    const parsed = schema.safeParse(fixed);
    for (const issue of parsed.success ? [] : parsed.error.issues) {
      const name = issue.path[0];
      if (typeof name === 'string' && name in fixed)
        problems.push(
          `${dir}: ${name}=${JSON.stringify(fixed[name])} is refused: ${issue.message}`,
        );
    }
  }
  return problems;
}

/** The TypeScript source a built `…/dist/x.js` comes from. */
const sourceOf = (built) => built.replace(/\/dist\//, '/src/').replace(/\.js$/, '.ts');

/**
 * Every build context and Dockerfile exists, and the program each built container runs (its
 * command, or the image's services/$SERVICE/dist/main.js) has its source; every image names a
 * tag other than latest.
 */
export function buildProblems(doc, root) {
  const problems = [];
  for (const [name, s] of Object.entries(doc?.services ?? {})) {
    if (s.build) {
      const command = Array.isArray(s.command) ? s.command : [];
      const program =
        command[0] === 'node'
          ? command[1]
          : s.environment?.SERVICE && `services/${s.environment.SERVICE}/dist/main.js`;
      if (program && !existsSync(join(root, sourceOf(program))))
        problems.push(`${name}: runs ${program}, which nothing in the repository builds`);
    }
    if (s.build) {
      const build = typeof s.build === 'string' ? { context: s.build } : s.build;
      const context = join(root, build.context ?? '.');
      if (!existsSync(context))
        problems.push(`${name}: build context ${build.context} does not exist`);
      else if (!existsSync(join(context, build.dockerfile ?? 'Dockerfile')))
        problems.push(
          `${name}: ${build.dockerfile ?? 'Dockerfile'} does not exist in ${build.context}`,
        );
    } else if (!s.image) {
      problems.push(`${name}: neither an image nor a build`);
    }
    const last = s.image?.split('/').pop();
    if (last !== undefined && (!/[:@]/.test(last) || last.endsWith(':latest')))
      problems.push(`${name}: image ${s.image} is not pinned to a version`);
  }
  return problems;
}

/** `{ hostIp, host, container }` of each published port, short or long syntax. */
export function publishedPorts(s) {
  return (s.ports ?? []).flatMap((p) => {
    if (typeof p === 'object') {
      return p.published === undefined
        ? []
        : [
            {
              hostIp: p.host_ip ?? '0.0.0.0',
              host: Number(p.published),
              container: Number(p.target),
            },
          ];
    }
    const parts = String(p)
      .replace(/\/(tcp|udp)$/, '')
      .split(':');
    if (parts.length === 1) return []; // a container port on a random host port
    const [container, host, hostIp = '0.0.0.0'] = parts.reverse();
    return [{ hostIp, host: Number(host), container: Number(container) }];
  });
}

/** No two services publish the same host port on overlapping addresses; a service's API port is its HTTP_PORT. */
export function portProblems(doc, serviceDirs) {
  const problems = [];
  const taken = [];
  for (const [name, s] of Object.entries(doc?.services ?? {})) {
    for (const p of publishedPorts(s)) {
      const clash = taken.find(
        (t) =>
          t.host === p.host &&
          (t.hostIp === p.hostIp || t.hostIp === '0.0.0.0' || p.hostIp === '0.0.0.0'),
      );
      if (clash) problems.push(`${name} and ${clash.name} both publish host port ${p.host}`);
      taken.push({ ...p, name });
    }
    if (serviceDirs.includes(name)) {
      const port = Number(s.environment?.HTTP_PORT);
      if (!publishedPorts(s).some((p) => p.container === port))
        problems.push(`${name}: no published port reaches its HTTP_PORT ${port}`);
    }
  }
  return problems;
}

const isOneShot = (doc, name) =>
  Object.values(doc?.services ?? {}).some(
    (s) => s.depends_on?.[name]?.condition === 'service_completed_successfully',
  );

/**
 * Every service that keeps running has a healthcheck (a one-shot, such as the topology command,
 * is waited for by its completion instead, and must not be restarted); every dependency names a
 * service, and waits for a health it has or a completion it reaches.
 */
export function healthProblems(doc) {
  const problems = [];
  const services = doc?.services ?? {};
  for (const [name, s] of Object.entries(services)) {
    if (isOneShot(doc, name)) {
      if (s.restart !== 'no')
        problems.push(
          `${name}: a one-shot others wait to complete, but restart is ${s.restart ?? 'unset'}`,
        );
    } else if (!s.healthcheck?.test || s.healthcheck.disable) {
      problems.push(`${name}: no healthcheck`);
    }
    const deps = Array.isArray(s.depends_on)
      ? Object.fromEntries(s.depends_on.map((d) => [d, {}]))
      : (s.depends_on ?? {});
    for (const [dep, how] of Object.entries(deps)) {
      if (!services[dep]) problems.push(`${name} depends on ${dep}, which is not a service`);
      else if (how?.condition === 'service_healthy' && !services[dep].healthcheck?.test)
        problems.push(`${name} waits for ${dep} to be healthy, which has no healthcheck`);
    }
  }
  return problems;
}
