import { createTestEnv, eventually, serviceTestEnv, type TestEnv } from '@forewarn/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startService, type RunningService } from './index.js';

describe('startService (integration: real broker and database)', () => {
  let env: TestEnv;
  let svc: RunningService;
  const stopped: string[] = [];

  beforeAll(async () => {
    env = await createTestEnv('runtime', { topology: false });
    // What the topology command does for the contract's topics; the service only checks it.
    await env.createTopics([{ topic: `${env.prefix}probe.events`, numPartitions: 2 }]);
    svc = await startService(
      {
        name: 'probe',
        schema: 'probe',
        migrations: [{ id: '0001_items', sql: 'create table items (id text primary key)' }],
        topics: [{ name: 'probe.events', partitions: 2 }],
        outbox: true,
        routes: async (app, ctx) => {
          app.withTypeProvider<import('@forewarn/http').ZodTypeProvider>().get(
            '/items/:id',
            {
              config: { open: 'test route: reads one row' },
              schema: { params: z.object({ id: z.string().min(3) }) },
            },
            async (req) => {
              const { rows } = await ctx.pool.query('select id from items where id = $1', [
                req.params.id,
              ]);
              return { found: rows.length > 0 };
            },
          );
        },
        start: async () => [{ stop: async () => void stopped.push('worker') }],
      },
      {
        handleSignals: false,
        env: serviceTestEnv(env),
      },
    );
  });

  afterAll(async () => {
    await svc?.stop();
    await env.cleanup();
  });

  it('migrates its own schema, finds its prefixed topics and reports ready', async () => {
    const ready = await fetch(`${svc.url}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { checks: Record<string, { status: string }> };
    expect(Object.keys(body.checks).sort()).toEqual(['consumers', 'kafka', 'postgres']);
  });

  it('serves zod-validated routes and 400s bad parameters', async () => {
    const ok = await fetch(`${svc.url}/items/abc`);
    expect(await ok.json()).toEqual({ found: false });
    const bad = await fetch(`${svc.url}/items/x`);
    expect(bad.status).toBe(400);
  });

  it('relays outbox rows to the prefixed topic', async () => {
    const { enqueueOutbox, withTransaction } = await import('@forewarn/db');
    await withTransaction(svc.ctx.pool, (client) =>
      enqueueOutbox(client, [
        {
          eventId: '00000000-0000-4000-8000-000000000001',
          topic: 'probe.events',
          key: 'k',
          value: Buffer.from('v'),
        },
      ]),
    );
    await eventually(
      async () => {
        const offsets = await env.admin.fetchTopicOffsets(`${env.prefix}probe.events`);
        return offsets.some((o) => o.high === '1') ? true : undefined;
      },
      { what: 'the outbox row on Kafka' },
    );
  });

  it('stops workers on shutdown', async () => {
    await svc.stop();
    expect(stopped).toEqual(['worker']);
    await expect(fetch(`${svc.url}/healthz`)).rejects.toThrow();
  });
});
