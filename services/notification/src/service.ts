import type { ServiceDefinition } from '@forewarn/runtime';

export const notificationsService: ServiceDefinition = {
  name: 'notification',
  schema: 'notifications',
  migrations: [],
  outbox: true,
  openapi: {
    title: 'Forewarn notification service',
    description: 'The notification service of Forewarn.',
  },
};
