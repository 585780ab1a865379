import type pg from 'pg';
import type { FeedState } from '../domain/rules/feed-rules.js';

type Q = Pick<pg.ClientBase, 'query'>;

export async function feeds(db: Q, sources: readonly string[]): Promise<FeedState[]> {
  if (sources.length === 0) return [];
  const { rows } = await db.query<{ data: FeedState }>(
    'SELECT data FROM feed_state WHERE source_system = ANY($1)',
    [[...sources]],
  );
  return rows.map((r) => r.data);
}

export async function saveFeeds(db: Q, states: readonly FeedState[]): Promise<void> {
  if (states.length === 0) return;
  await db.query(
    `INSERT INTO feed_state (source_system, data)
       SELECT * FROM unnest($1::text[], $2::jsonb[])
       ON CONFLICT (source_system) DO UPDATE SET data = EXCLUDED.data`,
    [states.map((s) => s.sourceSystem), states.map((s) => JSON.stringify(s))],
  );
}
