import { stat } from 'node:fs/promises';
import { renderProfile } from './cpuprofile.js';
import { latestProfile, readProfile } from './profile-file.js';

/** `node dist/bench/profile-summary.js <file.cpuprofile | dir> [top]`: self time by function and area. */
async function main(): Promise<void> {
  const [target, topText] = process.argv.slice(2);
  if (!target) throw new Error('usage: profile-summary <file.cpuprofile | directory> [top]');
  const top = Number(topText ?? 20);
  const found = (await stat(target)).isDirectory()
    ? await latestProfile(target, top)
    : await readProfile(target, top);
  if (!found) throw new Error(`no .cpuprofile in ${target}`);
  console.log(`${found.file}\n${renderProfile(found.summary)}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
