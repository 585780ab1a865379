import type { SchemaRegistry as ConfluentClient } from '@kafkajs/confluent-schema-registry';
import type { SchemaRegistry } from './schema-registry.js';

export interface RegistryConnection {
  /** Base URL of a Confluent-compatible API, e.g. Apicurio's `…/apis/ccompat/v7`. */
  url: string;
  username?: string | undefined;
  password?: string | undefined;
}

// The client brings ajv, protobufjs and mappersmith: 3 MB of heap and a few hundred ms at import,
// in every service (runtime imports this package), though only a deployment with
// SCHEMA_REGISTRY_URL set uses it. Both calls are async, so it is imported at the first one.
const library = () => import('@kafkajs/confluent-schema-registry');

/**
 * A Confluent-compatible schema registry over HTTP, through `@kafkajs/confluent-schema-registry`.
 * A subject registered for the first time is set to BACKWARD compatibility, so the registry
 * refuses a new version that cannot read the data written with the previous one; a subject
 * already set to another level is refused rather than silently used.
 */
export function confluentSchemaRegistry(conn: RegistryConnection): SchemaRegistry {
  const auth =
    conn.username !== undefined
      ? { username: conn.username, password: conn.password ?? '' }
      : undefined;
  let client: Promise<ConfluentClient> | undefined;
  const connected = () =>
    (client ??= library().then(
      ({ SchemaRegistry: Client }) =>
        new Client({ host: conn.url, clientId: 'forewarn', ...(auth ? { auth } : {}) }),
    ));
  return {
    register: async (subject, schema) => {
      const { COMPATIBILITY, SchemaType } = await library();
      const registry = await connected();
      const registered = await registry.register(
        { type: SchemaType.AVRO, schema: JSON.stringify(schema) },
        { subject, compatibility: COMPATIBILITY.BACKWARD },
      );
      return registered.id;
    },
    getById: async (id) => {
      const registry = await connected();
      // The client hands back a parsed Avro type; its schema with attributes is the JSON form.
      const type = (await registry.getSchema(id)) as unknown as { schema(opts?: object): object };
      return type.schema({ exportAttrs: true });
    },
  };
}
