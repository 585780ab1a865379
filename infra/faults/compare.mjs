// A disturbed run against the undisturbed baseline of the same seed: pure functions over what
// observe.mjs read, so the verdict can be tested without a stack.

/** Occurrences of each key. */
export function tally(keys) {
  const m = new Map();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}

/** Keys of `base` that `run` lacks (as many times as it lacks them). */
export function missing(base, run) {
  const have = tally(run);
  let n = 0;
  const examples = [];
  for (const [k, count] of tally(base)) {
    const lacking = count - (have.get(k) ?? 0);
    if (lacking > 0) {
      n += lacking;
      if (examples.length < 5) examples.push(k);
    }
  }
  return { n, examples };
}

/**
 * Copies beyond what the baseline has of the same key, a key the baseline never saw counting
 * once as legitimate (a fault may shift what a timer sees; it must never double anything).
 */
export function duplicates(base, run) {
  const had = tally(base);
  let n = 0;
  const examples = [];
  for (const [k, count] of tally(run)) {
    const extra = count - Math.max(1, had.get(k) ?? 0);
    if (extra > 0) {
      n += extra;
      if (examples.length < 5) examples.push(`${k} ×${count}`);
    }
  }
  return { n, examples };
}

/** Case key: exception type and subject, the unit a CSR must see once. */
export const caseKeys = (obs) => obs.cases.map((c) => c.key);

/**
 * Case types a silence opens (nothing came by a deadline). Their cases follow from the sources'
 * send times, which the seed fixes, so an undisturbed run has exactly the baseline's. A fault
 * that stops a source's way in (a killed ingestion stops the doors) may legitimately add, per
 * subject it silenced, one such case: one, not one per gap (a feed that trickles back and stalls
 * again is one outage, the domain's feedStep). Any other case beyond the baseline's is a duplicate.
 */
export const SILENCE_CASE_TYPES = ['source_feed_stalled', 'stalled_shipment'];
const typeOf = (key) => key.slice(0, key.indexOf('|'));
const subjectOf = (key) => key.slice(key.indexOf('|') + 1);
const silenceDriven = (key) => SILENCE_CASE_TYPES.includes(typeOf(key));

/**
 * Cases per (type, subject) beyond the baseline's: beyond max(1, baseline's) for most types (a
 * fault may shift what a timer sees), beyond the baseline's for a silence-driven type, plus one
 * for a subject the run's fault silenced (`silenced`: subjects as `kind:id`). Whatever the
 * type, two cases of one key opened by the same evidence are the same thing seen twice, and
 * count, allowance or not.
 */
export function duplicateCases(base, run, silenced = new Set()) {
  const had = tally(caseKeys(base));
  const byKey = new Map();
  for (const c of run.cases) byKey.set(c.key, [...(byKey.get(c.key) ?? []), c]);
  let n = 0;
  let silenceAllowed = 0;
  const examples = [];
  for (const [key, cases] of byKey) {
    const baseline = had.get(key) ?? 0;
    const own = silenceDriven(key) && silenced.has(subjectOf(key));
    const allowed = silenceDriven(key) ? baseline + (own ? 1 : 0) : Math.max(1, baseline);
    if (own && cases.length > baseline) silenceAllowed += 1;
    // By what opened each case (its first evidence): the message that resolved one outage's
    // case may legitimately resolve another's too (a timer judged after the feed moved on).
    const opened = cases.map((c) => c.evidence?.[0]).filter(Boolean);
    const cited = opened.length - new Set(opened).size;
    const extra = Math.max(cases.length - allowed, cited);
    if (extra > 0) {
      n += extra;
      if (examples.length < 5) examples.push(`${key} ×${cases.length} (baseline ${baseline})`);
    }
  }
  return { n, examples, silenceAllowed };
}

/** Notice key: who, how, and the idempotency key the send carries. */
export const noticeKeys = (obs) =>
  obs.notices.map((n) => `${n.contact_id}|${n.channel}|${n.idempotency_key}`);

/** What a notice says to whom, whatever its key: for spotting a notice sent twice under two keys. */
export const noticeSubjects = (obs) =>
  obs.notices.map(
    (n) =>
      `${n.contact_id}|${n.channel}|${n.template}|${n.case_key}|${n.order_id}|${n.shipment_id}|${n.trigger_type}`,
  );

/** Sends beyond the first a notice's delivery log records as successful. */
export function doubleSends(obs) {
  return obs.attempts.reduce((s, a) => s + Math.max(0, a.n - 1), 0);
}

/** Calls the customers' endpoints received beyond the notices sent on that channel. */
export function sinkExcess(obs) {
  const sent = tally(
    obs.notices
      .filter((n) => ['sent', 'delivered', 'bounced'].includes(n.status))
      .map((n) => n.channel),
  );
  let n = 0;
  for (const channel of ['email', 'sms'])
    n += Math.max(0, (obs.sinks[channel] ?? 0) - (sent.get(channel) ?? 0));
  return n;
}

const dlqKey = (d) => `${d.topic}|${d.value}`;

/** The run's verdict: the four counts the suite requires to be zero, and figures that explain them. */
export function compareRuns(base, run, isSourceKey, silenced = new Set()) {
  const sourceOf = (obs) => [
    ...obs.inbox.filter(isSourceKey),
    ...obs.received.map((r) => `ingestion/${r}`),
  ];
  const lost = missing(sourceOf(base), sourceOf(run));
  const dupCases = duplicateCases(base, run, silenced);
  const dupNoticeKeys = duplicates(noticeKeys(base), noticeKeys(run));
  const sends = doubleSends(run);
  const excess = sinkExcess(run);
  // Healthy: bytes the baseline never dead-lettered. A malformed message dead-lettered again
  // (a batch redelivered after a rebalance) is at-least-once into the DLQ, listed apart.
  const poison = new Set(base.deadLetters.map(dlqKey));
  const healthy = run.deadLetters.filter((d) => !poison.has(dlqKey(d)));
  const repeats = duplicates(base.deadLetters.map(dlqKey), run.deadLetters.map(dlqKey)).n;
  const reasons = [...tally(healthy.map((d) => `${d.topic} ${d.reason}: ${d.error}`))]
    .slice(0, 5)
    .map(([k, n]) => `${n}× ${k}`);
  return {
    lost: lost.n,
    duplicateCases: dupCases.n,
    duplicateNotices: dupNoticeKeys.n + sends + excess,
    healthyDeadLetters: healthy.length,
    detail: {
      lostExamples: lost.examples,
      duplicateCaseExamples: dupCases.examples,
      duplicateNoticeExamples: dupNoticeKeys.examples,
      doubleSends: sends,
      sinkExcess: excess,
      deadLetterReasons: reasons,
      poisonDeadLetteredAgain: repeats,
      // Not failures: a fault may move a timer's view; listed so a change is visible.
      silenceCasesAllowed: dupCases.silenceAllowed,
      casesMissingVsBaseline: missing(caseKeys(base), caseKeys(run)).n,
      noticesMissingVsBaseline: missing(noticeKeys(base), noticeKeys(run)).n,
      sourceEventsBeyondBaseline: missing(sourceOf(run), sourceOf(base)).n,
      noticeSubjectsBeyondBaseline: duplicates(noticeSubjects(base), noticeSubjects(run)).n,
    },
  };
}

export const failed = (v) =>
  v.lost + v.duplicateCases + v.duplicateNotices + v.healthyDeadLetters > 0;
