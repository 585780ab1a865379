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

/**
 * How bad a problem is: `reject` refuses the transaction set (or group, or interchange) it is
 * found in; `note` is reported in the acknowledgement, and the data is taken ("accepted with
 * errors").
 */
export type Severity = 'reject' | 'note';

export interface EdiErrorOptions {
  /**
   * The X12 code the acknowledgement reports: TA1-05 for an interchange fault, AK9-05 for a
   * group fault, AK5-02 for a transaction set fault, AK3-04 for a segment fault.
   */
  ackCode?: string;
  severity?: Severity;
}

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
  readonly ackCode: string | undefined;
  readonly severity: Severity;
  constructor(code: EdiErrorCode, reason: string, at?: EdiLocation, opts: EdiErrorOptions = {}) {
    super(`${describe(at)}${reason}`);
    this.name = 'EdiError';
    this.code = code;
    this.at = at;
    this.reason = reason;
    this.ackCode = opts.ackCode;
    this.severity = opts.severity ?? 'reject';
  }

  /** The same problem, reported in the acknowledgement but not refused (a lenient partner). */
  asNote(): EdiError {
    return new EdiError(this.code, this.reason, this.at, {
      ...(this.ackCode === undefined ? {} : { ackCode: this.ackCode }),
      severity: 'note',
    });
  }
}
