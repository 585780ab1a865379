import { errors } from '@forewarn/http';

/** Opaque keyset cursors: base64url JSON, so clients cannot build them by hand by accident. */
export function encodeCursor(position: readonly string[]): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, arity: number): string[] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === arity &&
      parsed.every((p) => typeof p === 'string')
    ) {
      return parsed as string[];
    }
  } catch {
    // falls through to the 400 below
  }
  throw errors.invalidCursor();
}

/** Splits the extra row a query fetched into "there is a next page". */
export function page<R>(rows: readonly R[], limit: number, positionOf: (last: R) => string[]) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(positionOf(last)) : null,
  };
}
