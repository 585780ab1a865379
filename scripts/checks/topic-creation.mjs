#!/usr/bin/env node
// Fails when a service creates Kafka topics itself. Topics (partitions, retention, compaction)
// are declared once in the contracts and created by the one topology command before any service
// starts; a service that creates its own gets the broker's defaults and depends on start order.
// Scanned: every service's src, the runtime every service starts through and the simulator that
// publishes as the sources would. Tests may create topics of their own; the topology command and
// the kafka package's admin helpers live elsewhere.
// Usage: node scripts/checks/topic-creation.mjs [root]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_CODE, tsFilesUnder } from '../lib-files.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CREATES_TOPICS = /\b(createTopics|ensureTopics|createPartitions)\s*\(/;
function scannedTrees(root) {
  const services = join(root, 'services');
  const serviceSrc = existsSync(services)
    ? readdirSync(services).map((s) => join(services, s, 'src'))
    : [];
  return [
    ...serviceSrc,
    join(root, 'packages', 'runtime', 'src'),
    join(root, 'packages', 'simulator', 'src'),
  ];
}

/** Every `file:line: text` where a service (or the runtime that starts it) creates a topic. */
export function topicCreations(root = ROOT) {
  const found = [];
  for (const file of scannedTrees(root).flatMap(tsFilesUnder)) {
    const rel = relative(root, file);
    if (TEST_CODE.test(rel)) continue;
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const code = line.replace(/\/\/.*$/, '');
        if (CREATES_TOPICS.test(code)) found.push(`${rel}:${i + 1}: ${line.trim()}`);
      });
  }
  return found;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const found = topicCreations(process.argv[2] ?? ROOT);
  if (found.length === 0) {
    console.log('no service creates a topic');
  } else {
    console.error(
      'services must not create topics (the topology command does, from the contracts):',
    );
    for (const f of found) console.error(`  ${f}`);
    process.exit(1);
  }
}
