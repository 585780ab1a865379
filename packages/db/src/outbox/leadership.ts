import type pg from 'pg';
import type { ClientSource } from '../transaction.js';

export interface Leadership {
  client: pg.PoolClient;
  /** True once the connection failed: the lock went with it, so someone else may lead. */
  readonly lost: boolean;
  release(): void;
}

/**
 * Tries to become the schema's relay leader: takes a session advisory lock on a connection kept
 * for as long as this instance leads, and LISTENs on it for new outbox rows. The lock belongs to
 * the session, so a crashed or partitioned leader loses it when its connection goes away.
 * Returns undefined (and gives the connection back) when another instance leads.
 */
export async function tryLead(
  pool: ClientSource,
  {
    lockKey,
    channel,
    onNotify,
    onLost,
  }: {
    lockKey: string;
    channel: string;
    onNotify: () => void;
    onLost: (err: Error) => void;
  },
): Promise<Leadership | undefined> {
  const client = await pool.connect();
  let lost = false;
  const onError = (err: Error) => {
    lost = true;
    onLost(err);
  };
  const onNotification = (msg: pg.Notification) => {
    if (msg.channel === channel) onNotify();
  };
  client.on('error', onError);
  try {
    const { rows } = await client.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock($1::bigint) AS locked',
      [lockKey],
    );
    if (!rows[0]?.locked) {
      client.removeListener('error', onError);
      client.release();
      return undefined;
    }
    client.on('notification', onNotification);
    await client.query(`LISTEN "${channel}"`);
  } catch (err) {
    client.removeListener('error', onError);
    client.release(true);
    throw err;
  }
  return {
    client,
    get lost() {
      return lost;
    },
    release() {
      client.removeListener('notification', onNotification);
      client.removeListener('error', onError);
      // Destroying the connection ends the LISTEN and frees the lock in one step.
      client.release(true);
    },
  };
}
