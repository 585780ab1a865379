import { parseArgs } from 'node:util';
import { encodeEvent, prefixed } from '@forewarn/contracts';
import { CliError, EXIT, usageError, type ExitCode } from '../exit.js';
import type { Io } from '../io.js';
import { cliKafka, cliProducer, kafkaTarget } from '../kafka.js';
import { readEvents, reportBad, type GoodEvent, type ReadResult } from '../read-events.js';

export const publishUsage =
  'forewarn publish <file> [--brokers host:port,...] [--prefix p] | [--via-http URL --api-key KEY]';

const HTTP_CHUNK = 500;

async function viaKafka(
  good: GoodEvent[],
  target: ReturnType<typeof kafkaTarget>,
  io: Io,
): Promise<void> {
  const kafka = cliKafka(target);
  const producer = cliProducer(kafka);
  await producer.connect();
  try {
    const byTopic = new Map<string, GoodEvent[]>();
    for (const g of good) byTopic.set(g.topic, [...(byTopic.get(g.topic) ?? []), g]);
    for (const [topic, events] of byTopic) {
      await producer.send({
        topic: prefixed(target.prefix, topic),
        acks: -1,
        messages: events.map((g) => ({
          key: g.key,
          value: encodeEvent(g.event),
          headers: {
            'source-system': g.event.sourceSystem,
            'source-event-id': g.event.eventId,
            'event-type': g.event.type,
          },
        })),
      });
      io.err(`published ${events.length} events to ${prefixed(target.prefix, topic)}`);
    }
  } finally {
    await producer.disconnect();
  }
}

interface HttpAnswer {
  accepted?: unknown[];
  duplicates?: unknown[];
  issues?: { path: string; message: string }[];
  detail?: string;
}

async function post(
  url: string,
  apiKey: string,
  body: string,
  contentType: string,
): Promise<HttpAnswer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': contentType, 'x-api-key': apiKey },
    body,
  });
  const answer = (await res.json().catch(() => ({}))) as HttpAnswer;
  if (res.status === 202) return answer;
  const issues = (answer.issues ?? []).map((i) => `  ${i.path}: ${i.message}`).join('\n');
  const code = res.status === 400 || res.status === 403 ? EXIT.invalid : EXIT.connectivity;
  throw new CliError(
    code,
    `ingestion answered ${res.status}: ${answer.detail ?? ''}${issues ? `\n${issues}` : ''}`,
  );
}

async function viaHttp(result: ReadResult, base: string, apiKey: string, io: Io): Promise<void> {
  const root = base.replace(/\/+$/, '');
  const answers: HttpAnswer[] = [];
  if (result.format === 'edi' && result.ediText !== undefined) {
    answers.push(await post(`${root}/v1/edi`, apiKey, result.ediText, 'application/edi-x12'));
  } else {
    for (let i = 0; i < result.good.length; i += HTTP_CHUNK) {
      const events = result.good.slice(i, i + HTTP_CHUNK).map((g) => g.event);
      answers.push(
        await post(`${root}/v1/events`, apiKey, JSON.stringify({ events }), 'application/json'),
      );
      if (result.good.length > HTTP_CHUNK)
        io.err(`… sent ${Math.min(i + HTTP_CHUNK, result.good.length)} of ${result.good.length}`);
    }
  }
  const accepted = answers.reduce((n, a) => n + (a.accepted?.length ?? 0), 0);
  const duplicates = answers.reduce((n, a) => n + (a.duplicates?.length ?? 0), 0);
  io.out(`accepted ${accepted}, duplicates ${duplicates}`);
}

/** Validates the whole file first: an invalid line means nothing is published. */
export async function publishCommand(args: string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      brokers: { type: 'string' },
      prefix: { type: 'string' },
      'via-http': { type: 'string' },
      'api-key': { type: 'string' },
      source: { type: 'string' },
    },
  });
  const [file] = positionals;
  if (!file || positionals.length > 1) throw usageError(`usage: ${publishUsage}`);
  const viaHttpUrl = values['via-http'];
  const apiKey = values['api-key'] ?? io.env.FOREWARN_API_KEY;
  if (viaHttpUrl && !apiKey) throw usageError('--via-http needs --api-key (or FOREWARN_API_KEY)');
  const result = await readEvents(file, io, values.source ? { sourceSystem: values.source } : {});
  if (result.bad.length > 0) {
    reportBad(io, file, result);
    io.err('nothing was published');
    return EXIT.invalid;
  }
  if (viaHttpUrl && apiKey) await viaHttp(result, viaHttpUrl, apiKey, io);
  else {
    await viaKafka(result.good, kafkaTarget(values, io), io);
    io.out(`published ${result.good.length}`);
  }
  return EXIT.ok;
}
