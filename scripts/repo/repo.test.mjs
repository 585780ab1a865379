import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { composeProblems, envExampleNames, readCompose, serviceDirs, servicePorts } from './compose.mjs';
import { yaml } from './yaml.mjs';

// docker compose itself cannot run here (no Docker engine): these tests read the file's structure.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const facts = { serviceDirs: serviceDirs(ROOT), ports: servicePorts(ROOT), envNames: envExampleNames(ROOT) };

test('docker-compose.yml has every service, the broker, PostgreSQL, a mail catcher and no default secret', () => {
  assert.deepEqual(composeProblems(readCompose(ROOT), facts), []);
});

test('a compose file missing a service, or with a secret that has a default, is refused', () => {
  const doc = readCompose(ROOT);
  delete doc.services.shipment;
  delete doc.services.mailpit;
  doc.services.postgres.environment.POSTGRES_PASSWORD = 'postgres';
  doc.services.ingestion.environment.SOURCE_HMAC_SECRETS = '${SOURCE_HMAC_SECRETS:-{"erp":"changeme"}}';
  doc.services.order.environment.HTTP_PORT = 9999;
  doc.services.notification.depends_on = { kafka: {}, postgres: {} };
  assert.deepEqual(composeProblems(doc, facts).sort(), [
    'ingestion: SOURCE_HMAC_SECRETS has a default',
    'no mailpit service',
    'no shipment service',
    'notification does not wait for the topology command',
    'order: HTTP_PORT 9999, infra/services.tsv says 4101',
    'postgres: POSTGRES_PASSWORD has a literal value',
  ]);
});

test('the GitHub workflow runs .ci/run on ubuntu with Node 20, Java 17 and a PostgreSQL service', () => {
  const wf = yaml.load(readFileSync(join(ROOT, '.github/workflows/ci.yml'), 'utf8'));
  const job = wf.jobs.test;
  assert.match(job['runs-on'], /^ubuntu-/);
  assert.match(job.services.postgres.image, /^postgres:15/);
  const step = (action) => job.steps.find((s) => s.uses?.startsWith(action));
  assert.equal(String(step('actions/setup-node').with['node-version']), '20');
  assert.equal(String(step('actions/setup-java').with['java-version']), '17');
  assert.ok(job.steps.some((s) => s.run === 'bash .ci/run'));
});

test('the repository has a licence, a contributing guide, an architecture map and the stack scripts', () => {
  assert.match(readFileSync(join(ROOT, 'LICENSE'), 'utf8'), /Apache License\s+Version 2\.0, January 2004/);
  for (const f of ['CONTRIBUTING.md', 'ARCHITECTURE.md', 'infra/stack-up.sh', 'infra/stack-down.sh'])
    assert.ok(existsSync(join(ROOT, f)), f);
  const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts;
  assert.equal(scripts['stack:up'], 'bash infra/stack-up.sh');
  assert.equal(scripts['stack:down'], 'bash infra/stack-down.sh');
});
