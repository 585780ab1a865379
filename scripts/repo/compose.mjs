// What a complete docker-compose.yml has: every service under services/ built from the repo with
// its SERVICE and HTTP_PORT (infra/services.tsv), the broker, PostgreSQL and a mail catcher, and
// no secret with a default (a secret comes from .env or compose refuses to start).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importFrom, loadServices } from '../docs/services.mjs';
import { buildProblems, envProblems, healthProblems, portProblems } from './compose-runtime.mjs';
import { yaml } from './yaml.mjs';

const SECRET = /PASSWORD|SECRET|TOKEN|API_KEYS|_KEY$/;
const INFRA = ['kafka', 'postgres', 'mailpit', 'topics'];

export function readCompose(root) {
  return yaml.load(readFileSync(join(root, 'docker-compose.yml'), 'utf8'));
}

export function servicePorts(root) {
  return new Map(
    readFileSync(join(root, 'infra', 'services.tsv'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'))
      .map((l) => l.split('\t'))
      .map(([name, port]) => [name, Number(port)]),
  );
}

export function envExampleNames(root) {
  return new Set(
    readFileSync(join(root, '.env.example'), 'utf8')
      .split('\n')
      .map((l) => /^([A-Z][A-Z0-9_]*)=/.exec(l)?.[1])
      .filter(Boolean),
  );
}

/** Why a value with a secret's name is not "from .env, no default". */
function secretProblem(name, value) {
  const text = String(value);
  if (/^\$\{[A-Z0-9_]+:?-[^}]/.test(text)) return `${name} has a default`;
  // From .env: required (:?), or empty when unset (:- with nothing after it).
  if (!/^\$\{[A-Z0-9_]+(:\?[^}]*|:-)?\}$/.test(text)) return `${name} has a literal value`;
  return undefined;
}

/**
 * Every way `doc` falls short of a complete compose file that would start; empty when none.
 * `envSchemas` (service directory → zod env schema) and `root` (for build contexts) are optional.
 */
export function composeProblems(doc, { serviceDirs, ports, envNames, envSchemas, root }) {
  const problems = [
    ...(envSchemas ? envProblems(doc, envSchemas) : []),
    ...(root ? buildProblems(doc, root) : []),
    ...portProblems(doc, serviceDirs),
    ...healthProblems(doc),
  ];
  const services = doc?.services ?? {};
  for (const name of INFRA) if (!services[name]) problems.push(`no ${name} service`);
  for (const dir of serviceDirs) {
    const s = services[dir];
    if (!s) {
      problems.push(`no ${dir} service`);
      continue;
    }
    if (!s.build) problems.push(`${dir} is not built from the repository`);
    const env = s.environment ?? {};
    if (env.SERVICE !== dir) problems.push(`${dir}: SERVICE is ${env.SERVICE}`);
    if (Number(env.HTTP_PORT) !== ports.get(dir)) problems.push(`${dir}: HTTP_PORT ${env.HTTP_PORT}, infra/services.tsv says ${ports.get(dir)}`);
    for (const dep of ['kafka', 'postgres'])
      if (!s.depends_on?.[dep]) problems.push(`${dir} does not wait for ${dep}`);
    if (s.depends_on?.topics?.condition !== 'service_completed_successfully')
      problems.push(`${dir} does not wait for the topology command`);
  }
  for (const [service, s] of Object.entries(services)) {
    for (const [name, value] of Object.entries(s.environment ?? {})) {
      if (SECRET.test(name)) {
        const p = secretProblem(name, value);
        if (p) problems.push(`${service}: ${p}`);
      }
    }
  }
  const text = JSON.stringify(doc);
  for (const m of text.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g))
    if (!envNames.has(m[1])) problems.push(`\${${m[1]}} is not in .env.example`);
  return [...new Set(problems)];
}

export function serviceDirs(root) {
  return readdirSync(join(root, 'services')).sort();
}

/** Each service's env schema, as it parses it at start (from the built services: pnpm build). */
export async function envSchemas(root) {
  const { serviceEnv } = await importFrom(root, 'packages/runtime/dist/index.js');
  return new Map((await loadServices(root)).map(({ dir, def }) => [dir, def.env ?? serviceEnv]));
}

/** Everything composeProblems compares the file with, read from the repository. */
export async function composeFacts(root) {
  return {
    serviceDirs: serviceDirs(root),
    ports: servicePorts(root),
    envNames: envExampleNames(root),
    envSchemas: await envSchemas(root),
    root,
  };
}

// node scripts/repo/compose.mjs: the check without the test runner.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const problems = composeProblems(readCompose(root), await composeFacts(root));
  if (problems.length === 0) console.log('docker-compose.yml: complete, and nothing in it compose would refuse');
  else {
    console.error(`docker-compose.yml:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
}
