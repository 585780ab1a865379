import { appendFile, mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Admin } from 'kafkajs';
import type { BenchResult } from './result.js';

const HEADER = `# Benchmark results

\`pnpm bench\` appends one section per run (newest last); the JSON of each run is in
\`bench/results/\`. How the figures are measured: \`packages/simulator/src/bench/README.md\`.

`;

/** Writes bench/results/<stamp>.json and appends the run's section to bench/RESULTS.md. */
export async function saveResult(
  root: string,
  stamp: string,
  result: BenchResult,
  markdown: string,
): Promise<{ json: string; markdown: string }> {
  const dir = path.join(root, 'bench', 'results');
  await mkdir(dir, { recursive: true });
  const json = path.join(dir, `${stamp}.json`);
  await writeFile(json, `${JSON.stringify(result, null, 2)}\n`);
  const md = path.join(root, 'bench', 'RESULTS.md');
  const exists = await stat(md).then(
    () => true,
    () => false,
  );
  await appendFile(md, `${exists ? '' : HEADER}${markdown}\n`);
  return { json, markdown: md };
}

/** The run's topics (all under its prefix) go, so repeated runs do not pile up on the broker. */
export async function deleteTopics(admin: Admin, prefix: string): Promise<void> {
  const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
  if (topics.length > 0)
    await admin.deleteTopics({ topics, timeout: 30_000 }).catch(() => undefined);
}
