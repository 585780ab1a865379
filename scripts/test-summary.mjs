// Sums the vitest JSON reports of every workspace package into one closing line, so CI logs
// say plainly how many tests ran. Exits non-zero when a package ran no test file at all, or its
// run did not succeed (a failed test, or a file that failed to load). Names every package whose
// first run passed its deadline (infra/test.sh runs those once more).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
const unsuccessful = [];
const stalls = [];
const failures = [];
for (const group of ['packages', 'services']) {
  const dir = path.join(root, group);
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir)) {
    const pkg = path.join(dir, name);
    const manifest = path.join(pkg, 'package.json');
    if (!existsSync(manifest)) continue;
    if (!JSON.parse(readFileSync(manifest, 'utf8')).scripts?.test) continue;
    const stall = path.join(pkg, '.test-stalled-first.json');
    if (existsSync(stall)) {
      const { files = [] } = JSON.parse(readFileSync(stall, 'utf8'));
      stalls.push(`${group}/${name} (unfinished: ${files.join(', ') || 'unknown'})`);
    }
    const report = path.join(pkg, '.test-results.json');
    if (!existsSync(report)) {
      missing.push(`${group}/${name}`);
      continue;
    }
    const r = JSON.parse(readFileSync(report, 'utf8'));
    passed += r.numPassedTests ?? 0;
    failed += r.numFailedTests ?? 0;
    skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    if (r.success === false) unsuccessful.push(`${group}/${name}`);
    // Named again here because CI's log is often read from its end only.
    for (const file of r.testResults ?? []) {
      const where = `${group}/${name}/${path.relative(pkg, file.name ?? '')}`;
      const failedTests = (file.assertionResults ?? []).filter((t) => t.status === 'failed');
      for (const t of failedTests) {
        const why = String(t.failureMessages?.[0] ?? '').split('\n')[0].slice(0, 300);
        failures.push(`${where} > ${t.fullName ?? t.title}: ${why}`);
      }
      if (!failedTests.length && file.status === 'failed') {
        failures.push(`${where}: ${String(file.message ?? 'failed to run').split('\n')[0].slice(0, 300)}`);
      }
    }
  }
}
if (stalls.length) console.log(`first run passed its deadline, ran again: ${stalls.join('; ')}`);
if (missing.length) console.log(`no test report from: ${missing.join(', ')}`);
if (unsuccessful.length) console.log(`runs that did not succeed: ${unsuccessful.join(', ')}`);
for (const f of failures) console.log(`failed: ${f}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || missing.length > 0 || unsuccessful.length > 0 ? 1 : 0);
