import type { ServiceDefinition } from '@forewarn/runtime';

export const detectorService: ServiceDefinition = {
  name: 'exception-detector',
  schema: 'detector',
  migrations: [],
  outbox: true,
  openapi: {
    title: 'Forewarn exception-detector service',
    description: 'The exception-detector service of Forewarn.',
  },
};
