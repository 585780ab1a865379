import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { trackingConfig, trackingEnv } from './config.js';

const parse = (env: Record<string, string>) => z.object(trackingEnv).parse(env);
const owners = {
  ORDER_API_URL: 'http://order:4101/',
  SHIPMENT_API_URL: 'http://shipment:4102',
  DETECTOR_API_URL: 'http://exception-detector:4103',
  TRACKING_API_KEY: 'reader-key-0123456789',
};

describe('tracking page configuration', () => {
  it('is off without a base URL, empty variables included (as compose passes them)', () => {
    expect(trackingConfig(parse({}))).toBeNull();
    expect(
      trackingConfig(
        parse({ TRACKING_BASE_URL: '', TRACKING_LINK_SECRET: '', TRACKING_API_KEY: '' }),
      ),
    ).toBeNull();
  });

  it('refuses a base URL without its secret: there is no default secret', () => {
    expect(() =>
      trackingConfig(parse({ TRACKING_BASE_URL: 'https://t.example', ...owners })),
    ).toThrow(/TRACKING_LINK_SECRET/);
    expect(() => parse({ TRACKING_LINK_SECRET: 'too-short' })).toThrow();
  });

  it('refuses a page that could not read the owners', () => {
    expect(() =>
      trackingConfig(
        parse({ TRACKING_BASE_URL: 'https://t.example', TRACKING_LINK_SECRET: 'x'.repeat(32) }),
      ),
    ).toThrow(/ORDER_API_URL/);
  });

  it('is on with everything set', () => {
    const cfg = trackingConfig(
      parse({
        TRACKING_BASE_URL: 'https://t.example/',
        TRACKING_LINK_SECRET: 'x'.repeat(32),
        ...owners,
      }),
    );
    expect(cfg).toMatchObject({
      baseUrl: 'https://t.example',
      ttlDays: 90,
      owners: { order: 'http://order:4101', apiKey: owners.TRACKING_API_KEY },
    });
  });
});
