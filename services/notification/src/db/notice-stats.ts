import { TEMPLATE_KEYS } from '../domain/channels.js';
import type pg from 'pg';

export interface NoticeStats {
  total: number;
  byChannel: Record<string, number>;
  byLanguage: Record<string, number>;
  byStatus: Record<string, number>;
  byTemplate: Record<string, number>;
}

/** Counts of notices by channel, language, status and template, optionally for one customer. */
export async function noticeStats(
  db: Pick<pg.Pool, 'query'>,
  customerId?: string,
): Promise<NoticeStats> {
  const { rows } = await db.query<{ dim: string; value: string; n: string }>(
    `SELECT dim, value, count(*) AS n FROM notices
       CROSS JOIN LATERAL (VALUES ('channel', channel), ('language', language),
                                  ('status', status), ('template', template)) AS d(dim, value)
      WHERE $1::text IS NULL OR customer_id = $1
      GROUP BY dim, value`,
    [customerId ?? null],
  );
  const stats: NoticeStats = {
    total: 0,
    byChannel: {},
    byLanguage: {},
    byStatus: {},
    // Every trigger is listed, sent or not, so a kind of notice that never goes out shows as 0.
    byTemplate: Object.fromEntries(TEMPLATE_KEYS.map((k) => [k, 0])),
  };
  const target = {
    channel: stats.byChannel,
    language: stats.byLanguage,
    status: stats.byStatus,
    template: stats.byTemplate,
  } as Record<string, Record<string, number>>;
  for (const r of rows) {
    target[r.dim]![r.value] = Number(r.n);
    if (r.dim === 'status') stats.total += Number(r.n);
  }
  return stats;
}
