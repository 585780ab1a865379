import { z } from 'zod';
import type { EventType } from './envelope.js';
import * as carrier from './events/carrier.js';
import * as cases from './events/domain-cases.js';
import * as notifications from './events/domain-notifications.js';
import * as orders from './events/domain-orders.js';
import * as shipments from './events/domain-shipments.js';
import * as finance from './events/erp-finance.js';
import * as erp from './events/erp-orders.js';
import * as purchasing from './events/erp-purchasing.js';
import * as wms from './events/wms.js';

/** The current version of every source event type. */
export const sourceEventTypes = [
  erp.orderCreated,
  erp.orderChanged,
  erp.orderCancelled,
  erp.allocationUpdated,
  erp.creditHoldPlaced,
  erp.creditHoldReleased,
  finance.invoiceIssued,
  finance.returnAuthorised,
  finance.returnReceived,
  finance.returnCredited,
  purchasing.purchaseOrderIssued,
  purchasing.purchaseOrderAcknowledged,
  purchasing.purchaseOrderReceived,
  wms.waveReleased,
  wms.pickCompleted,
  wms.packCompleted,
  wms.shipmentConfirmed,
  wms.inventoryAdjusted,
  carrier.trackingScanned,
  carrier.etaUpdated,
  carrier.proofOfDeliveryRecorded,
] as const;

/** The current version of every event type our services emit. */
export const domainEventTypes = [
  orders.orderStatusChanged,
  orders.orderLineShort,
  orders.orderPromiseChanged,
  orders.orderInvoicePosted,
  orders.orderReturnReceived,
  orders.orderReturnCredited,
  shipments.shipmentStatusChanged,
  shipments.shipmentEtaChanged,
  shipments.shipmentExceptionScanned,
  shipments.shipmentDelivered,
  shipments.shipmentNoScanYet,
  cases.caseOpened,
  cases.caseUpdated,
  cases.caseResolved,
  cases.caseEscalated,
  cases.caseSlaWarning,
  cases.caseSlaBreached,
  notifications.notificationSent,
  notifications.notificationFailed,
] as const;

/**
 * Superseded versions that must stay readable while data written with them may still be on a
 * topic. When a type's payload moves to a new version, its old definition moves here (unchanged)
 * and the new one takes its place above; versions that differ only by their envelope are the
 * `earlier` of the current definition (the envelope dropped `tenantId`).
 */
export const supersededEventTypes: readonly EventType[] = [
  ...erp.erpOrderEventsV1,
  ...orders.orderEventsV1,
  ...orders.orderEventsV3.flatMap((e): readonly EventType[] => [e, ...e.earlier]),
  ...shipments.shipmentEventsV1,
  ...[...sourceEventTypes, ...domainEventTypes].flatMap((e): readonly EventType[] => e.earlier),
];

/** Every version of every event type. */
export const eventTypes: readonly EventType[] = [
  ...sourceEventTypes,
  ...domainEventTypes,
  ...supersededEventTypes,
];

/** Lookups over a list of event types; the package's own are bound to `eventTypes` below. */
export interface EventTypeLookup {
  /** The given version of an event type, or its latest when no version is given. */
  eventTypeByName(type: string, version?: number): EventType | undefined;
  eventTypeBySchemaId(schemaId: number): EventType | undefined;
}

export function createLookup(list: readonly EventType[]): EventTypeLookup {
  const byName = new Map<string, EventType[]>();
  for (const e of list)
    byName.set(
      e.type,
      [...(byName.get(e.type) ?? []), e].sort((a, b) => b.version - a.version),
    );
  const bySchemaId = new Map(list.map((e) => [e.schemaId, e]));
  return {
    eventTypeByName: (type, version) => {
      const versions = byName.get(type);
      return version === undefined ? versions?.[0] : versions?.find((e) => e.version === version);
    },
    eventTypeBySchemaId: (schemaId) => bySchemaId.get(schemaId),
  };
}

const lookup = createLookup(eventTypes);
export const eventTypeByName = lookup.eventTypeByName;
export const eventTypeBySchemaId = lookup.eventTypeBySchemaId;

type ZodsOf<T extends readonly EventType[]> = { -readonly [K in keyof T]: T[K]['zod'] };
function zodsOf<const T extends readonly EventType[]>(list: T): ZodsOf<T> {
  return list.map((e) => e.zod) as ZodsOf<T>;
}

/**
 * A schema built the first time it is used. These unions hold every current type's zod, and
 * building them at import would undo the catalog's laziness (envelope.ts `defineEvent`) in
 * every process, though no service uses them at run time: the proxy stands in for the schema
 * and forwards every read to it, built on the first.
 */
function onFirstUse<S extends object>(build: () => S): S {
  let schema: S | undefined;
  const real = () => (schema ??= build());
  return new Proxy({} as S, {
    get: (_, key) => Reflect.get(real(), key),
    has: (_, key) => Reflect.has(real(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  });
}

/** Validates any current source event, narrowing on `type`. */
export const sourceEventSchema = onFirstUse(() =>
  z.discriminatedUnion('type', zodsOf(sourceEventTypes)),
);
/** Validates any current domain event, narrowing on `type`. */
export const domainEventSchema = onFirstUse(() =>
  z.discriminatedUnion('type', zodsOf(domainEventTypes)),
);

export type SourceEvent = z.infer<typeof sourceEventSchema>;
export type DomainEvent = z.infer<typeof domainEventSchema>;
export type ForewarnEvent = SourceEvent | DomainEvent;
export type EventTypeName = ForewarnEvent['type'];
export type EventOfType<T extends EventTypeName> = Extract<ForewarnEvent, { type: T }>;
