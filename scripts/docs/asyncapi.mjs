// docs/asyncapi.json: the contracts' AsyncAPI document with who produces and consumes each topic
// taken from the service definitions (`consumes` / `produces`, which the runtime enforces).
import { importFrom } from './services.mjs';

export async function asyncApiDocument(root, services) {
  const { buildAsyncApi } = await importFrom(root, 'packages/contracts/dist/index.js');
  const { asyncApiErrors } = await importFrom(root, 'packages/contracts/dist/asyncapi/validate.js');
  const doc = buildAsyncApi({
    services: services.map(({ def }) => ({ name: def.name, consumes: def.consumes ?? [], produces: def.produces ?? [] })),
  });
  const errors = await asyncApiErrors(doc);
  if (errors.length > 0) throw new Error(`invalid AsyncAPI document:\n${errors.join('\n')}`);
  return doc;
}
