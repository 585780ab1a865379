import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { findCycles } from './cycles.mjs';
import { kitCopies } from './platform-kit.mjs';
import { topicCreations } from './topic-creation.mjs';

function tree(files) {
  const root = mkdtempSync(join(tmpdir(), 'forewarn-check-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

test('an import cycle through a type-only import is found, naming its files', async () => {
  const root = tree({
    'src/a.ts': "import { b } from './b.js';\nexport const a = (): number => b() + 1;\n",
    'src/b.ts':
      "import type { Seed } from './c.js';\nexport const b = (): number => 1;\nexport type { Seed };\n",
    'src/c.ts': "import { a } from './a.js';\nexport type Seed = ReturnType<typeof a>;\n",
  });
  const cycles = await findCycles(['src'], { cwd: root });
  assert.equal(cycles.length, 1);
  assert.deepEqual([...new Set(cycles[0])].sort(), ['src/a.ts', 'src/b.ts', 'src/c.ts']);
});

test('a one-way graph has no cycle', async () => {
  const root = tree({
    'src/a.ts': "import { b } from './b.js';\nexport const a = (): number => b() + 1;\n",
    'src/b.ts': 'export const b = (): number => 1;\n',
  });
  assert.deepEqual(await findCycles(['src'], { cwd: root }), []);
});

test('a service, the runtime or the simulator creating a topic is reported; tests and comments are not', () => {
  const root = tree({
    'services/x/src/service.ts':
      'export async function up(admin) {\n  await admin.createTopics({ topics: [] });\n}\n',
    'services/x/src/service.int.test.ts': 'await env.createTopics([]);\n',
    'services/x/src/testing/env.ts': 'await env.createTopics([]);\n',
    'services/y/src/ok.ts':
      '// topics are not created here (no createTopics() call)\nexport const y = 1;\n',
    'packages/runtime/src/service.ts': 'await ensureTopics(admin, specs);\n',
    'packages/simulator/src/publish.ts': 'await ensureTopics(admin, specs);\n',
    'packages/kafka/src/topology.ts': 'await admin.createTopics({ topics });\n',
  });
  assert.deepEqual(topicCreations(root), [
    'services/x/src/service.ts:2: await admin.createTopics({ topics: [] });',
    'packages/runtime/src/service.ts:1: await ensureTopics(admin, specs);',
    'packages/simulator/src/publish.ts:1: await ensureTopics(admin, specs);',
  ]);
});

test('a tree where no service creates a topic passes', () => {
  const root = tree({ 'services/x/src/service.ts': 'export const topics = [];\n' });
  assert.deepEqual(topicCreations(root), []);
});

test('a copy of a platform-kit mechanism outside packages/platform is reported; the kit, tests and listed adapters are not', () => {
  const root = tree({
    'services/x/src/ids.ts':
      "import { randomUUID } from 'node:crypto';\nexport const newId = () => randomUUID();\n",
    'services/x/src/sign.ts':
      "export const sig = (s, b) => createHmac('sha256', s).update(b).digest('hex');\n",
    'services/x/src/retry.ts':
      'export const delay = (attempt) => Math.min(5_000, 100 * 2 ** attempt);\nexport const mib = 2 ** 20;\n',
    'services/x/src/loop.ts': 'setInterval(tick, 1_000);\n',
    'services/x/src/policy.ts': 'const at = now + fullJitterDelay(attempt, backoff);\n',
    'services/x/src/page.ts': "const cursor = Buffer.from(JSON.stringify(last)).toString('base64url');\n",
    'services/x/src/decode.ts': 'const event = decodeEvent(msg.value).event;\n',
    'services/x/src/decode.test.ts': 'const event = decodeEvent(msg.value).event;\n',
    'packages/cli/src/dlq.ts': 'const event = decodeEvent(value).event;\n',
    'packages/platform/src/ids.ts': 'export const v4 = () => randomUUID();\n',
    'packages/edi/src/webhooks/signatures.ts': "createHmac('sha256', secret);\n",
  });
  assert.deepEqual(
    kitCopies(root).map((f) => f.replace(/ \[.*$/, '') + ' ' + f.match(/\[(\w+):/)[1]),
    [
      'services/x/src/decode.ts:1: decoding',
      'services/x/src/ids.ts:2: ids',
      'services/x/src/loop.ts:1: polling',
      'services/x/src/page.ts:1: cursor',
      'services/x/src/policy.ts:1: retry',
      'services/x/src/retry.ts:1: backoff',
      'services/x/src/sign.ts:1: signing',
    ],
  );
});

test('this repository keeps ids, signing, backoff, retry, polling, cursors and decoding in the platform kit', () => {
  assert.deepEqual(kitCopies(), []);
});
