/** The parts of V8's .cpuprofile (what `node --cpu-prof` writes) that self time needs. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
  }[];
  startTime: number;
  endTime: number;
  samples?: number[];
  /** Microseconds since the previous sample; the first is since startTime. */
  timeDeltas?: number[];
}

export interface SelfTime {
  name: string;
  selfMs: number;
  /** Share of the busy (non-idle) time. */
  share: number;
}

export interface ProfileSummary {
  wallMs: number;
  busyMs: number;
  idleMs: number;
  functions: SelfTime[];
  areas: SelfTime[];
}

const IDLE = '(idle)';

/** Where code lives, coarsely: an npm package, one of ours, node's internals, or V8's own. */
export function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node (internals)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const [scope, name] = url.slice(nm + 'node_modules/'.length).split('/');
    return scope?.startsWith('@') ? `${scope}/${name}` : (scope ?? url);
  }
  const ours = /\/(services|packages)\/([^/]+)\//.exec(url);
  if (ours) return ours[1] === 'services' ? `service ${ours[2]}` : `@forewarn/${ours[2]}`;
  return url;
}

function shortUrl(url: string): string {
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length);
  const ours = /\/((services|packages)\/.*)$/.exec(url);
  return ours?.[1] ?? url.replace(/^file:\/\//, '');
}

function ranked(totals: Map<string, number>, busyMs: number, top: number): SelfTime[] {
  return [...totals]
    .filter(([name]) => name !== IDLE)
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, selfMs]) => ({ name, selfMs, share: busyMs > 0 ? selfMs / busyMs : 0 }));
}

/**
 * Self time per function and per area: each sample is charged the interval until the next
 * sample (the last one the mean interval), to the function on top of the stack at that sample.
 */
export function summarizeProfile(profile: CpuProfile, top = 15): ProfileSummary {
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const wallUs = profile.endTime - profile.startTime;
  const meanUs = samples.length ? wallUs / samples.length : 0;
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const functions = new Map<string, number>();
  const areas = new Map<string, number>();
  let idleMs = 0;
  let totalMs = 0;
  samples.forEach((id, i) => {
    const frame = byId.get(id);
    if (!frame) return;
    const ms = (deltas[i + 1] ?? meanUs) / 1000;
    totalMs += ms;
    const fn = frame.functionName || '(anonymous)';
    if (fn === IDLE) {
      idleMs += ms;
      return;
    }
    const name = frame.url ? `${fn} ${shortUrl(frame.url)}:${frame.lineNumber + 1}` : fn;
    functions.set(name, (functions.get(name) ?? 0) + ms);
    const area = areaOf(frame.url, fn);
    areas.set(area, (areas.get(area) ?? 0) + ms);
  });
  const busyMs = totalMs - idleMs;
  return {
    wallMs: wallUs / 1000,
    busyMs,
    idleMs,
    functions: ranked(functions, busyMs, top),
    areas: ranked(areas, busyMs, top),
  };
}

export function renderProfile(p: ProfileSummary): string {
  const row = (s: SelfTime) =>
    `  ${(s.share * 100).toFixed(1).padStart(5)} %  ${s.selfMs.toFixed(0).padStart(7)} ms  ${s.name}`;
  return [
    `wall ${(p.wallMs / 1000).toFixed(1)} s, busy ${(p.busyMs / 1000).toFixed(1)} s, idle ${(p.idleMs / 1000).toFixed(1)} s`,
    'self time by area:',
    ...p.areas.map(row),
    'self time by function:',
    ...p.functions.map(row),
  ].join('\n');
}
