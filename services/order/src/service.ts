import type { ServiceDefinition } from '@forewarn/runtime';

export const ordersService: ServiceDefinition = {
  name: 'order',
  schema: 'orders',
  migrations: [],
  outbox: true,
  openapi: { title: 'Forewarn order service', description: 'The order service of Forewarn.' },
};
