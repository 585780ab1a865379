import { lookup as dnsLookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** An operator's exception: a CIDR, or a host name whose every address may be reached. */
export type AllowRule = { cidr: [Address, number] } | { host: string };

/** A resolved address the send may connect to, and only that one. */
export interface Target {
  address: string;
  family: 4 | 6;
}

export type Resolve = (host: string) => Promise<Target[]>;

/** Cloud metadata endpoints, named apart so the refusal says what was asked for. */
const METADATA = new Set(['169.254.169.254', 'fd00:ec2::254', '100.100.100.200']);

/** A URL we refuse to call, with the reason; safe to show to whoever registered the URL. */
export class UnsafeTarget extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeTarget';
  }
}

function parseRule(entry: string): AllowRule | undefined {
  if (entry.includes('/')) {
    try {
      return { cidr: ipaddr.parseCIDR(entry) };
    } catch {
      return undefined;
    }
  }
  if (ipaddr.isValid(entry)) {
    const ip = ipaddr.parse(entry);
    return { cidr: [ip, ip.kind() === 'ipv4' ? 32 : 128] };
  }
  return /^[a-z0-9.-]+$/i.test(entry) ? { host: entry.toLowerCase() } : undefined;
}

/**
 * Env field: comma-separated CIDRs, addresses or host names that customer webhooks may reach
 * although private (an internal receiver). Empty by default: only public unicast addresses.
 */
export const allowListFromCsv = z
  .string()
  .default('')
  .transform((raw, ctx) => {
    const rules: AllowRule[] = [];
    for (const entry of raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const rule = parseRule(entry);
      if (rule) rules.push(rule);
      else ctx.addIssue({ code: 'custom', message: `not a CIDR, address or host name: ${entry}` });
    }
    return rules;
  });

const unmapped = (ip: Address): Address =>
  ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()
    ? (ip as ipaddr.IPv6).toIPv4Address()
    : ip;

/** Why an address is not a public unicast one (private, loopback, metadata…), or undefined. */
export function refusedRange(address: string): string | undefined {
  const ip = unmapped(ipaddr.parse(address));
  if (METADATA.has(ip.toNormalizedString()) || METADATA.has(ip.toString())) return 'metadata';
  const range = ip.range();
  return range === 'unicast' ? undefined : range;
}

function allowedByCidr(rules: readonly AllowRule[], address: string): boolean {
  const ip = unmapped(ipaddr.parse(address));
  return rules.some((r) => 'cidr' in r && r.cidr[0].kind() === ip.kind() && ip.match(r.cidr));
}

const systemResolve: Resolve = async (host) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

/** The URL's host without the brackets an IPv6 literal carries in a URL. */
export const bareHost = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

/**
 * Resolves a webhook URL's host and returns its addresses, or throws UnsafeTarget when the URL
 * is not http(s) or any address is not public unicast (a name that resolves to one public and
 * one private address is refused: the connection could land on either). The caller connects
 * to a returned address, never resolving again, so DNS cannot change the answer in between.
 */
export async function resolveTarget(
  url: URL,
  allow: readonly AllowRule[],
  resolve: Resolve = systemResolve,
): Promise<Target[]> {
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new UnsafeTarget(`webhook URLs must be http or https, not ${url.protocol}`);
  if (url.username || url.password)
    throw new UnsafeTarget('webhook URLs may not carry credentials');
  const host = bareHost(url);
  const hostAllowed = allow.some((r) => 'host' in r && r.host === host.toLowerCase());
  const targets = ipaddr.isValid(host)
    ? [{ address: host, family: ipaddr.parse(host).kind() === 'ipv6' ? 6 : 4 } as Target]
    : await resolve(host).catch((err: unknown) => {
        // A name that does not exist is final; a DNS server that did not answer is not.
        const code = (err as { code?: string }).code;
        if (code === 'ENOTFOUND' || code === 'ENODATA')
          throw new UnsafeTarget(`webhook host ${host} does not resolve`);
        throw err;
      });
  if (targets.length === 0) throw new UnsafeTarget(`webhook host ${host} does not resolve`);
  for (const t of targets) {
    const range = refusedRange(t.address);
    if (range === undefined || allowedByCidr(allow, t.address)) continue;
    if (hostAllowed && range !== 'metadata') continue;
    throw new UnsafeTarget(`webhook host ${host} resolves to a ${range} address, which is refused`);
  }
  return targets;
}
