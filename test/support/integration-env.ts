/**
 * Setup file of the integration lane: before a test file imports anything, its worker gets the
 * endpoints of the DynamoDB Local and local S3 that ./integration-services.ts started, as the
 * functions read them on Lambda (TABLE_NAME, BUCKET_NAME, ...). Child processes a test spawns
 * inherit them.
 */
import { inject } from 'vitest';

Object.assign(process.env, inject('integrationEnv'));
