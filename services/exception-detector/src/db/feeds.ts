import type pg from 'pg';
import type { FeedState } from '../domain/rules/feed-rules.js';

type Q = Pick<pg.ClientBase, 'query'>;

export async function loadFeed(
  db: Q,
  tenantId: string,
  sourceSystem: string,
): Promise<FeedState | undefined> {
  const { rows } = await db.query<{ data: FeedState }>(
    'SELECT data FROM feed_state WHERE tenant_id = $1 AND source_system = $2',
    [tenantId, sourceSystem],
  );
  return rows[0]?.data;
}

export async function saveFeed(db: Q, state: FeedState): Promise<void> {
  await db.query(
    `INSERT INTO feed_state (tenant_id, source_system, data) VALUES ($1, $2, $3)
     ON CONFLICT (tenant_id, source_system) DO UPDATE SET data = EXCLUDED.data`,
    [state.tenantId, state.sourceSystem, JSON.stringify(state)],
  );
}
