import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { OpenAPIV3_1 } from 'openapi-types';
import { finishOpenApiDocument } from './openapi-document.js';

export const DOCS_PREFIX = '/docs';

/** Name of the security scheme that secured routes list in their `security` requirement. */
export const API_KEY_SCHEME = 'apiKey';
export const DEFAULT_API_KEY_HEADER = 'x-api-key';

export interface OpenApiOptions {
  title: string;
  description: string;
  tags?: { name: string; description?: string }[];
}

export interface ApiKeySecurityOptions {
  /** Header carrying the key; defaults to x-api-key. */
  headerName?: string;
  description?: string;
}

/**
 * The document is generated from the routes' zod schemas; nobody writes it by hand. Must be
 * registered (awaited) before any route, because it collects routes as they are added.
 */
export async function registerOpenApi(
  app: FastifyInstance,
  opts: { version: string; openapi: OpenApiOptions; security?: ApiKeySecurityOptions },
): Promise<void> {
  const securitySchemes: Record<string, OpenAPIV3_1.SecuritySchemeObject> = {};
  if (opts.security) {
    securitySchemes[API_KEY_SCHEME] = {
      type: 'apiKey',
      in: 'header',
      name: opts.security.headerName ?? DEFAULT_API_KEY_HEADER,
      description: opts.security.description ?? 'API key issued to your organisation',
    };
  }
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: opts.openapi.title,
        description: opts.openapi.description,
        version: opts.version,
      },
      tags: [
        ...(opts.openapi.tags ?? []),
        { name: 'ops', description: 'Health, readiness and metrics' },
      ],
      components: { securitySchemes },
    },
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      // Who may call it, from the same declaration the auth plugin enforces.
      const config = (input.route.config ?? {}) as { roles?: readonly string[]; open?: string };
      const access = config.roles
        ? { 'x-roles': [...config.roles] }
        : config.open
          ? { 'x-open': config.open }
          : {};
      return { ...out, schema: { ...out.schema, ...access } };
    },
    transformObject: (input) =>
      finishOpenApiDocument(jsonSchemaTransformObject(input) as Partial<OpenAPIV3_1.Document>),
  });
  await app.register(fastifySwaggerUi, { routePrefix: DOCS_PREFIX });
}
