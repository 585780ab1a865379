import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { composeFacts, composeProblems, readCompose } from './compose.mjs';
import { yaml } from './yaml.mjs';

// docker compose itself cannot run here (no Docker engine): these tests read the file's structure
// and hold each service's environment to the env schema it parses at start (run pnpm build first).
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const facts = await composeFacts(ROOT);

test('docker-compose.yml has every service, the broker, PostgreSQL, a mail catcher and no default secret, and would start', () => {
  assert.deepEqual(composeProblems(readCompose(ROOT), facts), []);
});

test("a compose file whose services' configuration would refuse to start, or that would not build, bind or turn healthy, is refused", () => {
  const doc = readCompose(ROOT);
  const env = (name) => doc.services[name].environment;
  delete env('shipment').KAFKA_BROKERS;
  env('order').ORDER_BATCH_SIZ = 50;
  env('notification').SMTP_PORT = '${SMTP_PORT:-smtp}';
  env('notification').TRACKING_BASE_URL = 'track.example.com';
  doc.services.topics.build = { context: '.', dockerfile: 'infra/Containerfile' };
  doc.services.kafka.image = 'apache/kafka';
  doc.services.mailpit.ports = ['127.0.0.1:8025:8025', '4102:8025'];
  delete doc.services.mailpit.healthcheck;
  doc.services.ingestion.healthcheck = undefined;
  doc.services.topics.restart = 'unless-stopped';
  doc.services.order.environment.SERVICE = 'orders';
  doc.services.topics.command = ['node', 'packages/cli/dist/topics.js'];
  assert.deepEqual(composeProblems(doc, facts).sort(), [
    'ingestion: no healthcheck',
    'kafka: image apache/kafka is not pinned to a version',
    'mailpit: no healthcheck',
    'notification waits for mailpit to be healthy, which has no healthcheck',
    'notification: SMTP_PORT="smtp" is refused: Invalid input: expected number, received NaN',
    'notification: TRACKING_BASE_URL="track.example.com" is refused: Invalid URL',
    'order: ORDER_BATCH_SIZ is set but its configuration does not read it',
    'order: SERVICE is orders',
    'order: runs services/orders/dist/main.js, which nothing in the repository builds',
    'shipment and mailpit both publish host port 4102',
    'shipment: KAFKA_BROKERS is required by its configuration and not set',
    'topics: a one-shot others wait to complete, but restart is unless-stopped',
    'topics: infra/Containerfile does not exist in .',
    'topics: runs packages/cli/dist/topics.js, which nothing in the repository builds',
  ]);
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
    'ingestion: SOURCE_HMAC_SECRETS="{\\"erp\\":\\"changeme\\"}" is refused: Too small: expected string to have >=16 characters',
    'no mailpit service',
    'no shipment service',
    'notification does not wait for the topology command',
    'order: HTTP_PORT 9999, infra/services.tsv says 4101',
    'order: no published port reaches its HTTP_PORT 9999',
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
