import type { Json } from '../dsl/index.js';
import { fullCompatibilityProblems, releasedSchemaChanged } from './compat.js';

/** What the evolution guard needs to know of a catalog entry. */
export interface VersionedSchema {
  readonly type: string;
  readonly version: number;
  readonly schemaId: number;
  readonly avroSchema: Json;
}

/** Released schemas by type, then version. */
export type ReleasedSchemas = ReadonlyMap<string, ReadonlyMap<number, Json>>;

/** Append-only record of every schema id ever released: id → type and version. */
export type SchemaIdLedger = Readonly<Record<string, { type: string; version: number }>>;

/**
 * Everything that would make the catalog unsafe to ship, one message each:
 * released versions must be unchanged, the latest version of each type must be fully compatible
 * with every released version of it, and schema ids must never move or be reused.
 */
export function evolutionProblems(
  catalog: readonly VersionedSchema[],
  released: ReleasedSchemas,
  ledger: SchemaIdLedger,
  { requireReleased = true }: { requireReleased?: boolean } = {},
): string[] {
  const problems: string[] = [];
  const latest = new Map<string, VersionedSchema>();
  for (const entry of catalog) {
    const best = latest.get(entry.type);
    if (!best || entry.version > best.version) latest.set(entry.type, entry);
  }

  for (const entry of catalog) {
    const snapshot = released.get(entry.type)?.get(entry.version);
    if (snapshot === undefined) {
      if (requireReleased)
        problems.push(`${entry.type} v${entry.version}: not released yet (run release-schemas)`);
    } else if (releasedSchemaChanged(entry.avroSchema, snapshot)) {
      problems.push(
        `${entry.type} v${entry.version}: differs from its released schema; add v${entry.version + 1} instead`,
      );
    }
  }

  for (const [type, current] of latest) {
    for (const [version, schema] of released.get(type) ?? []) {
      if (version === current.version) continue;
      problems.push(...fullCompatibilityProblems(type, current.avroSchema, schema, version));
    }
  }
  for (const type of released.keys()) {
    if (!latest.has(type))
      problems.push(`${type}: released but no longer in the catalog; keep it readable`);
  }

  problems.push(...ledgerProblems(catalog, ledger));
  return problems;
}

function ledgerProblems(catalog: readonly VersionedSchema[], ledger: SchemaIdLedger): string[] {
  const problems: string[] = [];
  const seen = new Map<number, VersionedSchema>();
  for (const entry of catalog) {
    const clash = seen.get(entry.schemaId);
    if (clash)
      problems.push(
        `schema id ${entry.schemaId} used by ${clash.type} v${clash.version} and ${entry.type} v${entry.version}`,
      );
    seen.set(entry.schemaId, entry);
    const recorded = ledger[String(entry.schemaId)];
    if (recorded && (recorded.type !== entry.type || recorded.version !== entry.version)) {
      problems.push(
        `${entry.type} v${entry.version}: schema id ${entry.schemaId} was released for ${recorded.type} v${recorded.version}; ids are never reused`,
      );
    }
    const previousId = Object.entries(ledger).find(
      ([, r]) => r.type === entry.type && r.version === entry.version,
    )?.[0];
    if (previousId !== undefined && Number(previousId) !== entry.schemaId) {
      problems.push(
        `${entry.type} v${entry.version}: was released with schema id ${previousId}, now ${entry.schemaId}`,
      );
    }
  }
  return problems;
}
