// The platform kit's failure classification, held to the real errors of the packages it names
// (kafkajs, contracts, serde, zod) without importing them itself.
import { ContractError } from '@forewarn/contracts';
import { DecodeError } from '@forewarn/serde';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded } from 'kafkajs';
import {
  classifyFailure,
  decideOnFailure,
  describeError,
  isRetriable,
  NO_FAILURES,
  NonRetriableError,
  type FailureTally,
} from '@forewarn/platform';

const backoff = { initialMs: 100, maxMs: 1_000, factor: 2 };
const zodError = (() => {
  const r = z.object({ a: z.string() }).safeParse({});
  if (r.success) throw new Error('fixture should fail');
  return r.error;
})();

describe('isRetriable', () => {
  it('retries ordinary failures (I/O, timeouts)', () => {
    expect(isRetriable(new Error('connection reset'))).toBe(true);
    expect(isRetriable('a thrown string')).toBe(true);
  });

  it('never retries decode, validation or programmer errors', () => {
    expect(isRetriable(new DecodeError('unknown-type', 'x'))).toBe(false);
    expect(isRetriable(zodError)).toBe(false);
    expect(isRetriable(new TypeError('undefined is not a function'))).toBe(false);
    expect(isRetriable(new RangeError('bad length'))).toBe(false);
    expect(isRetriable(new NonRetriableError('customer unknown'))).toBe(false);
  });

  it("never retries contracts' ContractError, by its flag and by its name", () => {
    const contractError = new ContractError('invalid_event', ['occurredAt: Invalid ISO datetime']);
    expect(contractError.retriable).toBe(false);
    expect(isRetriable(contractError)).toBe(false);
    expect(isRetriable(new Error('handler failed', { cause: contractError }))).toBe(false);
    const unflagged = Object.assign(new Error('x'), { name: 'ContractError' });
    expect(isRetriable(unflagged)).toBe(false);
  });

  it('looks through wrappers at the cause', () => {
    expect(isRetriable(new Error('handler failed', { cause: zodError }))).toBe(false);
    expect(isRetriable(new Error('handler failed', { cause: new Error('timeout') }))).toBe(true);
  });

  it('lets an explicit flag override the class', () => {
    const flagged = Object.assign(new TypeError('fetch failed'), { retriable: true });
    expect(isRetriable(flagged)).toBe(true);
  });
});

describe('classifyFailure', () => {
  const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });

  it.each([
    ['08006', 'connection failure'],
    ['08001', 'could not connect'],
    ['57P01', 'terminating connection due to administrator command'],
    ['57P02', 'crash shutdown'],
    ['57P03', 'the database system is starting up'],
    ['40001', 'could not serialize access'],
    ['40P01', 'deadlock detected'],
    ['53300', 'too many connections'],
    ['55P03', 'lock not available'],
  ])('calls PostgreSQL %s (%s) transient', (code, message) => {
    expect(classifyFailure(pgError(code, message))).toBe('transient');
  });

  it('calls socket failures, pool timeouts and a database refusing connections transient', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT'])
      expect(classifyFailure(pgError(code))).toBe('transient');
    expect(classifyFailure(new Error('timeout exceeded when trying to connect'))).toBe('transient');
    expect(classifyFailure(new Error('Connection terminated unexpectedly'))).toBe('transient');
    expect(classifyFailure(new Error('Connection terminated due to connection timeout'))).toBe(
      'transient',
    );
    const refusing = pgError('55000', 'database "t" is not currently accepting connections');
    expect(classifyFailure(refusing)).toBe('transient');
    expect(classifyFailure(pgError('55000', 'object not in prerequisite state'))).toBe('unknown');
  });

  it("calls contracts' SchemaRegistryUnavailable transient, also wrapped", () => {
    const away = Object.assign(new Error('schema id 9 could not be read'), {
      name: 'SchemaRegistryUnavailable',
    });
    expect(classifyFailure(away)).toBe('transient');
    expect(classifyFailure(new Error('decode', { cause: away }))).toBe('transient');
  });

  it('calls kafkajs retriable errors transient, also once its own retries ran out', () => {
    const down = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED');
    expect(classifyFailure(down)).toBe('transient');
    const exhausted = new KafkaJSNumberOfRetriesExceeded(down, { retryCount: 5, retryTime: 300 });
    expect(exhausted.retriable).toBe(false);
    expect(classifyFailure(exhausted)).toBe('transient');
    // kafkajs flags its timeouts non-retriable; they still mean "the broker did not answer".
    const timeout = Object.assign(new Error('Timeout'), {
      name: 'KafkaJSTimeout',
      retriable: false,
    });
    expect(classifyFailure(timeout)).toBe('transient');
  });

  it('finds a transient cause behind a wrapper, and poison before transient text', () => {
    const wrapped = new Error('applying batch failed', { cause: pgError('40001') });
    expect(classifyFailure(wrapped)).toBe('transient');
    expect(classifyFailure(new NonRetriableError('bad', { cause: pgError('08006') }))).toBe(
      'poison',
    );
  });

  it('leaves plain errors and constraint violations unknown, and poison as poison', () => {
    expect(classifyFailure(new Error('boom'))).toBe('unknown');
    expect(classifyFailure(pgError('23505', 'duplicate key'))).toBe('unknown');
    expect(classifyFailure(zodError)).toBe('poison');
    expect(classifyFailure(new TypeError('x'))).toBe('poison');
  });
});

describe('decideOnFailure', () => {
  const policy = {
    maxAttempts: 3,
    backoff,
    transientBackoff: { initialMs: 10, maxMs: 40, factor: 2 },
    random: () => 0.5,
  };
  const run = (errors: unknown[]) => {
    let tally: FailureTally = NO_FAILURES;
    return errors.map((e) => {
      const next = decideOnFailure(e, tally, policy);
      tally = next.tally;
      return next.decision;
    });
  };

  it('retries unknown failures with a jittered delay until the attempts are spent', () => {
    expect(run([new Error('x'), new Error('x'), new Error('x')])).toEqual([
      { action: 'retry', kind: 'unknown', delayMs: 50 },
      { action: 'retry', kind: 'unknown', delayMs: 100 },
      { action: 'dead-letter', reason: 'max-attempts-exceeded' },
    ]);
  });

  it('never runs out of retries for transient failures, with a capped delay', () => {
    const refused = Object.assign(new Error('refused'), { code: 'ECONNREFUSED' });
    const decisions = run(Array.from({ length: 50 }, () => refused));
    expect(decisions.every((d) => d.action === 'retry' && d.kind === 'transient')).toBe(true);
    expect(decisions.map((d) => (d.action === 'retry' ? d.delayMs : -1)).slice(-1)).toEqual([20]);
  });

  it('dead-letters non-retriable errors on the first attempt', () => {
    expect(run([new TypeError('x')])).toEqual([
      { action: 'dead-letter', reason: 'non-retriable-error' },
    ]);
  });
});

describe('describeError', () => {
  it('names the error and its message, and bounds the length', () => {
    expect(describeError(new DecodeError('unknown-type', 'event type "x"'))).toBe(
      'DecodeError: unknown-type: event type "x"',
    );
    expect(describeError(new Error('y'.repeat(5_000))).length).toBe(1_000);
  });
});
