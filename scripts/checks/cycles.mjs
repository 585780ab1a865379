#!/usr/bin/env node
// Fails on any import cycle among the source files of packages/*/src and services/*/src.
// Type-only imports count too: a cycle of types still ties two modules into one.
// Usage: node scripts/checks/cycles.mjs [dir...]   (default: every package's and service's src)
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function defaultDirs() {
  return ['packages', 'services'].flatMap((group) =>
    readdirSync(join(ROOT, group))
      .map((name) => join(group, name, 'src'))
      .filter((dir) => existsSync(join(ROOT, dir))),
  );
}

/** The import cycles under `dirs`, each as the list of files it passes through. */
export async function findCycles(dirs, { cwd = ROOT } = {}) {
  const result = await cruise(dirs, {
    baseDir: cwd,
    tsPreCompilationDeps: true,
    exclude: { path: '(^|/)(node_modules|dist)/' },
    doNotFollow: { path: 'node_modules' },
    // NodeNext ESM: `./x.js` in a .ts file names ./x.ts.
    enhancedResolveOptions: { extensionAlias: { '.js': ['.ts', '.js'] } },
    validate: true,
    ruleSet: {
      forbidden: [{ name: 'no-cycle', severity: 'error', from: {}, to: { circular: true } }],
    },
  });
  const seen = new Set();
  const cycles = [];
  for (const v of result.output.summary.violations) {
    const path = [v.from, ...(v.cycle ?? []).map((step) => step.name ?? step)];
    // Each member of a cycle reports it once; keep one report per set of files.
    const id = [...new Set(path)].sort().join('|');
    if (seen.has(id)) continue;
    seen.add(id);
    cycles.push(path);
  }
  return cycles;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dirs = process.argv.length > 2 ? process.argv.slice(2) : defaultDirs();
  const cycles = await findCycles(dirs, { cwd: process.cwd() });
  if (cycles.length === 0) {
    console.log(`no import cycles in ${dirs.length} source trees`);
  } else {
    console.error(`${cycles.length} import cycle(s):`);
    for (const c of cycles) console.error(`  ${c.map((f) => relative('.', f)).join(' -> ')}`);
    process.exit(1);
  }
}
