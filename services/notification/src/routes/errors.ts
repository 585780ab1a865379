import { defineError } from '@forewarn/http';

export const ContactNotFound = defineError(
  'NOT_FOUND',
  'CONTACT_NOT_FOUND',
  (id: string) => `No contact ${id}.`,
);
export const NoticeNotFound = defineError(
  'NOT_FOUND',
  'NOTICE_NOT_FOUND',
  (id: string) => `No notice ${id}.`,
);
/** An order a customer key sees no notice about: none yet, not theirs, or no such order. */
export const OrderNoticesNotFound = defineError(
  'NOT_FOUND',
  'ORDER_NOTICES_NOT_FOUND',
  (orderId: string) => `No notices for order ${orderId}.`,
);
export const NoticeBusy = defineError(
  'CONFLICT',
  'NOTICE_NOT_RESENDABLE',
  (status: string) =>
    `The notice is ${status}; only a sent, delivered, bounced, dead or unknown notice can be resent.`,
);
export const ContactCustomerChange = defineError(
  'CONFLICT',
  'CONTACT_CUSTOMER_MISMATCH',
  () => 'A contact cannot move to another customer; create a new contact.',
);
export const UnsafeWebhookUrl = defineError(
  'INVALID_DATA',
  'WEBHOOK_URL_REFUSED',
  (why: string) => `${why}; ask your operator to allow an internal receiver.`,
);
export const ResendLimited = defineError(
  'RATE_LIMITED',
  'RESEND_RATE_LIMITED',
  (what: string) => `Too many resends ${what}; try again later.`,
);
export const TwilioSignatureInvalid = defineError(
  'FORBIDDEN',
  'TWILIO_SIGNATURE_INVALID',
  () => 'The X-Twilio-Signature header does not match this request.',
);
