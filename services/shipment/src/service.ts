import type { ServiceDefinition } from '@forewarn/runtime';

export const shipmentsService: ServiceDefinition = {
  name: 'shipment',
  schema: 'shipments',
  migrations: [],
  outbox: true,
  openapi: { title: 'Forewarn shipment service', description: 'The shipment service of Forewarn.' },
};
