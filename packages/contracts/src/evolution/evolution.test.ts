import { describe, expect, it } from 'vitest';
import {
  array,
  defineEvent,
  eventTypes,
  money,
  optional,
  record,
  str,
  int,
  id,
  TOPIC,
  type Fields,
  type Json,
} from '../index.js';
import { erpOrderEventsV1, orderFields } from '../events/erp-orders.js';
import { subjectOf } from '../schema-registry-binding.js';
import { readProblems } from './compat.js';

/** The checks below play erp.order.created's history again from v1. */
const orderCreated = erpOrderEventsV1[0]!;
import { evolutionProblems, type ReleasedSchemas } from './check.js';
import { readLedger, readReleased } from './released-store.js';

describe('released schemas (the evolution guard)', () => {
  it('are unchanged, fully compatible with the catalog, and keep their schema ids', () => {
    expect(evolutionProblems(eventTypes, readReleased(), readLedger())).toEqual([]);
  });

  it('are BACKWARD compatible, as a schema registry checks them: each version reads the one before', () => {
    const problems: string[] = [];
    for (const [type, versions] of readReleased()) {
      const ordered = [...versions].sort(([a], [b]) => a - b);
      for (let i = 1; i < ordered.length; i++) {
        const [prev, writer] = ordered[i - 1]!;
        const [next, reader] = ordered[i]!;
        for (const p of readProblems(reader, writer))
          problems.push(`${type} v${next} cannot read v${prev}: ${p.path}: ${p.message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('are registered under their record name (record-name strategy: one subject per event type)', () => {
    for (const [type, versions] of readReleased())
      for (const schema of versions.values()) {
        const { name, namespace } = schema as { name: string; namespace: string };
        expect(`${namespace}.${name}`).toBe(subjectOf({ type }));
      }
  });
});

/** A candidate v2 of erp.order.created, checked against v1 as if v1 were released. */
function candidate(payload: Fields, schemaId = 90_101) {
  return defineEvent({
    type: 'erp.order.created',
    version: 2,
    schemaId,
    topic: TOPIC.erpOrders,
    summary: 'v2',
    payload: () => payload,
  });
}

const releasedV1: ReleasedSchemas = new Map([
  ['erp.order.created', new Map<number, Json>([[1, orderCreated.avroSchema]])],
]);
const ledgerV1 = { '101': { type: 'erp.order.created', version: 1 } };
const check = (v2: ReturnType<typeof candidate>) =>
  evolutionProblems([orderCreated, v2], releasedV1, ledgerV1, { requireReleased: false });

describe('the compatibility checker', () => {
  it('accepts a new optional field', () => {
    expect(check(candidate({ ...orderFields(), incoterms: optional(str()) }))).toEqual([]);
  });

  it('catches a new required field without default, naming type and field', () => {
    const problems = check(candidate({ ...orderFields(), carrierHint: str() }));
    expect(problems).toEqual([
      'erp.order.created: current schema cannot read data written with released v1: payload.carrierHint: field is missing in the writer and has no default',
    ]);
  });

  it('catches a removed required field in the other direction', () => {
    const { poNumber: _dropped, ...rest } = orderFields();
    const problems = check(candidate(rest));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^erp\.order\.created: released v1 cannot read .*: payload\.poNumber: /,
    );
  });

  it('catches a changed field type deep inside an array', () => {
    const line = record('OrderLine', {
      lineNo: int(),
      sku: id(),
      qty: str(),
      unitPrice: money(),
      critical: str(),
    });
    const problems = check(candidate({ ...orderFields(), lines: array(line) }));
    expect(problems.some((p) => p.includes('payload.lines[].qty'))).toBe(true);
    expect(problems.some((p) => p.includes('payload.lines[].critical'))).toBe(true);
  });

  it('catches an enum symbol added without an enum default', () => {
    const tier = {
      avro: {
        type: 'enum',
        name: 'CustomerTier',
        symbols: ['enterprise', 'regional_reseller', 'retail', 'vip'],
      },
    };
    const problems = check(
      candidate({ ...orderFields(), customerTier: { ...orderFields().customerTier, ...tier } }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/released v1 cannot read .*: payload\.customerTier: /);
  });

  it('catches an edited released version and a reused or moved schema id', () => {
    const edited = {
      ...orderCreated,
      avroSchema: candidate({ ...orderFields(), note: optional(str()) }, 101).avroSchema,
    };
    expect(evolutionProblems([edited], releasedV1, ledgerV1)).toEqual([
      'erp.order.created v1: differs from its released schema; add v2 instead',
    ]);
    const moved = { ...orderCreated, schemaId: 5 };
    expect(evolutionProblems([moved], releasedV1, ledgerV1)).toEqual([
      'erp.order.created v1: was released with schema id 101, now 5',
    ]);
    const reused = candidate({ ...orderFields(), note: optional(str()) }, 101);
    expect(check(reused)).toEqual(
      expect.arrayContaining([
        'schema id 101 used by erp.order.created v1 and erp.order.created v2',
        'erp.order.created v2: schema id 101 was released for erp.order.created v1; ids are never reused',
      ]),
    );
  });

  it('reports a version that has not been released', () => {
    expect(evolutionProblems([orderCreated], new Map(), {})).toEqual([
      'erp.order.created v1: not released yet (run release-schemas)',
    ]);
  });
});
