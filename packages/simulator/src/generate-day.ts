import { chronicBreaches } from './chronic.js';
import { parseSimConfig, type SimConfig, type SimConfigInput } from './config.js';
import { duplicate, malform, reorder } from './delivery-noise.js';
import { byEmitOrder, type Emission, type SimEvent } from './emissions.js';
import { EventLog } from './event-log.js';
import { silenceSource, silentSpells } from './feeds.js';
import type { GroundTruthEntry, NewEntry } from './ground-truth.js';
import { generateCustomers, generateSkus, type SimCustomer, type SimSku } from './master-data.js';
import { orderStory, type OrderOutcome } from './order-story.js';
import { countFor, planMainDay } from './plan.js';
import { createRng } from './prng.js';
import { alongsideErp, purchasingEvents } from './purchasing-story.js';
import { customerRequests, type CustomerRequest } from './requests.js';
import { returnStory } from './returns-story.js';
import { WAREHOUSE, type StoryContext } from './story-context.js';
import { summarise, type SimCounts } from './summary.js';
import {
  DAY,
  HOUR,
  addBusinessDays,
  addDays,
  iso,
  isWeekend,
  localDate,
  zonedTime,
} from './time.js';

const WARM_UP_DAYS = 4;
/** Purchase orders issued to suppliers per business day (supplier scorecards). */
const PURCHASE_ORDERS_PER_DAY = 3;

/** One simulated run: master data, everything the sources send, and what a detector should find. */
export interface SimRun {
  config: SimConfig;
  window: { start: string; end: string };
  customers: SimCustomer[];
  skus: SimSku[];
  /** In publish order (emitAt, then seq). */
  emissions: Emission[];
  groundTruth: GroundTruthEntry[];
  requests: CustomerRequest[];
  counts: SimCounts;
}

/** `purchasing: false` leaves the ERP purchasing stream out (tests compare the day without it). */
export function generateDay(input: SimConfigInput, opts: { purchasing?: boolean } = {}): SimRun {
  const config = parseSimConfig(input);
  const root = createRng(config.seed);
  const tag = config.runTag;
  const tz = WAREHOUSE.timezone;
  const start = Date.parse(config.start);
  const windowEnd = start + config.days * DAY;
  const day0 = localDate(start, tz);
  const master = root.fork('master');
  const customers = generateCustomers(
    master,
    config.customers ?? Math.min(400, Math.max(12, Math.round(config.orders / 8))),
    tag,
  );
  const skus = generateSkus(master, config.skus);
  const log = new EventLog(root.fork('event-ids'));
  const ctx: StoryContext = {
    log,
    rng: root.fork('stories'),
    skus,
    tag,
    thresholds: config.thresholds,
  };

  const { plans, chronicCustomerIds } = planMainDay(root.fork('plan'), config, customers, day0);
  let orderNo = 0;
  const outcomes: OrderOutcome[] = plans.map((p) =>
    orderStory(ctx, {
      orderNo: ++orderNo,
      customer: p.customer,
      day: p.day,
      ...(p.injection ? { injection: p.injection } : {}),
      allowNoise: true,
    }),
  );
  // Ordinary orders on the other business days, starting a few days before the window so
  // parcels are already moving and every feed is busy from the first hour.
  const background = root.fork('background');
  for (let d = -WARM_UP_DAYS; d < config.days; d++) {
    if (d === 0) continue;
    const day = addDays(day0, d);
    if (isWeekend(day)) continue;
    for (let i = 0; i < Math.round(config.orders * config.followingDayOrderShare); i++) {
      outcomes.push(
        orderStory(
          { ...ctx, rng: background },
          { orderNo: ++orderNo, customer: background.pick(customers), day, allowNoise: true },
        ),
      );
    }
  }
  const findings: NewEntry[] = outcomes.flatMap((o) => o.findings);
  const returned = returns(ctx, root.fork('returns'), config, customers, { start, windowEnd });
  findings.push(...returned.findings);

  const events = log.events.filter((e) => e.emitAt <= windowEnd);
  const noise = root.fork('delivery');
  const silences = injectFeedStalls(noise, events, config, day0);
  const reordered = reorder(noise, events, config.delivery.reorders);
  const dups = duplicate(noise, events, config.delivery.duplicates, events.length);
  const bad = malform(noise, events, config.delivery.malformed, events.length + dups.length);
  // Purchasing comes after the noise is drawn, from streams of its own: the rest of the day
  // (events, ids, duplicates, reorders, malformed messages, findings) is as it was without it.
  const purchasing = purchasingEvents(root.fork('purchasing'), root.fork('purchasing-ids'), skus, {
    start,
    windowEnd,
    perDay: opts.purchasing === false ? 0 : PURCHASE_ORDERS_PER_DAY,
    ...(tag ? { tag } : {}),
    snap: alongsideErp(events, start),
  });
  const emissions: Emission[] = [...events, ...dups, ...bad, ...purchasing].sort(byEmitOrder);

  // Evidence held back (a backlog, a late redelivery) is only detectable once it is sent.
  const sentAt = new Map(events.map((e) => [e.event.eventId, e.emitAt]));
  for (const f of findings) {
    const at = f.evidenceEventId ? sentAt.get(f.evidenceEventId) : undefined;
    if (at !== undefined) f.detectableBy = Math.max(f.detectableBy, at);
  }
  findings.push(
    ...silentSpells(
      emissions,
      { start, end: windowEnd },
      config.thresholds.feedSilenceMinutes,
      silences,
    ),
  );
  const inWindow = findings.filter((f) => f.detectableBy <= windowEnd);
  inWindow.push(
    ...chronicBreaches(inWindow, config.thresholds.repeatWindowDays, chronicCustomerIds),
  );
  const groundTruth = inWindow
    .sort(
      (a, b) =>
        a.detectableBy - b.detectableBy ||
        a.exceptionType.localeCompare(b.exceptionType) ||
        a.subject.id.localeCompare(b.subject.id),
    )
    .map((f, i): GroundTruthEntry => ({
      ...f,
      id: `GT-${String(i + 1).padStart(4, '0')}`,
      injectedAt: iso(f.injectedAt),
      detectableBy: iso(f.detectableBy),
    }));
  const requests = customerRequests(
    root.fork('requests'),
    [...outcomes, ...returned.orders],
    groundTruth,
    {
      count: countFor(config.requests.rate, config.orders),
      aboutKnownShare: config.requests.aboutKnownShare,
      windowEnd,
      tag,
    },
  );
  return {
    config,
    window: { start: iso(start), end: iso(windowEnd) },
    customers,
    skus,
    emissions,
    groundTruth,
    requests,
    counts: summarise(emissions, groundTruth, requests, {
      reordered,
      backlog: events.filter((e) => e.delivery === 'backlog').length,
    }),
  };
}

/** Orders delivered before the window whose returns come back in it; some are never credited. */
function returns(
  ctx: StoryContext,
  rng: ReturnType<typeof createRng>,
  config: SimConfig,
  customers: readonly SimCustomer[],
  at: { start: number; windowEnd: number },
): { findings: NewEntry[]; orders: OrderOutcome[] } {
  const overdue = countFor(config.rates.returnsOverdue, config.orders);
  const total = Math.max(
    countFor(config.returnRate, config.orders),
    overdue + (overdue > 0 ? 1 : 0),
  );
  const receiveBy = Math.max(
    at.start,
    Math.min(at.start + 1.5 * DAY, at.windowEnd - config.thresholds.returnsCreditDays * DAY - HOUR),
  );
  const out: NewEntry[] = [];
  const orders: OrderOutcome[] = [];
  for (let i = 0; i < total; i++) {
    const day = addBusinessDays(localDate(at.start - 16 * DAY, WAREHOUSE.timezone), rng.int(0, 4));
    const order = orderStory(
      { ...ctx, rng },
      { orderNo: 900_000 + i, customer: rng.pick(customers), day, allowNoise: false },
    );
    orders.push(order);
    out.push(
      ...returnStory(
        { ...ctx, rng },
        {
          order,
          rmaNo: i + 1,
          overdue: i < overdue,
          receiveFrom: Math.min(at.start + 2 * HOUR, receiveBy),
          receiveBy,
        },
      ),
    );
  }
  return { findings: out, orders };
}

/** Silences the busiest carriers, one per following business day, late morning. */
function injectFeedStalls(
  rng: ReturnType<typeof createRng>,
  events: SimEvent[],
  config: SimConfig,
  day0: string,
) {
  const volume = new Map<string, number>();
  for (const e of events) {
    if (e.event.sourceSystem.startsWith('carrier:'))
      volume.set(e.event.sourceSystem, (volume.get(e.event.sourceSystem) ?? 0) + 1);
  }
  const sources = [...volume]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([s]) => s);
  const out: { sourceSystem: string; from: number; to: number }[] = [];
  for (let k = 0; k < config.feedStalls && sources.length > 0; k++) {
    const sourceSystem = sources[k % sources.length] as string;
    const from =
      zonedTime(addBusinessDays(day0, 1 + k), 10, WAREHOUSE.timezone) + rng.between(0, 2 * HOUR);
    const to = from + config.feedStallMinutes * 60_000;
    silenceSource(events, sourceSystem, from, to);
    out.push({ sourceSystem, from, to });
  }
  return out;
}
