import { z } from 'zod';
import { CHANNELS, TEMPLATE_KEYS } from '../domain/channels.js';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm');
const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'unknown IANA time zone');

export const preferencesSchema = z
  .object({
    channels: z.array(z.enum(CHANNELS)).min(1).optional(),
    exceptionChannels: z.array(z.enum(CHANNELS)).optional(),
    failover: z.boolean().optional(),
    language: z
      .string()
      .regex(/^[a-z]{2}(-[A-Z]{2})?$/)
      .optional(),
    events: z.array(z.enum(TEMPLATE_KEYS)).optional(),
    quietHours: z.object({ start: hhmm, end: hhmm, timeZone }).nullable().optional(),
    mode: z.enum(['immediate', 'digest']).optional(),
    digestAt: hhmm.optional(),
    timeZone: timeZone.optional(),
  })
  .describe('Fields left out take the default of the customer tier');

export const contactBody = z.object({
  name: z.string().optional(),
  email: z.email().optional(),
  phone: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, 'E.164 phone number')
    .optional(),
  webhookUrl: z.url().optional(),
  webhookSecret: z.string().min(16).optional().describe('Write-only; never returned'),
  preferences: preferencesSchema.default({}),
});

export const contactView = z.object({
  contactId: z.string(),
  customerId: z.string(),
  name: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  webhookUrl: z.string().optional(),
  hasWebhookSecret: z.boolean(),
  preferences: preferencesSchema,
});

export const logEntryView = z.object({
  kind: z.string(),
  attempt: z.number().nullable(),
  channel: z.string(),
  address: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  outcome: z.string(),
  error: z.string().nullable(),
  providerMessageId: z.string().nullable(),
});

export const noticeView = z.object({
  noticeId: z.string(),
  customerId: z.string(),
  contactId: z.string(),
  template: z.string(),
  language: z.string(),
  channel: z.string(),
  address: z.string(),
  mode: z.string(),
  critical: z.boolean(),
  status: z.string(),
  orderId: z.string().nullable(),
  shipmentId: z.string().nullable(),
  caseId: z.string().nullable(),
  trackingReference: z.string().nullable(),
  triggerEventId: z.string(),
  triggerType: z.string(),
  dueAt: z.string(),
  attempts: z.number(),
  sentAt: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  log: z.array(logEntryView),
});
