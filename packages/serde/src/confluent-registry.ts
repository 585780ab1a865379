import {
  COMPATIBILITY,
  SchemaRegistry as ConfluentClient,
  SchemaType,
} from '@kafkajs/confluent-schema-registry';
import type { SchemaRegistry } from './schema-registry.js';

export interface RegistryConnection {
  /** Base URL of a Confluent-compatible API, e.g. Apicurio's `…/apis/ccompat/v7`. */
  url: string;
  username?: string | undefined;
  password?: string | undefined;
}

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
  const client = new ConfluentClient({
    host: conn.url,
    clientId: 'forewarn',
    ...(auth ? { auth } : {}),
  });
  return {
    register: async (subject, schema) => {
      const registered = await client.register(
        { type: SchemaType.AVRO, schema: JSON.stringify(schema) },
        { subject, compatibility: COMPATIBILITY.BACKWARD },
      );
      return registered.id;
    },
    getById: async (id) => {
      // The client hands back a parsed Avro type; its schema with attributes is the JSON form.
      const type = (await client.getSchema(id)) as unknown as { schema(opts?: object): object };
      return type.schema({ exportAttrs: true });
    },
  };
}
