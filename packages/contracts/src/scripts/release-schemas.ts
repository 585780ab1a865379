import { evolutionProblems } from '../evolution/check.js';
import {
  planRelease,
  readLedger,
  readReleased,
  writeRelease,
} from '../evolution/released-store.js';
import { eventTypes } from '../registry.js';

// Snapshots every catalog version not yet released. Refuses to touch a released version, and to
// release anything while the catalog breaks compatibility with what is already out there.
const released = readReleased();
const ledger = readLedger();
const plan = planRelease(eventTypes, released);
if (plan.refused.length > 0) {
  console.error(plan.refused.join('\n'));
  process.exit(1);
}
const blocking = evolutionProblems(eventTypes, released, ledger, { requireReleased: false });
if (blocking.length > 0) {
  console.error(blocking.join('\n'));
  process.exit(1);
}
writeRelease(plan, ledger);
console.log(
  plan.toWrite.length === 0
    ? 'nothing to release'
    : `released:\n${plan.toWrite.map((e) => `  ${e.type} v${e.version} (schema id ${e.schemaId})`).join('\n')}`,
);
