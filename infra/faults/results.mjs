// One line per scenario for the console, and the RESULTS.md table.
import { execFileSync } from 'node:child_process';
import os from 'node:os';

export function scenarioLine(r) {
  const head = `${r.verdict ? (r.verdict.failed ? 'FAIL' : 'PASS') : r.error ? 'FAIL' : 'BASE'}  ${r.name.padEnd(30)}`;
  if (r.error) return `${head} error: ${r.error}`;
  if (!r.verdict) {
    const f = r.figures;
    return `${head} ${f.received} events taken in, ${f.inbox} inbox rows, ${f.cases} cases, ${f.notices} notices, ${f.dlq} dead letters (${r.seconds.toFixed(0)} s; ${r.faultNote})`;
  }
  const v = r.verdict;
  const d = v.detail;
  // What failed, on the line itself: CI's log is often all there is.
  const why = [
    d.lostExamples.length ? `lost e.g. ${d.lostExamples.join(', ')}` : '',
    d.duplicateCaseExamples.length ? `dup cases e.g. ${d.duplicateCaseExamples.join(', ')}` : '',
    d.duplicateNoticeExamples.length
      ? `dup notices e.g. ${d.duplicateNoticeExamples.join(', ')}`
      : '',
    d.deadLetterReasons.length ? `DLQ: ${d.deadLetterReasons.join('; ')}` : '',
  ].filter(Boolean);
  return `${head} lost ${v.lost}, duplicate cases ${v.duplicateCases}, duplicate notices ${v.duplicateNotices}, healthy in DLQ ${v.healthyDeadLetters} (${r.seconds.toFixed(0)} s; ${r.faultNote})${v.failed && why.length ? `\n      ${why.join('\n      ')}` : ''}`;
}

function machine() {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
}

function commit() {
  // A run from a copy without .git (git archive) is told its commit.
  if (process.env.FAULTS_COMMIT) return process.env.FAULTS_COMMIT;
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD']).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'])
      .toString()
      .trim();
    return dirty ? `${sha} (working tree with uncommitted changes)` : sha;
  } catch {
    return 'unknown';
  }
}

export function renderResults({
  knobs,
  results,
  retries,
  load,
  minutes,
  command = 'pnpm test:faults',
}) {
  const rows = results.map((r) => {
    if (r.error) return `| ${r.name} | — | — | — | — | error: ${r.error.replaceAll('|', '/')} |`;
    if (!r.verdict) {
      const f = r.figures;
      return `| ${r.name} | | | | | reference: ${f.received} events taken in by ingestion, ${f.inbox} inbox rows, ${f.cases} cases, ${f.notices} notices, ${f.dlq} dead letters (the day's malformed messages); ${r.faultNote}; ${r.seconds.toFixed(0)} s |`;
    }
    const v = r.verdict;
    const d = v.detail;
    const why = [
      r.faultNote,
      d.deadLetterReasons.length ? `DLQ: ${d.deadLetterReasons.join('; ')}` : '',
      d.poisonDeadLetteredAgain
        ? `malformed messages dead-lettered again: ${d.poisonDeadLetteredAgain}`
        : '',
      d.lostExamples.length ? `lost e.g. ${d.lostExamples.join(', ')}` : '',
      d.duplicateCaseExamples.length ? `dup cases e.g. ${d.duplicateCaseExamples.join(', ')}` : '',
      d.silenceCasesAllowed
        ? `${d.silenceCasesAllowed} subject(s) the fault silenced with one silence case beyond the baseline's (allowed)`
        : '',
      d.doubleSends || d.sinkExcess
        ? `double sends ${d.doubleSends}, endpoint excess ${d.sinkExcess}`
        : '',
      r.obs?.sinks?.emailRepeated
        ? `mails the endpoint got again under a Message-ID it had (a send whose outcome the crash left unknown, sent again with the same key; a receiver drops it, not counted): ${r.obs.sinks.emailRepeated}`
        : '',
      `vs baseline: ${d.casesMissingVsBaseline} cases and ${d.noticesMissingVsBaseline} notice keys not seen, ${d.noticeSubjectsBeyondBaseline} notices beyond its count per (contact, channel, template, subject), ${d.sourceEventsBeyondBaseline} source events beyond it`,
      `drained in ${r.drainSeconds.toFixed(0)} s, ${r.seconds.toFixed(0)} s in all`,
    ]
      .filter(Boolean)
      .join('. ')
      .replaceAll('|', '/');
    return `| ${r.name} | ${v.lost} | ${v.duplicateCases} | ${v.duplicateNotices} | ${v.healthyDeadLetters} | ${why} |`;
  });
  const failedCount = results.filter((r) => r.error || r.verdict?.failed).length;
  return `# Fault suite results

Written by \`${command}\` (infra/faults/run.sh) on ${new Date().toISOString()}.

- Commit: ${commit()}
- Machine: ${machine()}
- Day: seed ${knobs.seed}, ${knobs.orders} orders, ${knobs.days} days at ${knobs.speed}× (a sim day every ${(86_400 / knobs.speed).toFixed(0)} s wall); each fault fires ${Math.round(knobs.faultAt * 100)} % into the sim window
- Machine load: load average ${load ? `${load.min.toFixed(1)}–${load.max.toFixed(1)}` : 'not sampled'} (1 min, sampled every 10 s); the suite took ${minutes === undefined ? '?' : minutes.toFixed(1)} min
- Sources retried ${retries} POSTs the stack could not take during faults (as real sources do)
- Verdict: ${failedCount === 0 ? 'every scenario at zero' : `${failedCount} scenario(s) failed`}

Counts are against the undisturbed baseline of the same seed: **lost** = source events the
baseline's consumers applied (inbox rows, and events ingestion took in) that this run's did not;
**duplicate cases** = cases per (type, subject) beyond the baseline's count (silence cases: beyond
it at all, but for one per subject the fault itself silenced); **duplicate notices** =
notices per (contact, channel, idempotency key) beyond the baseline's, plus provider calls beyond
one per notice (delivery log and the customers' endpoints); **healthy in DLQ** = dead letters
beyond the baseline's (which holds only the day's deliberately malformed messages).

| scenario | lost | duplicate cases | duplicate notices | healthy in DLQ | notes |
|---|---|---|---|---|---|
${rows.join('\n')}
`;
}
