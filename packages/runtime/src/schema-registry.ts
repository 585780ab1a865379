import { useSchemaRegistry, type RegistrySchemaIds } from '@forewarn/contracts';
import type { Logger } from '@forewarn/observability';
import { confluentSchemaRegistry } from '@forewarn/serde';
import type { ServiceEnv } from './service-env.js';

/**
 * With SCHEMA_REGISTRY_URL set, registers every event schema there and frames and reads with
 * the registry's ids; without it, the catalog's fixed ids stay in use. One place for every
 * service, before any producer or consumer starts.
 */
export async function useConfiguredSchemaRegistry(
  config: Pick<
    ServiceEnv,
    'SCHEMA_REGISTRY_URL' | 'SCHEMA_REGISTRY_USERNAME' | 'SCHEMA_REGISTRY_PASSWORD'
  >,
  logger: Logger,
): Promise<RegistrySchemaIds | undefined> {
  if (!config.SCHEMA_REGISTRY_URL) return undefined;
  const ids = await useSchemaRegistry(
    confluentSchemaRegistry({
      url: config.SCHEMA_REGISTRY_URL,
      username: config.SCHEMA_REGISTRY_USERNAME,
      password: config.SCHEMA_REGISTRY_PASSWORD,
    }),
  );
  logger.info(
    { url: config.SCHEMA_REGISTRY_URL },
    'event schemas registered; schema ids from the registry',
  );
  return ids;
}
