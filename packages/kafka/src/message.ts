import type { IHeaders, KafkaMessage } from 'kafkajs';

/** What a handler receives: one record, its coordinates and its decoded value. */
export interface ConsumedMessage<T = Buffer | null> {
  topic: string;
  partition: number;
  offset: string;
  /** The key as UTF-8 (Forewarn keys are ids); the bytes are in `raw.key`. */
  key: string | null;
  value: T;
  /** Header values as UTF-8; a repeated header keeps its last value. Bytes are in `raw.headers`. */
  headers: Record<string, string>;
  /** Broker timestamp (create time), ms since the epoch. */
  timestamp: number;
  /** 1 on the first try in this process, then 2, 3… on retries. */
  attempt: number;
  raw: KafkaMessage;
}

export type MessageHandler<T> = (msg: ConsumedMessage<T>) => Promise<void>;
export type BatchHandler<T> = (msgs: ConsumedMessage<T>[]) => Promise<void>;
/**
 * Turns a record into the handler's value. It may be async (a schema id looked up in a registry
 * first): a transient rejection holds the partition and is retried, any other dead-letters.
 */
export type Decoder<T> = (msg: ConsumedMessage) => T | Promise<T>;

export function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined) out[name] = last.toString();
  }
  return out;
}

export function toConsumedMessage(
  topic: string,
  partition: number,
  raw: KafkaMessage,
): ConsumedMessage {
  return {
    topic,
    partition,
    offset: raw.offset,
    key: raw.key ? raw.key.toString('utf8') : null,
    value: raw.value,
    headers: headersToStrings(raw.headers),
    timestamp: Number(raw.timestamp),
    attempt: 1,
    raw,
  };
}
