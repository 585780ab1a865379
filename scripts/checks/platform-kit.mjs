#!/usr/bin/env node
// Fails when a package or service makes its own copy of a mechanism the platform kit
// (packages/platform) holds once: ids, HMAC signing, backoff and the retry policy, polling loops
// and paging cursors.
// Decoding has one door too: services read records through contracts' readRecord, never the codec
// or the wire format themselves. Error codes are checked where docs/error-codes.md is generated.
// A place that must differ is listed in ALLOWED with its reason; the list is the known exceptions.
// Usage: node scripts/checks/platform-kit.mjs [root]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_CODE, tsFilesUnder } from '../lib-files.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const RULES = [
  {
    what: 'ids',
    pattern: /\brandomUUID\(|from 'uuid'|\brandomBytes\(\d+\)\.toString\('hex'\)/,
    use: 'uuidV7 / nameUuid',
  },
  { what: 'signing', pattern: /\bcreateHmac\(/, use: 'sign / verify' },
  {
    what: 'backoff',
    pattern: /\b2 \*\* \(?[A-Za-z_]|Math\.pow\(2,/,
    use: 'retryDelay / backoffCeiling',
  },
  // A retry decision built on the raw jittered backoff is a retry policy of its own.
  { what: 'retry', pattern: /\bfullJitterDelay\(/, use: 'decideOnFailure / retryDelay' },
  { what: 'polling', pattern: /\bsetInterval\(/, use: 'startPoller / startHeartbeat' },
  // An opaque token of our own (a paging cursor) is the kit's cursorCodec, whose parts are checked.
  { what: 'cursor', pattern: /'base64url'/, use: 'cursorCodec' },
  {
    what: 'decoding',
    pattern: /\b(decodeEvent|unframe)\(/,
    use: "contracts' readRecord",
    servicesOnly: true,
  },
];

/** Known places that keep their own code, by file, with the reason. */
export const ALLOWED = {
  'packages/edi/src/webhooks/signatures.ts': {
    signing: "carrier aggregators' own signature schemes (adapters)",
  },
  'services/notification/src/channels/twilio-signature.ts': {
    signing: "Twilio's own X-Twilio-Signature scheme (adapter)",
  },
};

function trees(root) {
  const under = (group) =>
    existsSync(join(root, group))
      ? readdirSync(join(root, group)).map((d) => join(root, group, d, 'src'))
      : [];
  // The kit itself, and testkit, whose names only keep parallel test runs apart.
  const skipped = ['platform', 'testkit'].map((p) => join(root, 'packages', p, 'src'));
  return [...under('packages').filter((d) => !skipped.includes(d)), ...under('services')];
}

/** Every `file:line: [what] text` where code outside the kit makes its own copy of a kit mechanism. */
export function kitCopies(root = ROOT) {
  const found = [];
  for (const file of trees(root).flatMap(tsFilesUnder)) {
    const rel = relative(root, file).split('\\').join('/');
    if (TEST_CODE.test(rel)) continue;
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const code = line.replace(/\/\/.*$/, '');
        for (const rule of RULES) {
          if (rule.servicesOnly && !rel.startsWith('services/')) continue;
          if (!rule.pattern.test(code) || ALLOWED[rel]?.[rule.what]) continue;
          found.push(`${rel}:${i + 1}: [${rule.what}: use the kit's ${rule.use}] ${line.trim()}`);
        }
      });
  }
  return found;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const found = kitCopies(process.argv[2] ?? ROOT);
  if (found.length === 0) {
    console.log('no copies of the platform kit outside packages/platform');
  } else {
    console.error('mechanisms the platform kit (packages/platform) holds once, made again:');
    for (const f of found) console.error(`  ${f}`);
    process.exit(1);
  }
}
