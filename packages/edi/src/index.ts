export { EdiError, type EdiErrorCode, type EdiLocation, type Severity } from './x12/errors.js';
export { el, type Segment } from './x12/segment.js';
export { readSeparators, tokenise, type Separators } from './x12/tokenise.js';
export {
  allFaults,
  parseX12,
  readInterchange,
  type FunctionalGroup,
  type Interchange,
  type TransactionSet,
} from './x12/parse.js';
export { toInstant, fromInstant } from './x12/time.js';
export { isKnownZone } from './zones.js';
export {
  DEFAULT_MAPPING_DIR,
  loadMappingTables,
  mappingTablesSchema,
  type CarrierRow,
  type MappingTables,
  type PartnerRow,
  type AckSet,
  type At7Rule,
  type DefaultProfile,
  type StatusRule,
  type Strictness,
  type WebhookMapping,
} from './mapping/tables.js';
export {
  receiveInterchange,
  receiveInterchanges,
  receiptFaults,
  overallStatus,
  splitInterchanges,
  type AckCode,
  type Receipt,
  type ReceiveOptions,
  type ReceivedGroup,
  type ReceivedTransaction,
  type SetStatus,
} from './mapping/receive.js';
export { acknowledge, ackFor, type AckKind, type AckOptions } from './ack/acknowledge.js';
export { senderProfile, type MapContext, type Profile } from './mapping/profile.js';
export { REF_ROLES, refsOf, type Refs } from './mapping/refs.js';
export { map214, type Draft } from './mapping/map-214.js';
export { map856 } from './mapping/map-856.js';
export {
  looksLikeX12,
  mapInterchange,
  type MapOptions,
  type MappedInterchange,
  type MappedTransaction,
} from './mapping/map-interchange.js';
export {
  mapWebhook,
  type WebhookDraft,
  type WebhookIssue,
  type WebhookResult,
} from './webhooks/map-webhook.js';
export {
  compileProviders,
  loadWebhookProviders,
  DEFAULT_WEBHOOK_DIR,
  type WebhookProvider,
  type WebhookProviders,
} from './webhooks/schema.js';
export {
  verifyWebhook,
  easypostSignature,
  aftershipSignature,
  karrioSignature,
  shippoSignature,
  SCHEME_NAMES,
  type SignatureScheme,
  type SignedRequest,
} from './webhooks/signatures.js';
export { readInstant } from './webhooks/zoned-time.js';
export {
  dottedPath,
  validateSourceEvent,
  type CheckOptions,
  type EventIssue,
  type SourceEventCheck,
} from './canonical/validate.js';
export {
  writeX12,
  DEFAULT_SEPARATORS,
  type GroupDraft,
  type InterchangeDraft,
  type TransactionDraft,
} from './x12/write.js';
export {
  encode214,
  scacOf,
  type Encode214Options,
  type Encoded214,
  type StatusEvent,
} from './encode/encode-214.js';
export {
  applyToTracker,
  easypostDetail,
  easypostEvent,
  type EasyPostDetail,
  type EasyPostTracker,
} from './encode/encode-webhook.js';
export { codeFor, type CarrierStatus } from './encode/status-codes.js';
