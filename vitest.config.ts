/**
 * Three test lanes, one vitest project each; a file's name says its lane:
 *   - unit (`*.test.ts`): no DynamoDB Local, no S3, no servers, no network (test/support/unit-lane.ts
 *     makes a listen or a connection fail), plus the type tests (`*.test-d.ts`). `npm run test:unit`.
 *   - integration (`*.integration.test.ts`): DynamoDB Local and the local S3, started once per run by
 *     test/support/integration-services.ts, and in-process servers on loopback.
 *   - e2e (`*.e2e.test.ts`): the whole local stack, spawned servers (Prism, `npm start`).
 * `npm test` runs all three.
 */
import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

/** Where test files live. */
const folders = ['test', 'src', 'local', 'infra', 'openapi', 'bench'];
const filesEndingIn = (suffix: string) => folders.map((folder) => `${folder}/**/*${suffix}`);

export default defineConfig({
  test: {
    // The local stack imports its function bundles ($DATA_DIR/.build/*.mjs): load them natively, as
    // Lambda would, instead of transforming megabytes of bundled code.
    server: { deps: { external: [/\/\.build\/[^/]+\.mjs/] } },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: {
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'SILENT',
      // Node 20 here, nodejs22.x on Lambda: the SDK's notice about its future Node 22 floor is known.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // The app client whose access tokens the functions take: the one of the test events' tokens
      // (TEST_CLIENT_ID in test/support/events.ts).
      USER_POOL_CLIENT_ID: 'swiftyplanner-test-client',
      // The pool whose sign-in identities an erasure deletes (tests that run one mock Cognito).
      USER_POOL_ID: 'us-east-1_test',
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: filesEndingIn('.test.ts'),
          exclude: [...configDefaults.exclude, '**/*.integration.test.ts', '**/*.e2e.test.ts'],
          setupFiles: ['test/support/unit-lane.ts'],
          // The files share one module graph per worker instead of each importing TypeScript, the AWS
          // SDK and the CloudFormation specs afresh: two thirds of the lane's import time. Unit tests
          // keep no state in modules between files (a spy or a stubbed variable is restored).
          isolate: false,
          // A worker per core, not vitest's cores - 1: slow files here mostly wait for the tools they
          // run (git, tsx, npm pack, esbuild, redocly), and the main process has little to do.
          maxWorkers: availableParallelism(),
          // Projects with their own maxWorkers need their own group: unit first, for a quick verdict.
          sequence: { groupOrder: 0 },
          typecheck: {
            enabled: true,
            include: ['test/**/*.test-d.ts'],
            tsconfig: './test/tsconfig.type-tests.json',
          },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: filesEndingIn('.integration.test.ts'),
          globalSetup: ['test/support/integration-services.ts'],
          setupFiles: ['test/support/integration-env.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          sequence: { groupOrder: 2 },
          include: filesEndingIn('.e2e.test.ts'),
        },
      },
    ],
  },
});
