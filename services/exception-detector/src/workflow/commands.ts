import { decideCommand, type Actor, type CaseCommand } from '../domain/cases/commands.js';
import type { Case } from '../domain/cases/case.js';
import {
  casesOfCustomer,
  decideRequest,
  namesOnlyItsCustomer,
  type CustomerRequest,
  type RequestType,
} from '../domain/cases/customer-request.js';
import { partyOfOrder, partyOfShipment } from '../domain/rules/party.js';
import type { Subject } from '../domain/types.js';
import { ID_SCHEMES, nameUuid } from '@forewarn/runtime/platform';
import { commit, type Clocked } from './engine.js';
import type { Store } from './store.js';

/** A staff command on a case; undefined when there is no such case. */
export async function handleCommand(
  store: Store,
  caseId: string,
  cmd: CaseCommand,
  actor: Actor,
  ctx: Clocked,
): Promise<Case | undefined> {
  const c = await store.loadCase(caseId);
  if (!c) return undefined;
  const d = decideCommand(ctx.policy, c, cmd, actor, ctx.now);
  await commit(store, d, ctx, `${actor.id}:${cmd.kind}:${c.version}`);
  return d.case;
}

export interface RequestIntake {
  requestId: string;
  requestType: RequestType;
  customerId: string;
  orderId?: string;
  shipmentId?: string;
  trackingNumber?: string;
  poNumber?: string;
  message?: string;
}

/**
 * Finds what the customer is asking about (a PO finds its order, a tracking number its shipment);
 * undefined when what it names is another customer's.
 */
export async function handleRequest(
  store: Store,
  r: RequestIntake,
  ctx: Clocked,
): Promise<Case | undefined> {
  const shipment =
    (r.shipmentId ? await store.loadShipment(r.shipmentId) : undefined) ??
    (r.trackingNumber ? await store.findShipmentByTracking(r.trackingNumber) : undefined);
  const orderId = r.orderId ?? shipment?.orderId;
  const order =
    (orderId ? await store.loadOrder(orderId) : undefined) ??
    (r.poNumber ? await store.findOrderByPo(r.customerId, r.poNumber) : undefined);
  const existing = await store.loadCase(nameUuid(ID_SCHEMES.detector, 'request', r.requestId));
  const owners = [shipment?.customerId, order?.customerId, existing?.party.customerId];
  if (!namesOnlyItsCustomer(r.customerId, owners)) return undefined;
  const subjects: Subject[] = [
    ...(shipment
      ? [{ kind: 'shipment' as const, id: shipment.shipmentId }]
      : r.shipmentId
        ? [{ kind: 'shipment' as const, id: r.shipmentId }]
        : []),
    ...(order
      ? [{ kind: 'order' as const, id: order.orderId }]
      : orderId
        ? [{ kind: 'order' as const, id: orderId }]
        : []),
  ];
  const subject: Subject = subjects[0] ?? { kind: 'customer', id: r.customerId };
  const party = shipment
    ? partyOfShipment(shipment, order)
    : order
      ? partyOfOrder(order)
      : { customerId: r.customerId };
  const request: CustomerRequest = {
    requestId: r.requestId,
    requestType: r.requestType,
    receivedAt: ctx.now.toISOString(),
    subject,
    party: { ...party, customerId: party.customerId ?? r.customerId },
    ...(r.message ? { message: r.message } : {}),
  };
  if (existing) return existing;
  const d = decideRequest(
    ctx.policy,
    request,
    casesOfCustomer(
      r.customerId,
      await store.openCasesFor(subjects.length > 0 ? subjects : [subject]),
    ),
    ctx.now,
  );
  await commit(store, d, ctx, r.requestId);
  return d.case;
}
