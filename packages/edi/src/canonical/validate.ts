import { eventTypeByName, keyFor, type EventType, type SourceEvent } from '@forewarn/contracts';

/** One problem with one event; `path` points into the event (empty for the event itself). */
export interface EventIssue {
  path: (string | number)[];
  code: string;
  message: string;
}

export type SourceEventCheck =
  | { ok: true; event: SourceEvent; eventType: EventType; key: string }
  | { ok: false; issues: EventIssue[] };

export interface CheckOptions {
  /** Only this event type is allowed (CLI --type). */
  type?: string;
  /** Only events published on this topic are allowed (CLI --topic), unprefixed. */
  topic?: string;
}

const issue = (path: (string | number)[], code: string, message: string): EventIssue => ({
  path,
  code,
  message,
});

/**
 * Checks a JSON value against the contract of the source event type it declares (the version in
 * `schemaVersion`, else the latest), listing every problem with its path. Domain events are
 * refused: only Forewarn's services emit those.
 */
export function validateSourceEvent(input: unknown, opts: CheckOptions = {}): SourceEventCheck {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, issues: [issue([], 'invalid_type', 'an event must be a JSON object')] };
  }
  const { type, schemaVersion } = input as { type?: unknown; schemaVersion?: unknown };
  if (typeof type !== 'string') {
    return { ok: false, issues: [issue(['type'], 'invalid_type', 'type is required (a string)')] };
  }
  const version = typeof schemaVersion === 'number' ? schemaVersion : undefined;
  const eventType = eventTypeByName(type, version);
  if (!eventType) {
    const known = eventTypeByName(type) !== undefined;
    return {
      ok: false,
      issues: [
        known
          ? issue(['schemaVersion'], 'unknown_version', `${type} has no schema version ${version}`)
          : issue(['type'], 'unknown_type', `unknown event type "${type}"`),
      ],
    };
  }
  if (eventType.kind !== 'source') {
    return {
      ok: false,
      issues: [
        issue(
          ['type'],
          'not_a_source_event',
          `${type} is a domain event; sources cannot publish it`,
        ),
      ],
    };
  }
  const issues: EventIssue[] = [];
  if (opts.type !== undefined && type !== opts.type) {
    issues.push(issue(['type'], 'wrong_type', `expected ${opts.type}, got ${type}`));
  }
  if (opts.topic !== undefined && eventType.topic !== opts.topic) {
    issues.push(
      issue(
        ['type'],
        'wrong_topic',
        `${type} is published on ${eventType.topic}, not ${opts.topic}`,
      ),
    );
  }
  const parsed = eventType.zod.safeParse(input);
  if (!parsed.success) {
    for (const i of parsed.error.issues)
      issues.push(
        issue(
          i.path.map((p) => (typeof p === 'number' ? p : String(p))),
          i.code,
          i.message,
        ),
      );
  }
  if (issues.length > 0 || !parsed.success) return { ok: false, issues };
  const event = parsed.data as SourceEvent;
  return { ok: true, event, eventType, key: keyFor(event) };
}

/** `payload.lines.0.qty` style, for messages; the HTTP edge uses JSON pointers instead. */
export function dottedPath(path: readonly (string | number)[]): string {
  return path.length === 0 ? '(event)' : path.join('.');
}
