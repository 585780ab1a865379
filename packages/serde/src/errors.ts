/** Why bytes could not be turned into a valid event. Stable strings: they end up in DLQ headers. */
export type DecodeReason =
  | 'empty-payload'
  | 'short-buffer'
  | 'bad-magic'
  | 'unknown-format'
  | 'unknown-schema-id'
  | 'unknown-type'
  | 'unknown-version'
  | 'invalid-avro'
  | 'invalid-json'
  | 'validation-failed';

/** Why a value could not be turned into bytes. */
export type EncodeReason =
  'unknown-type' | 'unknown-version' | 'validation-failed' | 'invalid-avro';

function describe(reason: string, detail: string, issues: readonly string[]): string {
  const head = `${reason}: ${detail}`;
  return issues.length === 0 ? head : `${head}\n${issues.map((i) => `  - ${i}`).join('\n')}`;
}

/** Both directions share the shape; `retriable = false` tells consumers not to retry. */
abstract class SerdeError<R extends string> extends Error {
  readonly reason: R;
  readonly issues: readonly string[];
  /** Consumers read this flag to skip retries (same convention as kafkajs errors). */
  readonly retriable = false;

  constructor(reason: R, detail: string, opts: { issues?: string[]; cause?: unknown } = {}) {
    super(describe(reason, detail, opts.issues ?? []), { cause: opts.cause });
    this.reason = reason;
    this.issues = opts.issues ?? [];
  }
}

/**
 * Bytes that can never become a valid event: retrying cannot help, so consumers send the
 * message to the dead-letter topic at once. `reason` is machine-readable, `issues` lists
 * each problem with its path.
 */
export class DecodeError extends SerdeError<DecodeReason> {
  override readonly name = 'DecodeError';
}

/** A producer tried to emit a value that its own contract rejects: a programming error. */
export class EncodeError extends SerdeError<EncodeReason> {
  override readonly name = 'EncodeError';
}
