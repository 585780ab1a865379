import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { globalSetup: ['@forewarn/testkit/global-setup'] },
});
