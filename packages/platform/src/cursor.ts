import { errors } from './error-catalog.js';

/**
 * The one paging cursor of every list the API pages with a keyset: the last row's position
 * (its sort key and id), as base64url JSON, opaque to clients. A cursor the client altered or
 * invented is a 400 `INVALID_CURSOR` naming the parameter, never a 500 from the query it feeds.
 */

/** One part of a position: tells a value this API wrote from anything else. */
export type CursorPart<T> = (value: unknown) => value is T;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isString = (v: unknown): v is string => typeof v === 'string';

export const cursorParts = {
  /** Any non-empty text: an id. */
  text: (v: unknown): v is string => isString(v) && v.length > 0,
  /** A calendar date, YYYY-MM-DD. */
  date: (v: unknown): v is string => isString(v) && ISO_DATE.test(v) && !isNaN(Date.parse(v)),
  /** An ISO 8601 instant with its offset (toISOString's form). */
  instant: (v: unknown): v is string => isString(v) && ISO_INSTANT.test(v) && !isNaN(Date.parse(v)),
  uuid: (v: unknown): v is string => isString(v) && UUID.test(v),
  /** The part, or null (a sort key some rows lack). */
  nullable:
    <T>(part: CursorPart<T>) =>
    (v: unknown): v is T | null =>
      v === null || part(v),
};

type Position<P extends readonly CursorPart<unknown>[]> = {
  -readonly [K in keyof P]: P[K] extends CursorPart<infer T> ? T : never;
};

export interface CursorCodec<T extends readonly unknown[]> {
  encode(position: T): string;
  /** undefined without a cursor; throws INVALID_CURSOR for one this codec did not write. */
  decode(raw: string | undefined): T | undefined;
  /**
   * A page out of `limit + 1` fetched rows: the first `limit`, and the cursor after the last of
   * them when the extra row says there is more.
   */
  page<R>(
    rows: readonly R[],
    limit: number,
    positionOf: (last: R) => T,
  ): { items: R[]; nextCursor: string | null };
}

const refused = errors.invalidCursor.with({
  issues: [
    {
      location: 'querystring',
      path: '/cursor',
      code: 'invalid_cursor',
      message: 'not a cursor issued by this API',
    },
  ],
});

/** A codec for positions of these parts, in this order: `cursorCodec(cursorParts.date, cursorParts.text)`. */
export function cursorCodec<const P extends readonly CursorPart<unknown>[]>(
  ...parts: P
): CursorCodec<Position<P>> {
  type T = Position<P>;
  const encode = (position: T) => Buffer.from(JSON.stringify(position)).toString('base64url');
  return {
    encode,
    decode(raw) {
      if (raw === undefined) return undefined;
      let value: unknown;
      try {
        value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
      } catch {
        throw refused();
      }
      if (
        Array.isArray(value) &&
        value.length === parts.length &&
        parts.every((fits, i) => fits(value[i]))
      )
        return value as T;
      throw refused();
    },
    page(rows, limit, positionOf) {
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      const more = rows.length > limit && last !== undefined;
      return { items, nextCursor: more ? encode(positionOf(last)) : null };
    },
  };
}
