import { defineError } from './errors.js';

/**
 * The one list of error codes Forewarn answers with: each code once, with its kind (which decides
 * the HTTP status) and its message. Clients branch on codes, so a code is never renamed; a
 * message may be reworded. docs/error-codes.md is generated from this list, and generation fails
 * when code anywhere raises a code that is not here, or raises it with another kind.
 */
export const errorCatalog = {
  /** The HTTP edge every service shares: validation, routing, API keys and customer scope. */
  http: {
    validationFailed: defineError(
      'INVALID_DATA',
      'VALIDATION_FAILED',
      (where: string, count: number) =>
        `The ${where} is invalid (${count} issue${count === 1 ? '' : 's'}).`,
    ),
    internalError: defineError(
      'UNEXPECTED',
      'INTERNAL_ERROR',
      () => 'An unexpected error occurred. Quote the request id when reporting it.',
    ),
    routeNotFound: defineError(
      'NOT_FOUND',
      'ROUTE_NOT_FOUND',
      (method: string, path: string) => `No route ${method} ${path}.`,
    ),
    apiKeyMissing: defineError(
      'UNAUTHORIZED',
      'API_KEY_MISSING',
      (header: string) => `Send your API key in the ${header} header.`,
    ),
    apiKeyInvalid: defineError(
      'UNAUTHORIZED',
      'API_KEY_INVALID',
      () => 'The API key is not valid.',
    ),
    roleNotAllowed: defineError(
      'FORBIDDEN',
      'ROLE_NOT_ALLOWED',
      (role: string, allowed: readonly string[]) =>
        `Role ${role} may not do this; allowed: ${allowed.join(', ')}.`,
    ),
    /** A customer key configured without its customer: a deployment mistake, refused outright. */
    customerOutOfScope: defineError(
      'FORBIDDEN',
      'CUSTOMER_OUT_OF_SCOPE',
      () => 'This API key only gives access to its own customer.',
    ),
    /**
     * A customer key naming another customer. 404, not 403, and the same whether that customer
     * exists or not, so a key cannot learn which customer ids are real.
     */
    customerNotFound: defineError(
      'NOT_FOUND',
      'CUSTOMER_NOT_FOUND',
      (customerId: string) => `No customer ${customerId} for this API key.`,
    ),
    /** A paging cursor this API did not hand out, on any list (the kit's cursorCodec raises it). */
    invalidCursor: defineError(
      'INVALID_DATA',
      'INVALID_CURSOR',
      () => 'The cursor is not one this API issued.',
    ),
  },

  order: {
    /** One message for "missing" and "not yours": a customer key must not learn it exists. */
    orderNotFound: defineError(
      'NOT_FOUND',
      'ORDER_NOT_FOUND',
      (orderId: string) => `No order ${orderId}.`,
    ),
    supplierNotFound: defineError(
      'NOT_FOUND',
      'SUPPLIER_NOT_FOUND',
      (supplierId: string) => `No purchase orders from supplier ${supplierId}.`,
    ),
  },

  shipment: {
    shipmentNotFound: defineError(
      'NOT_FOUND',
      'SHIPMENT_NOT_FOUND',
      (id: string) => `No shipment ${id}.`,
    ),
    orderShipmentsNotFound: defineError(
      'NOT_FOUND',
      'ORDER_SHIPMENTS_NOT_FOUND',
      (orderId: string) => `No shipments for order ${orderId}.`,
    ),
  },

  ingestion: {
    bodyNotJson: defineError('INVALID_DATA', 'BODY_NOT_JSON', () => 'The body is not valid JSON.'),
    credentialsMissing: defineError(
      'UNAUTHORIZED',
      'CREDENTIALS_MISSING',
      (headers: string) => `Send x-api-key, or sign the request (${headers}).`,
    ),
    sourceUnknown: defineError(
      'UNAUTHORIZED',
      'SOURCE_UNKNOWN',
      (source: string) => `No signing secret is configured for ${source}.`,
    ),
    /** The verifier's own words: which header is missing or what does not match. */
    signatureInvalid: defineError('UNAUTHORIZED', 'SIGNATURE_INVALID', (why: string) => why),
    signatureStale: defineError('UNAUTHORIZED', 'SIGNATURE_STALE', (why: string) => why),
    eventsInvalid: defineError(
      'INVALID_DATA',
      'EVENTS_INVALID',
      (what: string) => `${what}; nothing was accepted. Fix them and resend the batch.`,
    ),
    sourceMismatch: defineError(
      'FORBIDDEN',
      'SOURCE_MISMATCH',
      (bad: number, total: number) =>
        `${bad} of ${total} events belong to another source; nothing was accepted. Fix them and resend the batch.`,
    ),
    ediInvalid: defineError(
      'INVALID_DATA',
      'EDI_INVALID',
      (why: string) => `The X12 interchange was refused: ${why}`,
    ),
    providerUnknown: defineError(
      'NOT_FOUND',
      'PROVIDER_UNKNOWN',
      (provider: string) => `No webhook mapping for ${provider}.`,
    ),
    eventTypeUnknown: defineError(
      'NOT_FOUND',
      'EVENT_TYPE_UNKNOWN',
      (type: string, version?: number) => `No event type ${type}${version ? ` v${version}` : ''}.`,
    ),
    feedUnknown: defineError('NOT_FOUND', 'FEED_UNKNOWN', (source: string) => `No feed ${source}.`),
    /** The same answer whether the interchange is another source's or does not exist. */
    ediInterchangeUnknown: defineError(
      'NOT_FOUND',
      'EDI_INTERCHANGE_UNKNOWN',
      (id: string) => `No EDI interchange ${id}.`,
    ),
    dlqGroupUnknown: defineError(
      'NOT_FOUND',
      'DLQ_GROUP_UNKNOWN',
      (group: string) => `No dead-letter queue is watched for group ${group}.`,
    ),
    deadLetterUnknown: defineError(
      'NOT_FOUND',
      'DEAD_LETTER_UNKNOWN',
      (entryId: string, group: string) => `No dead letter ${entryId} in ${group}.`,
    ),
    deadLetterSettled: defineError(
      'CONFLICT',
      'DEAD_LETTER_SETTLED',
      (entryId: string, how: 'discarded' | 're-driven', at: string) =>
        `Dead letter ${entryId} was already ${how} at ${at}.`,
    ),
    deadLetterNoSource: defineError(
      'CONFLICT',
      'DEAD_LETTER_NO_SOURCE',
      (entryId: string) => `Dead letter ${entryId} names no source topic.`,
    ),
  },

  notification: {
    contactNotFound: defineError(
      'NOT_FOUND',
      'CONTACT_NOT_FOUND',
      (id: string) => `No contact ${id}.`,
    ),
    noticeNotFound: defineError(
      'NOT_FOUND',
      'NOTICE_NOT_FOUND',
      (id: string) => `No notice ${id}.`,
    ),
    /** An order a customer key sees no notice about: none yet, not theirs, or no such order. */
    orderNoticesNotFound: defineError(
      'NOT_FOUND',
      'ORDER_NOTICES_NOT_FOUND',
      (orderId: string) => `No notices for order ${orderId}.`,
    ),
    noticeNotResendable: defineError(
      'CONFLICT',
      'NOTICE_NOT_RESENDABLE',
      (status: string) =>
        `The notice is ${status}; only a sent, delivered, bounced, dead or unknown notice can be resent.`,
    ),
    contactCustomerMismatch: defineError(
      'CONFLICT',
      'CONTACT_CUSTOMER_MISMATCH',
      () => 'A contact cannot move to another customer; create a new contact.',
    ),
    webhookUrlRefused: defineError(
      'INVALID_DATA',
      'WEBHOOK_URL_REFUSED',
      (why: string) => `${why}; ask your operator to allow an internal receiver.`,
    ),
    resendRateLimited: defineError(
      'RATE_LIMITED',
      'RESEND_RATE_LIMITED',
      (what: string) => `Too many resends ${what}; try again later.`,
    ),
    twilioSignatureInvalid: defineError(
      'FORBIDDEN',
      'TWILIO_SIGNATURE_INVALID',
      () => 'The X-Twilio-Signature header does not match this request.',
    ),
    trackingLinkNotFound: defineError(
      'NOT_FOUND',
      'TRACKING_LINK_NOT_FOUND',
      () => 'This tracking link is not valid or has expired.',
    ),
    trackingUnavailable: defineError(
      'UNAVAILABLE',
      'TRACKING_UNAVAILABLE',
      () => 'The order cannot be read just now; try again in a few minutes.',
    ),
  },

  /** The exception detector: cases, the rules of case commands, CRM sync and the console. */
  detector: {
    caseNotFound: defineError('NOT_FOUND', 'CASE_NOT_FOUND', (id: string) => `No case ${id}.`),
    orderCasesNotFound: defineError(
      'NOT_FOUND',
      'ORDER_CASES_NOT_FOUND',
      (orderId: string) => `No cases for order ${orderId}.`,
    ),
    requestSubjectNotFound: defineError(
      'NOT_FOUND',
      'REQUEST_SUBJECT_NOT_FOUND',
      () => 'No order, shipment or request of yours matches this request.',
    ),
    caseNotOpen: defineError(
      'CONFLICT',
      'CASE_NOT_OPEN',
      (caseId: string, status: string) => `Case ${caseId} is ${status}.`,
    ),
    caseAlreadyOpen: defineError(
      'CONFLICT',
      'CASE_ALREADY_OPEN',
      (caseId: string) => `Case ${caseId} is open.`,
    ),
    alreadyAtLevel: defineError(
      'CONFLICT',
      'ALREADY_AT_LEVEL',
      (caseId: string, level: string) => `Case ${caseId} is already at ${level}.`,
    ),
    creditOverRoleLimit: defineError(
      'FORBIDDEN',
      'CREDIT_OVER_ROLE_LIMIT',
      (role: string) => `A ${role} may not grant this credit; escalate the case.`,
    ),
    approvalOverRoleLimit: defineError(
      'FORBIDDEN',
      'APPROVAL_OVER_ROLE_LIMIT',
      (needs: string, role: string) =>
        `Only ${needs} or above may approve or decline this remedy (you are ${role}).`,
    ),
    remedyNotPending: defineError(
      'CONFLICT',
      'REMEDY_NOT_PENDING',
      (caseId: string, state: string) =>
        `The remedy on case ${caseId} is not awaiting approval: ${state}.`,
    ),
    reassignNotAllowed: defineError(
      'FORBIDDEN',
      'REASSIGN_NOT_ALLOWED',
      () => 'A team lead or above assigns a case to someone else; a CSR claims it.',
    ),
    alreadyAssigned: defineError(
      'CONFLICT',
      'ALREADY_ASSIGNED',
      (caseId: string, owner: string) => `Case ${caseId} is already with ${owner}.`,
    ),
    /** A reassignment to a name no API key of this deployment carries: never a silent owner. */
    unknownAssignee: defineError(
      'INVALID_DATA',
      'UNKNOWN_ASSIGNEE',
      (userId: string) =>
        `No user ${userId} is known here; assign the case to one of GET /v1/assignees.`,
    ),
    /** A reassignment to a known user whose role does not work cases (admin, customer, source). */
    assigneeCannotWorkCases: defineError(
      'INVALID_DATA',
      'ASSIGNEE_CANNOT_WORK_CASES',
      (userId: string, role: string) =>
        `${userId} signs in as ${role}, a role that does not work cases.`,
    ),
    executiveEscalationNotAllowed: defineError(
      'FORBIDDEN',
      'EXECUTIVE_ESCALATION_NOT_ALLOWED',
      () => 'Only an operations manager or above sends a case to executive review.',
    ),
    executiveCase: defineError(
      'FORBIDDEN',
      'EXECUTIVE_CASE',
      () => 'A case in executive review is resolved by an executive.',
    ),
    reopenNotAllowed: defineError(
      'FORBIDDEN',
      'REOPEN_NOT_ALLOWED',
      () => 'A team lead or above reopens a case.',
    ),
    crmJobNotDead: defineError(
      'NOT_FOUND',
      'CRM_JOB_NOT_DEAD',
      (id: string) => `No dead CRM sync job ${id}.`,
    ),
    upstreamUnknown: defineError(
      'NOT_FOUND',
      'UPSTREAM_UNKNOWN',
      (service: string) => `The console reaches no ${service}.`,
    ),
    upstreamPath: defineError(
      'NOT_FOUND',
      'UPSTREAM_PATH',
      (service: string) => `Only ${service}'s /v1 API is reachable.`,
    ),
    upstreamUnreachable: defineError(
      'UNAVAILABLE',
      'UPSTREAM_UNREACHABLE',
      (service: string, why: string) => `${service} did not answer (${why}).`,
    ),
  },
} as const;

/**
 * Codes clients may still meet in old logs or code, and will not get again: each with the code
 * that answers instead, the date it went and why. Listed in docs/error-codes.md; no code may be
 * raised again once retired.
 */
export const retiredErrorCodes: Record<string, { replacedBy: string; since: string; why: string }> =
  {
    BAD_CURSOR: {
      replacedBy: 'INVALID_CURSOR',
      since: '2026-12-07',
      why: 'The case list answered a bad cursor with its own code; every list now answers INVALID_CURSOR.',
    },
  };

/** Every entry by name, whatever its area: `throw errors.orderNotFound(id)`. */
export const errors = {
  ...errorCatalog.http,
  ...errorCatalog.order,
  ...errorCatalog.shipment,
  ...errorCatalog.ingestion,
  ...errorCatalog.notification,
  ...errorCatalog.detector,
};
