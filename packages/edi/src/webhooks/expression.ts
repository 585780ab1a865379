import { alpha2Of } from '../countries.js';
import { readInstant } from './zoned-time.js';

/**
 * The mapping language of carrier-webhooks.json: a field is a template such as
 * `easypost:{tracker.id}:{detail.datetime}` whose `{...}` placeholders read a dot path from a
 * named scope (the body, a parent object such as the tracker, or the checkpoint being mapped), each
 * through optional transforms (`{detail.status|lower}`), and the whole text through a final pipe
 * after ` |> ` (`{event.date}T{event.time} |> instant`); `{a.b ?? c.d}` reads the first of two
 * places that has a value (a field renamed across API versions). Templates are compiled when the tables
 * load, so a typo fails at start-up, not on the first webhook.
 */

export type Path = (string | number)[];

export interface ScopeEntry {
  value: unknown;
  /** Where the value sits in the request body, for issue pointers. */
  path: Path;
}
export type Scope = Readonly<Record<string, ScopeEntry>>;

export interface EvalContext {
  scope: Scope;
  /** Zone a time without an offset is read in. */
  timeZone: string;
  tables: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export type Evaluated =
  | { kind: 'value'; value: string; path: Path }
  | { kind: 'missing'; path: Path }
  | { kind: 'invalid'; path: Path; code: string; message: string };

type Step = { name: string; arg?: string };
type Ref = { scope: string; keys: string[] };
/** A placeholder: the first of its references that has a value, through its transforms. */
type Part = string | { refs: Ref[]; steps: Step[] };
export interface Template {
  source: string;
  parts: Part[];
  pipe: Step[];
}

type Transform = (value: string, arg: string | undefined, ctx: EvalContext) => string | Failure;
interface Failure {
  fail: 'missing' | { code: string; message: string };
}
const isFailure = (x: string | Failure): x is Failure => typeof x === 'object';

const TRANSFORMS: Record<string, Transform> = {
  lower: (v) => v.toLowerCase(),
  upper: (v) => v.toUpperCase(),
  instant: (v, arg, ctx) => {
    const read = readInstant(v, arg ?? ctx.timeZone);
    return read.ok ? read.instant : { fail: { code: 'invalid_time', message: read.reason } };
  },
  /** Unix seconds (AfterShip's `ts`) → an instant in UTC. */
  unix: (v) =>
    /^\d{9,11}$/.test(v)
      ? new Date(Number(v) * 1000).toISOString().replace('.000Z', 'Z')
      : { fail: { code: 'invalid_time', message: `"${v}" is not unix seconds` } },
  lookup: (v, arg, ctx) =>
    ctx.tables[arg ?? '']?.[v] ?? {
      fail: {
        code: 'unknown_code',
        message: `unknown value "${v}" (table ${arg}): add it to carrier-webhooks.json`,
      },
    },
  'lookup?': (v, arg, ctx) => ctx.tables[arg ?? '']?.[v] ?? v,
  country: (v) => alpha2Of(v) ?? { fail: 'missing' },
  or: (v) => v,
};
const NEEDS_ARG = new Set(['lookup', 'lookup?', 'or']);

function parseSteps(text: string, source: string): Step[] {
  return text
    .split('|')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      const colon = s.indexOf(':');
      const name = colon < 0 ? s : s.slice(0, colon);
      const arg = colon < 0 ? undefined : s.slice(colon + 1);
      if (!TRANSFORMS[name]) throw new Error(`unknown transform "${name}" in "${source}"`);
      if (NEEDS_ARG.has(name) && arg === undefined)
        throw new Error(`transform "${name}" needs an argument in "${source}"`);
      return arg === undefined ? { name } : { name, arg };
    });
}

/** Compiles a template, checking its scopes and transforms (and lookup tables) exist. */
export function compile(
  source: string,
  scopes: readonly string[],
  tables: readonly string[] = [],
): Template {
  const [body = '', pipeText = ''] = source.split(' |> ');
  const parts: Part[] = [];
  const re = /\{([^{}]*)\}/g;
  let last = 0;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    if (m.index > last) parts.push(body.slice(last, m.index));
    const [alternatives = '', ...rest] = m[1]!.split('|');
    const refs = alternatives.split('??').map((ref) => {
      const [scope = '', ...keys] = ref.trim().split('.');
      if (!scopes.includes(scope))
        throw new Error(`"${source}" reads scope "${scope}"; known: ${scopes.join(', ')}`);
      return { scope, keys };
    });
    parts.push({ refs, steps: parseSteps(rest.join('|'), source) });
    last = m.index + m[0].length;
  }
  if (last < body.length) parts.push(body.slice(last));
  const pipe = parseSteps(pipeText, source);
  for (const step of [...parts.flatMap((p) => (typeof p === 'string' ? [] : p.steps)), ...pipe]) {
    if (step.name.startsWith('lookup') && !tables.includes(step.arg ?? ''))
      throw new Error(`"${source}" looks up table "${step.arg}", which the provider lacks`);
  }
  return { source, parts, pipe };
}

function read(entry: ScopeEntry, keys: readonly string[]): { value: unknown; path: Path } {
  let cur = entry.value;
  const path = [...entry.path];
  for (const key of keys) {
    if (Array.isArray(cur) && /^\d+$/.test(key)) {
      cur = cur[Number(key)];
      path.push(Number(key));
    } else if (typeof cur === 'object' && cur !== null && !Array.isArray(cur)) {
      cur = (cur as Record<string, unknown>)[key];
      path.push(key);
    } else return { value: undefined, path: [...path, key] };
  }
  return { value: cur, path };
}

function applySteps(
  start: string | undefined,
  steps: readonly Step[],
  path: Path,
  ctx: EvalContext,
): Evaluated {
  let value = start;
  for (const step of steps) {
    if (value === undefined) {
      if (step.name === 'or') value = step.arg ?? '';
      continue;
    }
    const out = TRANSFORMS[step.name]!(value, step.arg, ctx);
    if (!isFailure(out)) value = out;
    else if (out.fail === 'missing') value = undefined;
    else return { kind: 'invalid', path, ...out.fail };
  }
  return value === undefined ? { kind: 'missing', path } : { kind: 'value', value, path };
}

const asText = (v: unknown): string | undefined | null => {
  if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return String(v);
  return v === undefined || v === null ? undefined : null;
};

/**
 * Evaluates a template. A placeholder whose value is absent, null or blank makes the whole
 * template missing (unless an `or:` supplies a default); an object or list where text is
 * expected, a time that is not one, or a value a strict lookup lacks is invalid, with the path.
 */
export function evaluate(t: Template, ctx: EvalContext): Evaluated {
  let text = '';
  let firstPath: Path | undefined;
  for (const part of t.parts) {
    if (typeof part === 'string') {
      text += part;
      continue;
    }
    // `{a.b ?? c.d}`: the first reference with a value (a field renamed across API versions).
    const found = part.refs.map((r) => {
      const entry = ctx.scope[r.scope];
      return entry ? read(entry, r.keys) : { value: undefined, path: [] as Path };
    });
    const { value, path } = found.find((f) => asText(f.value) !== undefined) ?? found[0]!;
    firstPath ??= path;
    const raw = asText(value);
    if (raw === null)
      return {
        kind: 'invalid',
        path,
        code: 'invalid_type',
        message: 'expected text, a number or a boolean',
      };
    const out = applySteps(raw, part.steps, path, ctx);
    if (out.kind !== 'value') return out;
    text += out.value;
  }
  return applySteps(text, t.pipe, firstPath ?? [], ctx);
}
