import { describe, expect, it } from 'vitest';
import { sumMetric } from './metrics.js';

describe('sumMetric', () => {
  it('adds every label set of one metric and ignores metrics sharing its prefix', () => {
    const text = [
      '# HELP forewarn_kafka_consumer_lag lag',
      'forewarn_kafka_consumer_lag{topic="a",partition="0"} 3',
      'forewarn_kafka_consumer_lag{topic="a",partition="1"} 4',
      'forewarn_kafka_consumer_lag_total 100',
      'other 1',
    ].join('\n');
    expect(sumMetric(text, 'forewarn_kafka_consumer_lag')).toBe(7);
  });
});
