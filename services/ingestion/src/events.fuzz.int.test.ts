import { randomUUID } from 'node:crypto';
import { allTopics } from '@forewarn/contracts';
import { samplesByType } from '@forewarn/contracts/fixtures';
import fc from 'fast-check';
import { jsonEdits, mutateJson } from '@forewarn/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, startHarness, type Harness } from './testing/harness.js';

/** The source systems the harness's keys stand for, by the event type's prefix. */
const SOURCE_OF: Record<string, { key: string; sourceSystem: string }> = {
  erp: { key: KEYS.erp, sourceSystem: 'erp:sap-prod' },
  wms: { key: KEYS.wms, sourceSystem: 'wms:manhattan' },
  carrier: { key: KEYS.ups, sourceSystem: 'carrier:ups' },
};
const SOURCE_TYPES = allTopics
  .filter((t) => t.kind === 'source')
  .flatMap((t) => t.eventTypes)
  .filter((t) => t in samplesByType);

/** A valid contract event of a source type with 1-3 fields dropped, renamed, retyped or added. */
const mutatedEvent = fc
  .record({ type: fc.constantFrom(...SOURCE_TYPES), edits: jsonEdits })
  .map(({ type, edits }) => {
    const source = SOURCE_OF[type.split('.')[0]!]!;
    const event = {
      ...samplesByType[type as keyof typeof samplesByType](),
      eventId: randomUUID(),
      sourceSystem: source.sourceSystem,
    };
    return { key: source.key, body: mutateJson({ events: [event] }, edits) };
  });

/** Bodies that are not a batch at all. */
const strangeBody = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.json({ maxDepth: 3 }),
  fc.constantFrom('{"events":', '{"events":[]}', '{"events":null}', '{"__proto__":{"events":[1]}}'),
  fc.constant(JSON.stringify({ events: Array.from({ length: 5_000 }, () => ({})) })),
);

let h: Harness;
beforeAll(async () => {
  h = await startHarness('ingestion-fuzz');
}, 120_000);
afterAll(async () => {
  await h?.stop();
});

describe('POST /v1/events fuzzed: every input is accepted or refused with a 4xx, never a 5xx', () => {
  const post = async (body: string, key: string) => {
    const res = await fetch(`${h.svc.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body,
    });
    await res.arrayBuffer();
    return res.status;
  };
  const answered = (status: number) => status === 202 || (status >= 400 && status < 500);

  it('mutated contract events (dropped, renamed, retyped fields; huge, unicode, prototype keys)', async () => {
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(mutatedEvent, async ({ key, body }) => {
        const status = await post(body, key);
        seen.add(status);
        expect(answered(status), `${status} for ${body.slice(0, 300)}`).toBe(true);
      }),
      { numRuns: 150, seed: 1406 },
    );
    // The fuzz reached both sides: some mutants still meet the contract, most do not.
    expect(seen.has(202)).toBe(true);
    expect([...seen].some((s) => s >= 400)).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  }, 60_000);

  it('bodies that are not a batch', async () => {
    await fc.assert(
      fc.asyncProperty(strangeBody, async (body) => {
        const status = await post(body, KEYS.erp);
        expect(status >= 400 && status < 500, `${status} for ${body.slice(0, 200)}`).toBe(true);
      }),
      { numRuns: 60, seed: 1407 },
    );
  }, 60_000);

  it('still accepts a valid event after the fuzzing', async () => {
    const event = {
      ...samplesByType['erp.order.created'](),
      eventId: randomUUID(),
      sourceSystem: 'erp:sap-prod',
    };
    expect(await post(JSON.stringify({ events: [event] }), KEYS.erp)).toBe(202);
  });
});
