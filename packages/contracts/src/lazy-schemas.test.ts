import { beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';

// Each case imports the package afresh: what a process that has just started would see.
type Contracts = typeof import('./index.js');
type Fixtures = typeof import('./fixtures/index.js');
let c: Contracts;
let fixtures: Fixtures;

beforeEach(async () => {
  vi.resetModules();
  c = await import('./index.js');
  fixtures = await import('./fixtures/index.js');
});

describe('the catalog builds each schema on first use', () => {
  it('builds nothing at import, while every version is listed with its place in the catalog', () => {
    expect(c.eventTypes.length).toBeGreaterThan(90);
    expect(c.eventTypeBySchemaId(351)?.type).toBe('carrier.tracking.scanned');
    expect(c.eventTypeByName('erp.order.created')?.version).toBe(3);
    expect(c.builtSchemas()).toEqual([]);
  });

  it('builds the Avro JSON and zod of the one type a message needs, then its avsc Type, once', () => {
    const message = c.encodeEvent(fixtures.sampleTrackingScanned());
    expect(c.builtSchemas()).toEqual([
      'carrier.tracking.scanned v2 zod',
      'carrier.tracking.scanned v2 avro',
    ]);
    for (let i = 0; i < 3; i++) c.decodeEvent(message);
    c.validateEvent(fixtures.sampleTrackingScanned());
    expect(c.builtSchemas()).toHaveLength(2);
    expect(c.trackingScanned.zod).toBe(c.trackingScanned.zod);
    expect(c.trackingScanned.avro).toBe(c.trackingScanned.avro);
  });

  it('a consumer of one topic builds that topic’s types it meets, and no other topic’s', () => {
    for (const sample of [fixtures.sampleCaseOpened(), fixtures.sampleCaseResolved()])
      c.decodeEvent(c.encodeEvent(sample));
    const built = new Set(c.builtSchemas().map((b) => b.split(' ')[0]));
    expect([...built].sort()).toEqual(['case.opened', 'case.resolved']);
  });

  it('reads an older version with both versions built, and only those', () => {
    const event = { ...fixtures.sampleTrackingScanned(), schemaVersion: 1, tenantId: 'acme' };
    const { eventType, writtenWith } = c.decodeEvent(c.encodeEvent(event));
    expect([writtenWith.schemaId, eventType.schemaId]).toEqual([301, 351]);
    expect([...c.builtSchemas()].sort()).toEqual([
      'carrier.tracking.scanned v1 avro',
      'carrier.tracking.scanned v1 zod',
      'carrier.tracking.scanned v2 avro',
      'carrier.tracking.scanned v2 zod',
    ]);
  });

  it('builds the source-event union on first use, and it validates and composes like the schema it is', () => {
    expect(c.builtSchemas()).toEqual([]);
    const sample = fixtures.sampleOrderCreated();
    expect(c.sourceEventSchema.parse(sample)).toEqual(c.orderCreated.zod.parse(sample));
    expect(c.sourceEventSchema.safeParse({ type: 'case.opened' }).success).toBe(false);
    expect(z.array(c.sourceEventSchema).parse([sample])).toHaveLength(1);
    expect(c.sourceEventSchema).toBeInstanceOf(z.ZodType);
    const built = c.builtSchemas();
    expect(built).toHaveLength(c.sourceEventTypes.length);
    expect(built.every((b) => c.eventTypeByName(b.split(' ')[0]!)?.kind === 'source')).toBe(true);
  });
});
