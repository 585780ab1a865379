import { EdiError } from '../x12/errors.js';
import { required, type Segment } from '../x12/segment.js';
import type { CarrierRow, MappingTables } from './tables.js';

/** The carrier of a SCAC element, or an error telling the operator which table to extend. */
export function carrierOf(
  tables: MappingTables,
  seg: Segment,
  index: number,
): CarrierRow & { scac: string } {
  const scac = required(seg, index, 'carrier SCAC');
  const row = tables.carriers[scac];
  if (!row) {
    throw new EdiError('unknown_code', `unknown carrier SCAC "${scac}": add it to carriers.json`, {
      position: seg.position,
      segmentId: seg.id,
      element: index,
    });
  }
  return { ...row, scac };
}
