import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/**/*.test.ts',
      'src/**/*.test.ts',
      'infra/**/*.test.ts',
      'openapi/**/*.test.ts',
      'bench/**/*.test.ts',
    ],
    globalSetup: ['test/support/global-setup.ts'],
    // The local stack imports its function bundles ($DATA_DIR/.build/*.mjs): load them natively, as
    // Lambda would, instead of transforming megabytes of bundled code.
    server: { deps: { external: [/\/\.build\/[^/]+\.mjs/] } },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    typecheck: {
      enabled: true,
      include: ['test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
  },
});
