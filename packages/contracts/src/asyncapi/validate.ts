import { Parser, DiagnosticSeverity } from '@asyncapi/parser';
import type { AsyncApiDocument } from './build.js';

/**
 * Validates a document against the official AsyncAPI specification (schema, references and
 * bindings) and returns its errors; warnings and hints are not failures.
 */
export async function asyncApiErrors(document: AsyncApiDocument): Promise<string[]> {
  const diagnostics = await new Parser().validate(JSON.stringify(document));
  return diagnostics
    .filter((d) => d.severity === DiagnosticSeverity.Error)
    .map((d) => `${d.path.join('.') || '(document)'}: ${d.message}`);
}
