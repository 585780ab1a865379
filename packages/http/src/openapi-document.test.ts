import { describe, expect, it } from 'vitest';
import { finishOpenApiDocument, operationIdOf, WILDCARD_PARAM } from './openapi-document.js';

describe('operationIdOf', () => {
  it('reads method and path, path parameters after "by"', () => {
    expect(operationIdOf('GET', '/v1/orders/{orderId}/promise')).toBe(
      'getV1OrdersByOrderIdPromise',
    );
    expect(operationIdOf('post', '/v1/dead-letters/{id}/replay')).toBe(
      'postV1DeadLettersByIdReplay',
    );
    expect(operationIdOf('get', '/healthz')).toBe('getHealthz');
  });
});

/** The document as the tests read it: any path, any operation field. */
interface Doc {
  openapi: string;
  servers?: { url: string }[];
  paths?: Record<string, Record<string, Record<string, unknown>>>;
}

describe('finishOpenApiDocument', () => {
  const doc = finishOpenApiDocument({
    openapi: '3.1.0',
    paths: {
      '/v1/orders': {
        get: {
          security: [{ apiKey: [] }],
          description: 'Lists orders. Newest first.',
          responses: {},
        },
        post: { summary: 'Create an order', responses: {} },
      },
      '/v1/orders/{orderId}': { get: { responses: {} } },
      // Punctuation apart, the same words: the second must not repeat the first's id.
      '/v1/orders-{orderId}': { get: { responses: {} } },
      '/v1/upstream/{service}/{*}': {
        get: {
          parameters: [
            { in: 'path', name: 'service', required: true },
            { in: 'path', name: '*', required: true },
          ],
          responses: {},
        },
      },
    },
  } as Parameters<typeof finishOpenApiDocument>[0]) as unknown as Doc;
  const ops = Object.values(doc.paths ?? {}).flatMap((item) =>
    Object.values(item as Record<string, { operationId?: string }>),
  );

  it('adds a server', () => expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]));

  it('gives every operation a unique operationId', () => {
    const ids = ops.map((o) => o.operationId);
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps a declared security requirement and marks the rest open', () => {
    expect(doc.paths?.['/v1/orders']?.['get']?.['security']).toEqual([{ apiKey: [] }]);
    expect(doc.paths?.['/v1/orders']?.['post']?.['security']).toEqual([]);
  });

  it('keeps a summary, else takes the description’s first sentence, else method and path', () => {
    expect(doc.paths?.['/v1/orders']?.['post']?.['summary']).toBe('Create an order');
    expect(doc.paths?.['/v1/orders']?.['get']?.['summary']).toBe('Lists orders');
    expect(doc.paths?.['/v1/orders/{orderId}']?.['get']?.['summary']).toBe(
      'GET /v1/orders/{orderId}',
    );
  });

  it('names the wildcard as a template parameter', () => {
    const path = `/v1/upstream/{service}/{${WILDCARD_PARAM}}`;
    expect(Object.keys(doc.paths ?? {})).toContain(path);
    const names = (doc.paths?.[path]?.['get']?.['parameters'] as { name: string }[]).map(
      (p) => p.name,
    );
    expect(names).toEqual(['service', WILDCARD_PARAM]);
  });
});
