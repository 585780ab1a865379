import { errors } from '@forewarn/http';

// The codes and messages are declared once, in the platform kit's error catalog; these are the
// names the notification routes raise them by.
export const ContactNotFound = errors.contactNotFound;
export const NoticeNotFound = errors.noticeNotFound;
export const OrderNoticesNotFound = errors.orderNoticesNotFound;
export const NoticeBusy = errors.noticeNotResendable;
export const ContactCustomerChange = errors.contactCustomerMismatch;
export const UnsafeWebhookUrl = errors.webhookUrlRefused;
export const ResendLimited = errors.resendRateLimited;
export const TwilioSignatureInvalid = errors.twilioSignatureInvalid;
