import { z } from 'zod';

/** One line per problem, prefixed with where it is, e.g. `lines.0.qty: Too small`. */
export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const where = issue.path.map(String).join('.') || '(root)';
    return `${where}: ${issue.message}`;
  });
}

/** The JSON form's own fields: they name the event, they are not part of its value. */
export const ENVELOPE_FIELDS = ['type', 'schemaVersion'] as const;

/**
 * Removes the envelope fields a schema does not declare, so strict schemas accept JSON events.
 * When the schema is not a plain object (a union, say) its keys cannot be seen: `type` is kept,
 * as unions usually discriminate on it, and `schemaVersion` dropped.
 */
export function withoutEnvelope(
  schema: z.ZodType,
  value: Record<string, unknown>,
): Record<string, unknown> {
  const declared = schema instanceof z.ZodObject ? Object.keys(schema.shape) : ['type'];
  const out = { ...value };
  for (const field of ENVELOPE_FIELDS) {
    if (!declared.includes(field)) delete out[field];
  }
  return out;
}
