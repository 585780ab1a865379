import { describe, expect, it } from 'vitest';
import { boundedWatermark } from './read.js';

describe('boundedWatermark', () => {
  it('gives up on a read that hangs (a broker away), and the next ticks wait on that same read', async () => {
    let reads = 0;
    let answer: (d: Date) => void = () => undefined;
    const read = () => {
      reads++;
      return new Promise<Date | undefined>((resolve) => (answer = resolve));
    };
    const watermark = boundedWatermark(read, 20);
    await expect(watermark()).rejects.toThrow(/not read within 20 ms/);
    await expect(watermark()).rejects.toThrow(/not read within 20 ms/);
    expect(reads).toBe(1);
    const pending = watermark();
    answer(new Date('2025-03-06T15:00:00Z'));
    await expect(pending).resolves.toEqual(new Date('2025-03-06T15:00:00Z'));
    // Once it has answered, a tick reads afresh.
    const next = watermark();
    expect(reads).toBe(2);
    answer(new Date('2025-03-06T16:00:00Z'));
    await expect(next).resolves.toEqual(new Date('2025-03-06T16:00:00Z'));
  });

  it('passes a failed read on, and reads again on the next tick', async () => {
    let reads = 0;
    const watermark = boundedWatermark(async () => {
      reads++;
      throw new Error('broker away');
    }, 1_000);
    await expect(watermark()).rejects.toThrow('broker away');
    await expect(watermark()).rejects.toThrow('broker away');
    expect(reads).toBe(2);
  });
});
