import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateSourceEvent } from '../canonical/validate.js';
import { boundedId, mapWebhook } from './map-webhook.js';
import { loadWebhookProviders } from './schema.js';

const providers = loadWebhookProviders();
const dir = new URL('../../corpus/webhooks/', import.meta.url);
const corpus = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({
    provider: providers[f.split('-')[0]!]!,
    body: JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as unknown,
  }));

type Json = unknown;
/** Every path to a value inside a JSON document (objects and lists), the root excluded. */
function paths(v: Json, at: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(v)) return v.flatMap((x, i) => [[...at, i], ...paths(x, [...at, i])]);
  if (typeof v === 'object' && v !== null)
    return Object.entries(v).flatMap(([k, x]) => [[...at, k], ...paths(x, [...at, k])]);
  return [];
}

type Mutation = { kind: 'delete' } | { kind: 'set'; value: Json };
function mutate(doc: Json, path: (string | number)[], m: Mutation): Json {
  const copy = structuredClone(doc) as Record<string | number, Json>;
  let parent: Record<string | number, Json> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  const last = path[path.length - 1]!;
  if (m.kind === 'set') parent[last] = m.value;
  else if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else delete parent[last];
  return copy;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant<Mutation>({ kind: 'delete' }),
  fc.jsonValue().map<Mutation>((value) => ({ kind: 'set', value })),
  fc
    .constantFrom(
      '',
      ' ',
      'null',
      'ZZ',
      '2025-13-45T99:99:99',
      'yesterday',
      '\u0000',
      'x'.repeat(300),
    )
    .map<Mutation>((value) => ({ kind: 'set', value })),
);

describe('mutated provider payloads (property)', () => {
  it('never crash: each is mapped to events the contract takes or judges, or refused with located reasons', () => {
    fc.assert(
      fc.property(
        fc.nat(corpus.length - 1),
        fc.array(fc.tuple(fc.nat(), mutation), { minLength: 1, maxLength: 4 }),
        (which, edits) => {
          const { provider, body } = corpus[which]!;
          let doc: Json = body;
          for (const [n, m] of edits) {
            const all = paths(doc);
            if (all.length === 0) break;
            doc = mutate(doc, all[n % all.length]!, m);
          }
          const out = mapWebhook(provider, doc);
          if (!out.ok) {
            expect(out.issues.length).toBeGreaterThan(0);
            for (const i of out.issues) {
              expect(Array.isArray(i.path)).toBe(true);
              expect(i.code).toMatch(/^[a-z_]+$/);
              expect(i.message.length).toBeGreaterThan(0);
            }
            return;
          }
          // What maps still goes through the contract at the door: it must answer, not throw.
          for (const { draft } of out.drafts) {
            const check = validateSourceEvent(draft);
            if (!check.ok) expect(check.issues.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 400, seed: 13 },
    );
  });
});

describe('boundedId', () => {
  it('fits the contract, keeps short ids as they are, and keeps distinct long ids distinct', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 400 }),
        fc.string({ maxLength: 5 }),
        (a, b) => {
          const id = `x${a}x`;
          const out = boundedId(id);
          expect(out.length).toBeLessThanOrEqual(200);
          if (id.length <= 200) expect(out).toBe(id);
          else expect(out.startsWith(id.slice(0, 100))).toBe(true);
          expect(boundedId(id)).toBe(out);
          const other = `${id}${b}`;
          if (other !== id) expect(boundedId(other)).not.toBe(out);
        },
      ),
    );
  });
});
