import type pg from 'pg';
import type { FeedState } from '../domain/rules/feed-rules.js';

type Q = Pick<pg.ClientBase, 'query'>;

export async function loadFeed(db: Q, sourceSystem: string): Promise<FeedState | undefined> {
  const { rows } = await db.query<{ data: FeedState }>(
    'SELECT data FROM feed_state WHERE source_system = $1',
    [sourceSystem],
  );
  return rows[0]?.data;
}

