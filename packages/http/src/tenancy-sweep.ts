import type { OpenAPIV3_1 } from 'openapi-types';
import type { HttpApp } from './app.js';
import type { RouteAccess } from './auth/access.js';
import { DEFAULT_API_KEY_HEADER } from './openapi.js';

/**
 * One customer's side of a sweep: its `customerId` and the id of one of its resources for every
 * path parameter its routes take, by parameter name (`orderId`, `contactId`…); query filters of
 * the same names get them too. Every value of B's side is a marker no answer to A may hold.
 */
export type SweepSide = { customerId: string } & Readonly<Record<string, string>>;

/** What the sweep cannot read off a route: its body, its required query, an open route's rule. */
export interface SweepRoute {
  /** The JSON body, for the side whose customer it names. Required on a route with a body. */
  payload?: (side: SweepSide) => Record<string, unknown>;
  /** Query parameters besides `customerId` (the required ones the sweep cannot invent). */
  query?: (side: SweepSide) => Record<string, string>;
  /**
   * The url to call instead of one filled from the sides, for an open or staff-only route whose
   * parameters are no customer's ids (`/webhooks/aftership`).
   */
  url?: string;
  /** false: no call with A's own ids (the seed cannot put A's resource in a state it accepts). */
  ours?: false;
  /**
   * A route open without a key must say what a customer key gets there: `refused` (401 or 403:
   * it checks a credential of its own) or `public` (any answer below 500, holding nothing of B).
   */
  open?: 'refused' | 'public';
}

export interface TenancySweep {
  /** Customer A's API key: every call is made with it. */
  key: string;
  ours: SweepSide;
  theirs: SweepSide;
  /** A key that sees every customer: GET calls naming B must answer it below 400 (B exists). */
  staffKey?: string;
  /** Strings only B's data holds (emails, PO numbers) besides B's ids, which are markers already. */
  markers?: readonly string[];
  /** Keyed `METHOD /url` as registered. */
  routes?: Readonly<Record<string, SweepRoute>>;
}

export interface SweepReport {
  /** Every registered route, `METHOD /url: how it was swept`. */
  swept: string[];
  /** What went wrong; empty is the only pass. */
  failures: string[];
}

interface Call {
  method: string;
  url: string;
  payload?: Record<string, unknown>;
}

const HAS_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Path parameter names of a registered url; `*` for a trailing wildcard. */
function pathParams(url: string): string[] {
  const names = [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
  return url.endsWith('*') ? [...names, '*'] : names;
}

/** The registered url with each parameter replaced by `fill(name)`. */
function fillPath(url: string, fill: (name: string) => string): string {
  return url
    .replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => encodeURIComponent(fill(name)))
    .replace(/\*$/, () => fill('*'));
}

/** The OpenAPI operation of a registered route (`/a/:b` is documented as `/a/{b}`). */
function operationOf(
  doc: OpenAPIV3_1.Document,
  route: RouteAccess,
): OpenAPIV3_1.OperationObject | undefined {
  const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\*$/, '{*}');
  const item = doc.paths?.[path] as Record<string, OpenAPIV3_1.OperationObject> | undefined;
  return item?.[route.method.toLowerCase()];
}

function queryParams(op: OpenAPIV3_1.OperationObject): { name: string; required: boolean }[] {
  return (op.parameters ?? [])
    .map((p) => p as OpenAPIV3_1.ParameterObject)
    .filter((p) => p.in === 'query')
    .map((p) => ({ name: p.name, required: p.required === true }));
}

function withQuery(path: string, query: Record<string, string>): string {
  const qs = new URLSearchParams(query).toString();
  return qs ? `${path}?${qs}` : path;
}

/**
 * Calls every route `app` registered with customer A's key and lists what lets anything of
 * customer B through, as SECURITY.md promises it:
 *
 * - a route a customer may call, with B's ids in its path (A's query and body): 404;
 * - the same with A's ids but B's `customerId` in the query (when documented) or the body: 404;
 * - the same with B's ids in the other documented query filters named like an id of the sides
 *   (`?orderId=`): 404, or an answer with nothing of B's;
 * - the same with A's own ids and no customer filter: below 400;
 * - a route a customer may not call: 403;
 * - an open route: as its `routes[…].open` says;
 *
 * and no answer may hold one of B's markers (B's ids and `markers`) that the request itself did
 * not send. A route the sweep cannot fill (a path parameter with no id on either side, a body
 * or required query it was not given, an open route with no rule, one missing from the OpenAPI
 * document) is a failure naming it, so a new route cannot pass unswept.
 */
export async function tenancySweep(app: HttpApp, sweep: TenancySweep): Promise<SweepReport> {
  const doc = app.swagger() as OpenAPIV3_1.Document;
  const routes = app.routeAccess();
  const config = sweep.routes ?? {};
  const failures: string[] = [];
  const swept: string[] = [];
  const markers = [
    ...new Set([...Object.values(sweep.theirs), ...(sweep.markers ?? [])].filter(Boolean)),
  ];
  for (const marker of markers)
    for (const own of Object.values(sweep.ours))
      if (own.includes(marker) || marker.includes(own))
        failures.push(`marker "${marker}" overlaps A's "${own}": give B ids of its own`);
  // Every answer for A would hold such a marker: nothing below would mean anything.
  if (failures.length > 0) return { swept, failures };
  const registered = new Set(routes.map((r) => `${r.method} ${r.url}`));
  for (const name of Object.keys(config))
    if (!registered.has(name)) failures.push(`${name}: in the sweep, not a registered route`);

  const send = async (call: Call, key: string) => {
    const res = await app.inject({
      method: call.method as 'GET',
      url: call.url,
      headers: { [DEFAULT_API_KEY_HEADER]: key },
      ...(call.payload ? { payload: call.payload } : {}),
    });
    return { status: res.statusCode, body: res.body };
  };
  /** Sends `call` as A; fails unless `ok(status)`, or when the answer holds B's data. */
  const check = async (
    call: Call,
    expected: string,
    ok: (status: number) => boolean,
  ): Promise<void> => {
    const { status, body } = await send(call, sweep.key);
    const what = `${call.method} ${call.url}${call.payload ? ` ${JSON.stringify(call.payload)}` : ''}`;
    if (!ok(status)) failures.push(`${what}: ${status}, not ${expected}`);
    let sent = what;
    try {
      sent = decodeURIComponent(what);
    } catch {
      // A malformed escape is sent as it is.
    }
    const leaked = markers.filter((m) => body.includes(m) && !sent.includes(m));
    if (leaked.length > 0) failures.push(`${what}: ${status} holding B's ${leaked.join(', ')}`);
  };

  // Deletes last, so A's resources are still there for every other route's own call.
  const ordered = [...routes].sort(
    (a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'),
  );
  for (const route of ordered) {
    const name = `${route.method} ${route.url}`;
    const rule = config[name] ?? {};
    const params = pathParams(route.url);
    const body = (side: SweepSide) =>
      rule.payload ? rule.payload(side) : HAS_BODY.has(route.method) ? {} : undefined;
    // Routes no customer key reaches: B's ids where it has them, or any value (refused first).
    const fixed = {
      method: route.method,
      url: rule.url ?? fillPath(route.url, (p) => sweep.theirs[p] ?? 'sweep'),
      ...withPayload(body(sweep.theirs)),
    };
    if (route.roles === null) {
      if (rule.open === undefined)
        failures.push(`${name}: open (${route.open}); say what a customer key gets (open)`);
      else if (rule.open === 'refused')
        await check(fixed, '401 or 403', (s) => s === 401 || s === 403);
      else await check(fixed, 'below 500', (s) => s < 500);
      if (rule.open !== undefined) swept.push(`${name}: open, ${rule.open}`);
      continue;
    }
    if (!route.roles.includes('customer')) {
      await check(fixed, '403', (s) => s === 403);
      swept.push(`${name}: staff only, 403`);
      continue;
    }

    const op = operationOf(doc, route);
    if (!op) {
      failures.push(`${name}: not in the OpenAPI document, so the sweep cannot read its query`);
      continue;
    }
    const unfilled = params.filter((p) => !(p in sweep.ours) || !(p in sweep.theirs));
    const query = queryParams(op);
    const unknownQuery = query
      .filter((q) => q.required && q.name !== 'customerId')
      .filter((q) => !(rule.query && q.name in rule.query(sweep.ours)))
      .map((q) => q.name);
    const gaps = [
      ...unfilled.map((p) => `path :${p} (ours.${p}, theirs.${p})`),
      ...unknownQuery.map((q) => `required query ?${q} (routes[…].query)`),
      ...(op.requestBody && !rule.payload ? ['a body (routes[…].payload)'] : []),
    ];
    if (gaps.length > 0) {
      failures.push(`${name}: the sweep cannot fill ${gaps.join(', ')}`);
      continue;
    }
    const byQuery = query.some((q) => q.name === 'customerId');
    const byBody = JSON.stringify(body(sweep.theirs) ?? {}).includes(sweep.theirs.customerId);
    /** The route with `ids` in its path, and `customer`'s query and body (B's names B). */
    const callWith = (ids: SweepSide, customer: SweepSide): Call => ({
      method: route.method,
      url: withQuery(
        fillPath(route.url, (p) => ids[p]!),
        {
          ...rule.query?.(customer),
          ...(byQuery && customer === sweep.theirs ? { customerId: customer.customerId } : {}),
        },
      ),
      ...withPayload(body(customer)),
    });
    const calls: string[] = [];
    if (params.length > 0) {
      await check(callWith(sweep.theirs, sweep.ours), '404', (s) => s === 404);
      calls.push("B's ids 404");
    }
    if (byQuery || byBody) {
      await check(callWith(sweep.ours, sweep.theirs), '404', (s) => s === 404);
      calls.push(`B's customerId in the ${byQuery ? 'query' : 'body'} 404`);
    }
    // Other filters naming an id (`?orderId=`, `?caseId=`): B's answer 404 or hold nothing of B.
    const byIds = query.filter((q) => q.name !== 'customerId' && q.name in sweep.theirs);
    if (byIds.length > 0) {
      const call = callWith(sweep.ours, sweep.ours);
      const ids = Object.fromEntries(byIds.map((q) => [q.name, sweep.theirs[q.name]!]));
      const sep = call.url.includes('?') ? '&' : '?';
      call.url = `${call.url}${sep}${new URLSearchParams(ids).toString()}`;
      await check(call, '404 or below 400', (s) => s < 400 || s === 404);
      calls.push(`B's ${byIds.map((q) => q.name).join(', ')} in the query, nothing of B's`);
    }
    if (rule.ours !== false) {
      await check(callWith(sweep.ours, sweep.ours), 'below 400', (s) => s < 400);
      calls.push("A's own below 400 with none of B's");
    }
    if (sweep.staffKey && route.method === 'GET') {
      const { url } = callWith(sweep.theirs, sweep.theirs);
      const { status } = await send({ method: 'GET', url }, sweep.staffKey);
      if (status >= 400) failures.push(`GET ${url}: ${status} for staff, so B's ids name nothing`);
    }
    swept.push(`${name}: customer, ${calls.join('; ')}`);
  }
  return { swept, failures };
}

function withPayload(payload: Record<string, unknown> | undefined) {
  return payload ? { payload } : {};
}
