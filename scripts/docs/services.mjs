// The service definitions, read from each service's built service.js (run `pnpm build` first):
// every export shaped like a ServiceDefinition, so a new service is documented without a list.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const isDefinition = (v) =>
  v !== null && typeof v === 'object' && typeof v.name === 'string' && typeof v.schema === 'string' && Array.isArray(v.migrations);

/** `[{ dir, def }]` for every service, sorted by name. */
export async function loadServices(root = ROOT) {
  const found = [];
  for (const dir of readdirSync(join(root, 'services')).sort()) {
    const file = join(root, 'services', dir, 'dist', 'service.js');
    if (!existsSync(file)) throw new Error(`${file} is missing: run pnpm build first`);
    const mod = await import(pathToFileURL(file).href);
    const defs = Object.values(mod).filter(isDefinition);
    if (defs.length !== 1) throw new Error(`services/${dir}: expected one service definition, found ${defs.length}`);
    found.push({ dir, def: defs[0] });
  }
  return found.sort((a, b) => a.def.name.localeCompare(b.def.name));
}

/** Imports a module of a package or service by its path from the repository root. */
export async function importFrom(root, path) {
  return import(pathToFileURL(join(root, path)).href);
}
