#!/usr/bin/env node
// `pnpm docs` writes the generated documents; `pnpm docs:check` regenerates them into a temporary
// directory and fails, naming each file, when the committed ones differ (or one is missing or stale).
// Both read the built code: run `pnpm build` first.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { asyncApiDocument } from './asyncapi.mjs';
import { exceptionCatalog } from './catalog.mjs';
import { configurationReference } from './configuration.mjs';
import { errorCodes } from './error-codes.mjs';
import { openApiDocuments } from './openapi.mjs';
import { loadServices, ROOT } from './services.mjs';

const json = (value) => `${JSON.stringify(value, null, 2)}\n`;

/** Every generated document, by path relative to the repository root. */
export async function generateDocs(root = ROOT) {
  const services = await loadServices(root);
  const files = new Map([
    ['docs/exception-catalog.md', await exceptionCatalog(root)],
    ['docs/asyncapi.json', json(await asyncApiDocument(root, services))],
    ['docs/configuration.md', await configurationReference(root, services)],
    ['docs/error-codes.md', await errorCodes(root)],
  ]);
  for (const [name, doc] of await openApiDocuments(root, services)) files.set(`docs/openapi/${name}.json`, json(doc));
  return files;
}

/** Generated files in `dir` that no longer come out of the generator (a removed service's OpenAPI). */
function staleFiles(dir, files) {
  const openapi = join(dir, 'docs', 'openapi');
  if (!existsSync(openapi)) return [];
  return readdirSync(openapi)
    .map((f) => `docs/openapi/${f}`)
    .filter((p) => !files.has(p));
}

export function writeDocs(dir, files) {
  for (const p of staleFiles(dir, files)) rmSync(join(dir, p));
  for (const [path, text] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** The committed files under `root` that differ from `files`, each with why. */
export function driftOf(root, files) {
  const drift = [];
  for (const [path, text] of files) {
    const committed = join(root, path);
    if (!existsSync(committed)) drift.push(`${path}: missing`);
    else if (readFileSync(committed, 'utf8') !== text) drift.push(`${path}: differs from the code`);
  }
  for (const p of staleFiles(root, files)) drift.push(`${p}: no longer generated`);
  return drift;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const files = await generateDocs(ROOT);
  if (process.argv.includes('--check')) {
    // Written out first, so a failing run leaves the fresh documents to diff against.
    const out = mkdtempSync(join(tmpdir(), 'forewarn-docs-'));
    writeDocs(out, files);
    const drift = driftOf(ROOT, files);
    if (drift.length > 0) {
      console.error('generated docs are out of date (run `pnpm build && pnpm docs` and commit):');
      for (const d of drift) console.error(`  ${d}`);
      console.error(`fresh copies: ${out}`);
      process.exit(1);
    }
    rmSync(out, { recursive: true, force: true });
    console.log(`${files.size} generated docs match the code`);
  } else {
    writeDocs(ROOT, files);
    console.log(`wrote ${files.size} docs: ${[...files.keys()].join(', ')}`);
  }
  // Modules the services import may hold timers or sockets open; nothing is left to do.
  process.exit(0);
}
