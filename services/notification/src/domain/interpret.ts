import type { DomainEvent } from '@forewarn/contracts';
import { caseTrigger } from './case-triggers.js';
import { proactivitySignals, type ProactivitySignal } from './proactivity.js';
import {
  backorder,
  delivered,
  etaNotice,
  orderConfirmed,
  statusNotice,
  type Trigger,
} from './triggers.js';

export interface Interpretation {
  trigger: Trigger | null;
  signals: ProactivitySignal[];
}

function triggerOf(e: DomainEvent): Trigger | null {
  switch (e.type) {
    case 'order.status-changed':
      return orderConfirmed(e);
    case 'order.line-short':
      return backorder(e);
    case 'shipment.status-changed':
      return statusNotice(e);
    case 'shipment.eta-changed':
      return etaNotice(e);
    case 'shipment.delivered':
      return delivered(e);
    case 'case.opened':
    case 'case.updated':
    case 'case.resolved':
    case 'case.escalated':
      return caseTrigger(e);
    default:
      return null;
  }
}

/** What one domain event means to the notifier: a notice to send (or not) and proactivity facts. */
export function interpret(e: DomainEvent): Interpretation {
  return { trigger: triggerOf(e), signals: proactivitySignals(e) };
}
