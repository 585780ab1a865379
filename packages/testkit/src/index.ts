export { resolveStack, type StackEndpoints } from './stack.js';
export { createTestEnv, eventually, type TestEnv } from './test-env.js';
export { serviceTestEnv } from './service-env.js';
export { freePort } from './free-port.js';
