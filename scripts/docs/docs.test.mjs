import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { catalogDrift, raisedErrors } from './error-codes.mjs';
import { driftOf, generateDocs, writeDocs } from './generate.mjs';
import { importFrom, ROOT } from './services.mjs';

// These read the built code, as `pnpm docs` does: CI runs them after `pnpm build`.

test('docs:check passes on fresh documents and names the file a changed catalog entry makes stale', async () => {
  const out = mkdtempSync(join(tmpdir(), 'forewarn-docs-test-'));
  const files = await generateDocs(ROOT);
  writeDocs(out, files);
  assert.deepEqual(driftOf(out, files), []);

  const { catalogEntries } = await importFrom(ROOT, 'services/exception-detector/dist/domain/rules/catalog.js');
  const entry = catalogEntries.find((e) => e.caseType === 'late_shipment_risk');
  const trigger = entry.trigger;
  entry.trigger = 'promised ship date passes at end of business day';
  try {
    const changed = await generateDocs(ROOT);
    assert.deepEqual(driftOf(out, changed), ['docs/exception-catalog.md: differs from the code']);
    assert.match(changed.get('docs/exception-catalog.md'), /end of business day/);
  } finally {
    entry.trigger = trigger;
  }
});

test('a generated file that is missing, or an OpenAPI of a service that no longer exists, is drift', async () => {
  const out = mkdtempSync(join(tmpdir(), 'forewarn-docs-test-'));
  const files = new Map([
    ['docs/error-codes.md', '# Error codes\n'],
    ['docs/openapi/order.json', '{}\n'],
  ]);
  writeDocs(out, new Map([['docs/openapi/order.json', '{}\n'], ['docs/openapi/billing.json', '{}\n']]));
  assert.deepEqual(driftOf(out, files), [
    'docs/error-codes.md: missing',
    'docs/openapi/billing.json: no longer generated',
  ]);
});

test('the generated documents come from the code: AsyncAPI parties, env defaults, error codes, OpenAPI paths', async () => {
  const files = await generateDocs(ROOT);
  const asyncapi = JSON.parse(files.get('docs/asyncapi.json'));
  assert.deepEqual(asyncapi.operations.sendShipments['x-producers'], ['shipment']);
  assert.deepEqual(
    [...asyncapi.operations.receiveShipments['x-consumers']].sort(),
    ['exception-detector (exception-detector-domain)', 'notification (notification)', 'order (order)'],
  );
  assert.match(files.get('docs/configuration.md'), /\| `NO_SCAN_HOURS_DOMESTIC` \| `24` \| number \| Hours without a carrier scan/);
  assert.match(files.get('docs/error-codes.md'), /\| `API_KEY_INVALID` \| 401 \| UNAUTHORIZED \|/);
  assert.match(files.get('docs/error-codes.md'), /## Retired codes[^#]*\| `BAD_CURSOR` \| `INVALID_CURSOR` \|/);
  for (const name of ['order', 'shipment', 'exception-detector', 'notification', 'ingestion']) {
    const openapi = JSON.parse(files.get(`docs/openapi/${name}.json`));
    assert.equal(openapi.openapi, '3.1.0');
    assert.ok(Object.keys(openapi.paths).length > 3, name);
  }
});

test('error codes are found wherever they are raised, in any style, and must be in the catalog with their kind', () => {
  const root = mkdtempSync(join(tmpdir(), 'forewarn-codes-'));
  const write = (path, text) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write('packages/platform/src/error-catalog.ts', "export const a = defineError('NOT_FOUND', 'ROUTE_NOT_FOUND', () => 'No route.');\n");
  write('services/x/src/routes/things.ts', "throw new AppError('CONFLICT', 'THING_BUSY', `Thing ${id} is busy.`);\n");
  write('services/x/src/domain/rules.ts', "throw new CaseRuleError('FORBIDDEN', 'ROUTE_NOT_FOUND', 'no');\n");
  write('services/x/src/routes/things.test.ts', "throw new AppError('CONFLICT', 'TEST_ONLY', 'no');\n");
  const raised = raisedErrors(root);
  assert.deepEqual(
    raised.map((e) => [e.code, e.kind, e.file]),
    [
      ['ROUTE_NOT_FOUND', 'NOT_FOUND', 'packages/platform/src/error-catalog.ts'],
      ['ROUTE_NOT_FOUND', 'FORBIDDEN', 'services/x/src/domain/rules.ts'],
      ['THING_BUSY', 'CONFLICT', 'services/x/src/routes/things.ts'],
    ],
  );
  const catalog = { http: { routeNotFound: { code: 'ROUTE_NOT_FOUND', kind: 'NOT_FOUND' } } };
  assert.deepEqual(catalogDrift(catalog, raised), [
    'services/x/src/domain/rules.ts: ROUTE_NOT_FOUND is raised as FORBIDDEN, the catalog says NOT_FOUND',
    'services/x/src/routes/things.ts: THING_BUSY is not in the error catalog (packages/platform/src/error-catalog.ts)',
  ]);
});

test('every code raised in the tree is in the error catalog, and each catalog code is declared once', async () => {
  const { errorCatalog } = await importFrom(ROOT, 'packages/platform/dist/index.js');
  assert.deepEqual(catalogDrift(errorCatalog, raisedErrors(ROOT)), []);
  const codes = Object.values(errorCatalog).flatMap((area) => Object.values(area).map((e) => e.code));
  assert.deepEqual(codes.filter((c, i) => codes.indexOf(c) !== i), []);
});
