import { defineError } from '@forewarn/http';

/**
 * One message for "missing" and "not yours": a customer key must not learn that another
 * customer's order exists.
 */
export const OrderNotFound = defineError(
  'NOT_FOUND',
  'ORDER_NOT_FOUND',
  (orderId: string) => `No order ${orderId}.`,
);
