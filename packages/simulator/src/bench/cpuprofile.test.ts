import { describe, expect, it } from 'vitest';
import { areaOf, summarizeProfile, type CpuProfile } from './cpuprofile.js';

const frame = (functionName: string, url = '', lineNumber = 0) => ({
  functionName,
  url,
  lineNumber,
});

const KAFKA =
  'file:///r/node_modules/.pnpm/kafkajs@2.2.4/node_modules/kafkajs/src/protocol/decoder.js';
const OURS = 'file:///r/services/order/dist/domain/fold.js';

const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)') },
    { id: 2, callFrame: frame('(idle)') },
    { id: 3, callFrame: frame('readVarInt', KAFKA, 41) },
    { id: 4, callFrame: frame('fold', OURS, 9) },
    { id: 5, callFrame: frame('(garbage collector)') },
  ],
  startTime: 0,
  endTime: 10_000,
  // Intervals until the next sample: 3 → 2 ms, 3 → 2 ms, 4 → 1 ms, 2 → 4 ms, 5 → mean (2 ms).
  samples: [3, 3, 4, 2, 5],
  timeDeltas: [0, 2000, 2000, 1000, 4000],
};

describe('summarizeProfile', () => {
  const s = summarizeProfile(profile);

  it('charges each sample the interval until the next one, idle apart', () => {
    expect(s.idleMs).toBe(4);
    expect(s.busyMs).toBe(7);
    expect(s.wallMs).toBe(10);
  });

  it('ranks functions by self time with their place in the code', () => {
    expect(s.functions.map((f) => [f.name, f.selfMs])).toEqual([
      ['readVarInt kafkajs/src/protocol/decoder.js:42', 4],
      ['(garbage collector)', 2],
      ['fold services/order/dist/domain/fold.js:10', 1],
    ]);
    expect(s.functions[0]!.share).toBeCloseTo(4 / 7);
  });

  it('rolls self time up by package or service', () => {
    expect(s.areas.map((a) => a.name)).toEqual(['kafkajs', '(garbage collector)', 'service order']);
  });

  it('keeps only the top n', () => {
    expect(summarizeProfile(profile, 1).functions).toHaveLength(1);
  });
});

describe('areaOf', () => {
  it('names scoped packages, our packages and node internals', () => {
    expect(areaOf('file:///r/node_modules/@fastify/ajv/x.js', 'f')).toBe('@fastify/ajv');
    expect(areaOf('file:///r/packages/kafka/dist/consumer.js', 'f')).toBe('@forewarn/kafka');
    expect(areaOf('node:internal/streams/readable', 'f')).toBe('node (internals)');
    expect(areaOf('', 'Buffer')).toBe('(native)');
  });
});
