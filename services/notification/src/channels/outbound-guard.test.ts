import { describe, expect, it } from 'vitest';
import { allowListFromCsv, refusedRange, resolveTarget, UnsafeTarget } from './outbound-guard.js';

const none = allowListFromCsv.parse('');
const refusal = (url: string, allow = none, resolve?: (h: string) => Promise<never[]>) =>
  resolveTarget(new URL(url), allow, resolve).then(
    () => undefined,
    (err: unknown) => (err instanceof UnsafeTarget ? err.message : err),
  );

describe('which addresses a webhook may reach', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['10.255.255.254', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'metadata'],
    ['169.254.1.1', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['224.0.0.1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fd00:ec2::254', 'metadata'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
  ])('refuses %s (%s)', (address, range) => {
    expect(refusedRange(address)).toBe(range);
  });

  it.each(['8.8.8.8', '93.184.216.34', '2001:4860:4860::8888', '::ffff:8.8.8.8'])(
    'lets public unicast %s through',
    (address) => {
      expect(refusedRange(address)).toBeUndefined();
    },
  );
});

describe('resolveTarget', () => {
  it('refuses literal private addresses in URLs, IPv6 in brackets included', async () => {
    expect(await refusal('http://127.0.0.1:8080/x')).toMatch(/loopback/);
    expect(await refusal('https://10.1.2.3/x')).toMatch(/private/);
    expect(await refusal('http://169.254.169.254/latest/meta-data/')).toMatch(/metadata/);
    expect(await refusal('http://[::1]:9/')).toMatch(/loopback/);
    expect(await refusal('http://[fd00:ec2::254]/')).toMatch(/metadata/);
  });

  it('refuses a name when any of its addresses is private, resolving it once', async () => {
    const lookups: string[] = [];
    const resolve = async (host: string) => {
      lookups.push(host);
      return [
        { address: '93.184.216.34', family: 4 as const },
        { address: '10.0.0.7', family: 4 as const },
      ];
    };
    const err = await resolveTarget(new URL('https://hooks.example.com/in'), none, resolve).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UnsafeTarget);
    expect((err as Error).message).toMatch(/hooks\.example\.com resolves to a private address/);
    expect(lookups).toEqual(['hooks.example.com']);
  });

  it('answers the checked addresses for a public name', async () => {
    const resolve = async () => [{ address: '93.184.216.34', family: 4 as const }];
    expect(await resolveTarget(new URL('https://hooks.example.com/'), none, resolve)).toEqual([
      { address: '93.184.216.34', family: 4 },
    ]);
  });

  it('resolves names through DNS: localhost is loopback', async () => {
    expect(await refusal('http://localhost:9/')).toMatch(/loopback/);
  });

  it('refuses other schemes and URLs with credentials', async () => {
    expect(await refusal('file:///etc/passwd')).toMatch(/http or https/);
    expect(await refusal('ftp://8.8.8.8/')).toMatch(/http or https/);
    expect(await refusal('https://user:pw@8.8.8.8/')).toMatch(/credentials/);
  });

  it('lets an operator allow a CIDR or a host, but never the metadata address by host', async () => {
    const allow = allowListFromCsv.parse('127.0.0.1/32, 10.0.0.0/8, receiver.internal');
    expect(await refusal('http://127.0.0.1:8080/', allow)).toBeUndefined();
    expect(await refusal('http://10.20.30.40/', allow)).toBeUndefined();
    expect(await refusal('http://192.168.0.1/', allow)).toMatch(/private/);
    const internal = async () => [{ address: '172.16.0.9', family: 4 as const }];
    expect(await resolveTarget(new URL('http://receiver.internal/'), allow, internal)).toHaveLength(
      1,
    );
    const metadata = async () => [{ address: '169.254.169.254', family: 4 as const }];
    const err = await resolveTarget(new URL('http://receiver.internal/'), allow, metadata).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UnsafeTarget);
  });

  it('lists every bad allow-list entry at start-up', () => {
    const r = allowListFromCsv.safeParse('10.0.0.0/33,not a host!,127.0.0.1');
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message)).toEqual([
      'not a CIDR, address or host name: 10.0.0.0/33',
      'not a CIDR, address or host name: not a host!',
    ]);
  });
});
