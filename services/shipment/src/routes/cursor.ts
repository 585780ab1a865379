import { cursorCodec, cursorParts } from '@forewarn/platform';

/** The shipment lists' position: the last shipment's id. */
export const shipmentCursor = cursorCodec(cursorParts.text);

/** A timeline's position: the last event's (occurredAt, eventId). */
export const timelineCursor = cursorCodec(cursorParts.instant, cursorParts.text);
