import type { Admin } from 'kafkajs';
import { groupPosition, type LagSample, type Watermark } from './lag.js';

/**
 * Offsets of every consumer group of a deployment (groups named with its topic prefix) against
 * the high watermarks of the topics they have committed on, read through the Kafka admin API.
 */
export async function sampleLag(admin: Admin, prefix: string): Promise<LagSample> {
  const { groups } = await admin.listGroups();
  const ours = groups.map((g) => g.groupId).filter((id) => id.startsWith(prefix));
  const committed = await Promise.all(
    ours.map(async (groupId) => ({
      groupId,
      topics: await admin.fetchOffsets({ groupId }),
    })),
  );
  const topics = new Set(committed.flatMap((c) => c.topics.map((t) => t.topic)));
  const watermarks = new Map<string, Watermark[]>(
    await Promise.all(
      [...topics].map(async (t) => [t, await admin.fetchTopicOffsets(t)] as [string, Watermark[]]),
    ),
  );
  const out: LagSample = { at: Date.now(), groups: {} };
  for (const c of committed) {
    const offsets = c.topics.flatMap((t) =>
      t.partitions.map((p) => ({ topic: t.topic, partition: p.partition, offset: p.offset })),
    );
    out.groups[c.groupId.slice(prefix.length)] = groupPosition(offsets, watermarks);
  }
  return out;
}
