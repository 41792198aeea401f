/**
 * The table's stream delivered to the erasure function in process, as infra/template.yaml's mapping
 * delivers it (filters, batch size, retries, bisection, dead letters: local/event-sources/), for
 * tests that share the global DynamoDB Local: only the records of the users a test names are
 * considered, from the moment it starts (LATEST). Fault injection and counting go through the
 * functions' own clients, so what fails is what the function sends.
 *
 *   const changes = await tableChangesOf([sub]);
 *   await invoke(handler, event('DELETE /users/me', { sub }));
 *   await changes.idle();          // every step ran
 *   await changes.close();
 */
import type { DynamoDBRecord } from 'aws-lambda';
import { type StreamDelivery, startStreamDelivery } from '../../local/event-sources/stream-delivery';
import { streamMappingsOf } from '../../local/event-sources/stream-mappings';
import { readTemplate } from '../../local/stack/local-template';
import { TEMPLATE_PATH } from '../../paths';
import { handler as erasureHandler } from '../../src/functions/erasure';
import { tableName } from '../../src/store/client';

/** The owner a record's key names (`USER#<sub>`, `ERASURE#<sub>`); undefined for a guard. */
function ownerOf(record: DynamoDBRecord): string | undefined {
  const pk = record.dynamodb?.Keys?.PK?.S ?? '';
  const match = /^(?:USER|ERASURE)#(.+)$/.exec(pk);
  return match?.[1];
}

export interface TableChangesOptions {
  /** Instead of the erasure function (a wrapper that counts or fails invocations). */
  handler?: (event: never, context: never) => unknown;
  timeoutSeconds?: number;
}

export async function tableChangesOf(
  subs: Iterable<string>,
  options: TableChangesOptions = {},
): Promise<StreamDelivery> {
  const owners = new Set(subs);
  const template = await readTemplate(TEMPLATE_PATH);
  return startStreamDelivery({
    mappings: streamMappingsOf(template),
    endpoint: process.env.DYNAMODB_ENDPOINT ?? '',
    region: process.env.AWS_REGION ?? 'us-east-1',
    accountId: '123456789012',
    tableNameOf: () => tableName,
    // The function the template's mapping names, and no other: a mapping moved elsewhere fails here.
    handlerOf: (id) =>
      id === 'ErasureFunction' ? ((options.handler ?? erasureHandler) as never) : undefined,
    settingsOf: (id) => ({ functionName: id, memoryMb: 512, timeoutSeconds: options.timeoutSeconds ?? 29 }),
    onFailure: () => undefined, // the tests assert on what failed; the dead letters are kept
    select: (record) => owners.has(ownerOf(record) ?? ''),
    startingPosition: 'LATEST',
    // The polling rate is timing, not behaviour: tests wait less between passes and retries.
    pollIntervalMs: 20,
  });
}
