// docs/asyncapi.json: the contracts' AsyncAPI document, whose producers and consumers come from
// SERVICE_TOPICS, the declarations each service's runtime subscribes and publishes from. Every
// service definition must run from one of them, and every declaration must have its service.
import { importFrom } from './services.mjs';

export async function asyncApiDocument(root, services) {
  const { buildAsyncApi, allServiceTopics } = await importFrom(root, 'packages/contracts/dist/index.js');
  const { asyncApiErrors } = await importFrom(root, 'packages/contracts/dist/asyncapi/validate.js');
  const declared = new Map(allServiceTopics.map((s) => [s.name, s]));
  for (const { dir, def } of services) {
    const own = declared.get(def.name);
    if (!def.declares || JSON.stringify(def.declares) !== JSON.stringify(own))
      throw new Error(`services/${dir}: its definition does not declare its topics as SERVICE_TOPICS.${def.name}`);
    declared.delete(def.name);
  }
  if (declared.size > 0) throw new Error(`SERVICE_TOPICS declares services that do not exist: ${[...declared.keys()].join(', ')}`);
  const doc = buildAsyncApi();
  const errors = await asyncApiErrors(doc);
  if (errors.length > 0) throw new Error(`invalid AsyncAPI document:\n${errors.join('\n')}`);
  return doc;
}
