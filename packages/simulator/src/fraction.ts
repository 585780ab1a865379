/**
 * A stable fraction in [0, 1) of a string, the same on every run: FNV-1a, then murmur3's
 * finaliser, since FNV's high bits barely move between sequential ids (SO-1000000, SO-1000001).
 */
export function fraction(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}
