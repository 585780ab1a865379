/** Where in an interchange a problem is: the segment (1-based position, id) and, when known, the element. */
export interface EdiLocation {
  position: number;
  segmentId: string;
  /** 1-based element index, e.g. 1 for AT7-01. */
  element?: number;
}

export type EdiErrorCode =
  | 'not_x12'
  | 'envelope'
  | 'control_number'
  | 'segment_count'
  | 'missing_element'
  | 'invalid_element'
  | 'unknown_code'
  | 'structure'
  | 'unsupported_transaction';

function describe(at: EdiLocation | undefined): string {
  if (!at) return '';
  const element =
    at.element === undefined
      ? ''
      : `, element ${at.segmentId}-${String(at.element).padStart(2, '0')}`;
  return `segment ${at.position} (${at.segmentId})${element}: `;
}

/** A malformed or unmappable EDI document; the message names the segment and element. */
export class EdiError extends Error {
  readonly code: EdiErrorCode;
  readonly at: EdiLocation | undefined;
  readonly reason: string;
  constructor(code: EdiErrorCode, reason: string, at?: EdiLocation) {
    super(`${describe(at)}${reason}`);
    this.name = 'EdiError';
    this.code = code;
    this.at = at;
    this.reason = reason;
  }
}
