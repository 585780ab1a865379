import { Info, Zone, type ZoneOffsetFormat, type ZoneOffsetOptions } from 'luxon';

const HOUR_MS = 3_600_000;
/** Hours remembered per zone before the memo starts over (a few years of hours). */
const MAX_HOURS = 50_000;

/**
 * An IANA zone that remembers its UTC offset per hour. Luxon asks the zone for its offset on
 * every conversion, and an IANA zone answers with Intl.DateTimeFormat#formatToParts each time,
 * which dominated the detector's CPU. Offsets change at most once in any hour (transitions are
 * hours apart), so an hour whose first and last millisecond share an offset has it throughout;
 * an hour with a transition in it is asked of the zone itself, per instant.
 */
export class CachedZone extends Zone<true> {
  private readonly offsets = new Map<number, number>();

  constructor(private readonly zone: Zone<true>) {
    super();
  }

  override get type(): string {
    return this.zone.type;
  }
  override get name(): string {
    return this.zone.name;
  }
  override get isUniversal(): false {
    return false;
  }
  override get isValid(): true {
    return true;
  }
  override offsetName(ts: number, options: ZoneOffsetOptions): string {
    return this.zone.offsetName(ts, options);
  }
  override formatOffset(ts: number, format: ZoneOffsetFormat): string {
    return this.zone.formatOffset(ts, format);
  }
  override offset(ts: number): number {
    const hour = Math.floor(ts / HOUR_MS);
    let known = this.offsets.get(hour);
    if (known === undefined) {
      const first = this.zone.offset(hour * HOUR_MS);
      const last = this.zone.offset(hour * HOUR_MS + HOUR_MS - 1);
      known = first === last ? first : NaN;
      if (this.offsets.size >= MAX_HOURS) this.offsets.clear();
      this.offsets.set(hour, known);
    }
    return Number.isNaN(known) ? this.zone.offset(ts) : known;
  }
  override equals(other: Zone): boolean {
    return other.type === this.type && other.name === this.name;
  }
}

const zones = new Map<string, Zone>();

/**
 * The zone luxon would make of `name` (same parsing: 'UTC', fixed offsets, IANA names, invalid
 * names), IANA zones wrapped in a CachedZone, one per name.
 */
export function zoneOf(name: string): Zone {
  let zone = zones.get(name);
  if (!zone) {
    const plain = Info.normalizeZone(name);
    zone = plain.type === 'iana' && plain.isValid ? new CachedZone(plain as Zone<true>) : plain;
    zones.set(name, zone);
  }
  return zone;
}
