import type pg from 'pg';
import type { FeedState } from '../domain/rules/feed-rules.js';

type Q = Pick<pg.ClientBase, 'query'>;

export async function saveFeeds(db: Q, states: readonly FeedState[]): Promise<void> {
  if (states.length === 0) return;
  await db.query(
    `INSERT INTO feed_state (source_system, data)
       SELECT * FROM unnest($1::text[], $2::jsonb[])
       ON CONFLICT (source_system) DO UPDATE SET data = EXCLUDED.data`,
    [states.map((s) => s.sourceSystem), states.map((s) => JSON.stringify(s))],
  );
}

/**
 * The feeds whose messages take time to reach their topic (FeedState.lags), with their latest
 * send, for the timer poll.
 */
export async function laggingFeeds(
  db: Q,
): Promise<Pick<FeedState, 'sourceSystem' | 'lags' | 'lastSentAt'>[]> {
  const { rows } = await db.query<{
    source_system: string;
    lags: number[];
    last_sent_at: string | null;
  }>(
    `SELECT source_system, data -> 'lags' AS lags, data ->> 'lastSentAt' AS last_sent_at FROM feed_state
     WHERE jsonb_typeof(data -> 'lags') = 'array'
       AND EXISTS (SELECT 1 FROM jsonb_array_elements_text(data -> 'lags') AS l WHERE l::numeric > 0)`,
  );
  return rows.map((r) => ({
    sourceSystem: r.source_system,
    lags: r.lags,
    ...(r.last_sent_at ? { lastSentAt: r.last_sent_at } : {}),
  }));
}
