// The TypeScript source files under a directory, for the checks and the docs generator.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SKIPPED_DIRS = new Set(['node_modules', 'dist', '__fixtures__']);

/** Every `.ts` file under `dir` (not declarations), skipping build output and dependencies. */
export function tsFilesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return SKIPPED_DIRS.has(name) ? [] : tsFilesUnder(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Test code: test files, fixtures and test-support modules, by path. */
export const TEST_CODE = /\.(test|int\.test|e2e\.test|fixtures)\.ts$|(^|\/)(test-support|testing|__fixtures__)(\/|\.ts$)/;
