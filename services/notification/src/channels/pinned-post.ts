import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { traceHeaders } from '@forewarn/observability';
import { bareHost, type Target } from './outbound-guard.js';

export interface PinnedPost {
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/** A lookup that answers with the address already checked, whatever DNS would say now. */
function pinned(target: Target): LookupFunction {
  return (_host, options, callback) => {
    if (options.all) callback(null, [target]);
    else callback(null, target.address, target.family);
  };
}

/**
 * POSTs to `url` over a connection to `target` (TLS still verifies the URL's host name) and
 * answers the status code only: redirects are not followed and the body is never read.
 */
export function postPinned(url: URL, target: Target, opts: PinnedPost): Promise<number> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      {
        method: 'POST',
        protocol: url.protocol,
        hostname: bareHost(url),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        // The notice send's trace goes along (nothing with tracing off).
        headers: {
          ...traceHeaders(),
          ...opts.headers,
          'content-length': Buffer.byteLength(opts.body),
        },
        lookup: pinned(target),
        signal: AbortSignal.timeout(opts.timeoutMs),
        agent: false,
      },
      (res) => {
        resolve(res.statusCode ?? 0);
        res.destroy();
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}
