import type { ServiceDefinition } from '@forewarn/runtime';

export const ingestionService: ServiceDefinition = {
  name: 'ingestion',
  schema: 'ingestion',
  migrations: [],
  outbox: true,
  openapi: {
    title: 'Forewarn ingestion service',
    description: 'The ingestion service of Forewarn.',
  },
};
