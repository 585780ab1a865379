import { readFileSync } from 'node:fs';

/** The text of a file under packages/edi/samples. */
export function sample(name: string): string {
  return readFileSync(new URL(`../samples/${name}`, import.meta.url), 'utf8');
}
