#!/usr/bin/env node
// `pnpm lint:openapi`: every service's OpenAPI document, generated from the built code the way
// `pnpm docs` generates it, passes `redocly lint` (redocly.yaml) with no error. Run `pnpm build` first.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApiDocuments } from '../docs/openapi.mjs';
import { loadServices, ROOT } from '../docs/services.mjs';

const out = mkdtempSync(join(tmpdir(), 'forewarn-openapi-'));
const files = [];
for (const [name, doc] of await openApiDocuments(ROOT, await loadServices(ROOT))) {
  const file = join(out, `${name}.json`);
  writeFileSync(file, JSON.stringify(doc, null, 2));
  files.push(file);
}
const lint = spawnSync(
  'pnpm',
  ['exec', 'redocly', 'lint', '--config', join(ROOT, 'redocly.yaml'), '--format', 'summary', ...files],
  // No telemetry or update check: CI reaches package registries only.
  { cwd: ROOT, stdio: 'inherit', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } },
);
rmSync(out, { recursive: true, force: true });
if (lint.status !== 0) console.error('OpenAPI: redocly lint found errors in the documents above');
// Modules the services import may hold timers or sockets open.
process.exit(lint.status ?? 1);
