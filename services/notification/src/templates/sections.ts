/** The parts every template file holds, each under a `=== name` line. */
export const SECTIONS = ['subject', 'text', 'html', 'sms'] as const;
export type Section = (typeof SECTIONS)[number];

/** Splits a template file into its sections; every one of SECTIONS must be present. */
export function splitSections(source: string, file: string): Record<Section, string> {
  const out: Partial<Record<Section, string>> = {};
  const parts = source.split(/^=== (\w+)[ \t]*$/m);
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i] as Section;
    if (!SECTIONS.includes(name)) throw new Error(`${file}: unknown section "${name}"`);
    out[name] = (parts[i + 1] ?? '').replace(/^\r?\n/, '').trimEnd();
  }
  const missing = SECTIONS.filter((s) => out[s] === undefined);
  if (missing.length) throw new Error(`${file}: missing section(s) ${missing.join(', ')}`);
  return out as Record<Section, string>;
}
