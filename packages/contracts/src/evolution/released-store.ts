import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Json } from '../dsl/index.js';
import type { ReleasedSchemas, SchemaIdLedger, VersionedSchema } from './check.js';
import { releasedSchemaChanged } from './compat.js';

/** packages/contracts/released, from src/evolution or dist/evolution alike. */
export const RELEASED_DIR = fileURLToPath(new URL('../../released/', import.meta.url));
const LEDGER = 'schema-ids.json';
const VERSION_FILE = /^v(\d+)\.avsc\.json$/;

export function readReleased(dir = RELEASED_DIR): ReleasedSchemas {
  const released = new Map<string, Map<number, Json>>();
  if (!existsSync(dir)) return released;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const versions = new Map<number, Json>();
    for (const file of readdirSync(join(dir, entry.name))) {
      const match = VERSION_FILE.exec(file);
      if (match)
        versions.set(
          Number(match[1]),
          JSON.parse(readFileSync(join(dir, entry.name, file), 'utf8')) as Json,
        );
    }
    released.set(entry.name, versions);
  }
  return released;
}

export function readLedger(dir = RELEASED_DIR): SchemaIdLedger {
  const file = join(dir, LEDGER);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SchemaIdLedger) : {};
}

export interface ReleasePlan {
  readonly toWrite: readonly VersionedSchema[];
  /** Released versions whose schema changed: never overwritten. */
  readonly refused: readonly string[];
}

export function planRelease(
  catalog: readonly VersionedSchema[],
  released: ReleasedSchemas,
): ReleasePlan {
  const toWrite: VersionedSchema[] = [];
  const refused: string[] = [];
  for (const entry of catalog) {
    const snapshot = released.get(entry.type)?.get(entry.version);
    if (snapshot === undefined) toWrite.push(entry);
    else if (releasedSchemaChanged(entry.avroSchema, snapshot)) {
      refused.push(
        `${entry.type} v${entry.version} was already released with another schema; add a new version`,
      );
    }
  }
  return { toWrite, refused };
}

/** Writes the snapshots and appends their ids to the ledger. */
export function writeRelease(plan: ReleasePlan, ledger: SchemaIdLedger, dir = RELEASED_DIR): void {
  const next: Record<string, { type: string; version: number }> = { ...ledger };
  for (const entry of plan.toWrite) {
    mkdirSync(join(dir, entry.type), { recursive: true });
    writeFileSync(
      join(dir, entry.type, `v${entry.version}.avsc.json`),
      `${JSON.stringify(entry.avroSchema, null, 2)}\n`,
    );
    next[String(entry.schemaId)] = { type: entry.type, version: entry.version };
  }
  const sorted = Object.fromEntries(Object.entries(next).sort(([a], [b]) => Number(a) - Number(b)));
  writeFileSync(join(dir, LEDGER), `${JSON.stringify(sorted, null, 2)}\n`);
}
