import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventTypes } from '../registry.js';
import { buildAsyncApi } from './build.js';
import { jsonSchemaOf } from './json-schema.js';

/** packages/contracts, from src/asyncapi or dist/asyncapi alike. */
export const PACKAGE_DIR = fileURLToPath(new URL('../../', import.meta.url));
export const ASYNCAPI_FILE = join(PACKAGE_DIR, 'asyncapi.json');
export const JSON_SCHEMA_DIR = join(PACKAGE_DIR, 'jsonschema');

/** The generated documentation files, by path relative to the package: what `pnpm asyncapi` writes. */
export function generatedFiles(): Map<string, unknown> {
  const files = new Map<string, unknown>([['asyncapi.json', buildAsyncApi()]]);
  for (const e of eventTypes)
    files.set(join('jsonschema', `${e.type}.v${e.version}.schema.json`), jsonSchemaOf(e));
  return files;
}

export function writeGeneratedFiles(files: Map<string, unknown>): void {
  // Stale schemas of removed types must not linger next to the current ones.
  rmSync(JSON_SCHEMA_DIR, { recursive: true, force: true });
  mkdirSync(JSON_SCHEMA_DIR, { recursive: true });
  for (const [path, content] of files)
    writeFileSync(join(PACKAGE_DIR, path), `${JSON.stringify(content, null, 2)}\n`);
}

export function listJsonSchemaFiles(): string[] {
  return readdirSync(JSON_SCHEMA_DIR).map((f) => join('jsonschema', f));
}
