export { DecodeError, EncodeError, type DecodeReason, type EncodeReason } from './errors.js';
export { frame, unframe, MAGIC_BYTE, HEADER_LENGTH, type Framed } from './wire-format.js';
export {
  LocalSchemaRegistry,
  canonicalJson,
  contentSchemaId,
  recordNameOf,
  type SchemaRegistry,
  type PresetSchema,
} from './schema-registry.js';
export { confluentSchemaRegistry, type RegistryConnection } from './confluent-registry.js';
