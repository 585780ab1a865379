import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { composeFacts, composeProblems, readCompose } from './compose.mjs';
import { yaml } from './yaml.mjs';

// No Docker engine here, so the stack cannot be started in containers: these tests read the file's structure
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
  doc.services.ingestion.environment.SOURCE_HMAC_SECRETS =
    '${SOURCE_HMAC_SECRETS:-{"erp":"changeme"}}';
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

// Debian's docker-compose (1.29) parses and validates a compose file without an engine: the real
// parser's verdict on top of the structural checks above. infra/test.sh installs it when apt can.
const composeCli = spawnSync('docker-compose', ['version'], { encoding: 'utf8' }).status === 0;
test(
  "docker compose's own parser accepts the file with .env filled in, and refuses it with .env.example as shipped",
  { skip: composeCli ? false : 'docker-compose is not installed (apt-get install docker-compose)' },
  () => {
    const config = (envFile) =>
      spawnSync(
        'docker-compose',
        ['-f', join(ROOT, 'docker-compose.yml'), '--env-file', envFile, 'config', '-q'],
        {
          cwd: ROOT,
          encoding: 'utf8',
        },
      );
    const dir = mkdtempSync(join(tmpdir(), 'forewarn-compose-'));
    const shipped = readFileSync(join(ROOT, '.env.example'), 'utf8');
    const refused = config(join(ROOT, '.env.example'));
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /set POSTGRES_PASSWORD in \.env/);
    const filled = shipped
      .replace(/^POSTGRES_PASSWORD=$/m, 'POSTGRES_PASSWORD=a-long-test-password')
      .replace(/^API_KEYS=$/m, 'API_KEYS=test-key-0123456789:admin')
      .replace(/^SOURCE_HMAC_SECRETS=$/m, 'SOURCE_HMAC_SECRETS={"erp":"0123456789abcdef"}');
    writeFileSync(join(dir, '.env'), filled);
    const accepted = config(join(dir, '.env'));
    assert.equal(accepted.status, 0, accepted.stderr);
  },
);

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
  assert.match(
    readFileSync(join(ROOT, 'LICENSE'), 'utf8'),
    /Apache License\s+Version 2\.0, January 2004/,
  );
  for (const f of [
    'CONTRIBUTING.md',
    'ARCHITECTURE.md',
    'infra/stack-up.sh',
    'infra/stack-down.sh',
  ])
    assert.ok(existsSync(join(ROOT, f)), f);
  const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts;
  assert.equal(scripts['stack:up'], 'bash infra/stack-up.sh');
  assert.equal(scripts['stack:down'], 'bash infra/stack-down.sh');
});
