import {
  array,
  currency,
  date,
  enumOf,
  id,
  int,
  money,
  optional,
  record,
  str,
} from '../dsl/index.js';
import { defineEvent } from '../envelope.js';
import { TOPIC } from '../topic-names.js';
import { returnLine } from './shared.js';

export const invoiceIssued = defineEvent({
  type: 'erp.invoice.issued',
  version: 2,
  schemaId: 161,
  earlier: [{ version: 1, schemaId: 111, envelope: 1 }],
  topic: TOPIC.erpInvoices,
  summary: 'An invoice (or a corrected invoice) was issued for an order',
  payload: () => ({
    invoiceId: id(),
    orderId: id(),
    customerId: id(),
    correctsInvoiceId: optional(id()),
    invoiceDate: date(),
    currency: currency(),
    lines: array(
      record('InvoiceLine', {
        lineNo: int({ min: 1 }),
        sku: id(),
        qty: int({ min: 0 }),
        unitPrice: money(),
        lineTotal: money(),
      }),
    ),
    subtotal: money(),
    freight: optional(money()),
    tax: money(),
    total: money(),
  }),
});

const returnReason = () =>
  enumOf('ReturnReason', ['damaged', 'defective', 'wrong_item', 'not_needed', 'late', 'other'], {
    default: 'other',
  });

export const returnAuthorised = defineEvent({
  type: 'erp.return.authorised',
  version: 2,
  schemaId: 171,
  earlier: [{ version: 1, schemaId: 121, envelope: 1 }],
  topic: TOPIC.erpReturns,
  summary: 'A return (RMA) was authorised',
  payload: () => ({
    rmaId: id(),
    orderId: id(),
    customerId: id(),
    reason: returnReason(),
    note: optional(str()),
    lines: array(returnLine()),
    expectedCredit: optional(money()),
  }),
});

export const returnReceived = defineEvent({
  type: 'erp.return.received',
  version: 2,
  schemaId: 172,
  earlier: [{ version: 1, schemaId: 122, envelope: 1 }],
  topic: TOPIC.erpReturns,
  summary: 'Returned goods arrived; the credit is due within 7 calendar days',
  payload: () => ({ rmaId: id(), orderId: id(), customerId: id(), lines: array(returnLine()) }),
});

export const returnCredited = defineEvent({
  type: 'erp.return.credited',
  version: 2,
  schemaId: 173,
  earlier: [{ version: 1, schemaId: 123, envelope: 1 }],
  topic: TOPIC.erpReturns,
  summary: 'The customer was credited for a return',
  payload: () => ({
    rmaId: id(),
    orderId: id(),
    customerId: id(),
    creditNoteId: id(),
    lines: array(returnLine()),
    total: money(),
  }),
});
