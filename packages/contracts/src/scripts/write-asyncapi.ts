import { generatedFiles, writeGeneratedFiles } from '../asyncapi/generated-files.js';
import { asyncApiErrors } from '../asyncapi/validate.js';

// Writes asyncapi.json and jsonschema/*.schema.json, refusing to write an invalid document.
const files = generatedFiles();
const errors = await asyncApiErrors(files.get('asyncapi.json') as Record<string, unknown>);
if (errors.length > 0) {
  console.error(`invalid AsyncAPI document:\n${errors.join('\n')}`);
  process.exit(1);
}
writeGeneratedFiles(files);
console.log(`wrote ${files.size} files`);
