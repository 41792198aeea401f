/**
 * What interceptSend promises the tests that use it: where in the stack each `at` acts, that it
 * counts, and that it is gone after its test. A real document client whose HTTP handler answers in
 * memory (as DynamoDB answers a GetItem), so nothing leaves the process.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  type GetCommandInput,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { interceptSend } from './intercept-send';

interface SentRequest {
  hostname: string;
  body: string;
}

/** A document client, what it sent over "HTTP", and the answer every request gets. */
function clientAnsweringGetItem() {
  const sent: SentRequest[] = [];
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'eu-west-1',
      endpoint: 'http://dynamodb.invalid',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 3,
      requestHandler: {
        handle: async (request: { hostname: string; body: string | Uint8Array }) => {
          const body =
            typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body);
          sent.push({ hostname: request.hostname, body });
          return {
            response: {
              statusCode: 200,
              headers: { 'content-type': 'application/x-amz-json-1.0' },
              body: new TextEncoder().encode(JSON.stringify({ Item: { PK: { S: 'a' }, n: { N: '1' } } })),
            },
          };
        },
      },
    }),
  );
  return { client, sent };
}

const get = (client: DynamoDBDocumentClient) =>
  client.send(new GetCommand({ TableName: 't', Key: { PK: 'a' } }));

/** What the SDK's Node HTTP handler throws when an answer does not arrive in time. */
const timeout = () => Object.assign(new Error('answer lost'), { name: 'TimeoutError', code: 'ETIMEDOUT' });

const stacked = (client: DynamoDBDocumentClient) =>
  client.middlewareStack.identify().filter((entry) => entry.startsWith('interceptSend-'));

describe('interceptSend', () => {
  it("at 'send' sees the call as the code made it, and an error there is the call's, not retried", async () => {
    // Prepare
    const { client, sent } = clientAnsweringGetItem();
    const inputs: GetCommandInput[] = [];
    const fault = interceptSend<GetCommandInput>(client, {
      name: 'A failing GetItem',
      command: 'GetItemCommand',
      times: 1,
      act: async ({ input }) => {
        inputs.push(input);
        throw timeout();
      },
    });
    // Act
    const failed = await get(client).catch((error: Error) => error);
    const next = await get(client);
    // Assess
    expect(failed).toMatchObject({ name: 'TimeoutError' });
    expect(fault.count).toBe(1);
    expect(inputs).toEqual([{ TableName: 't', Key: { PK: 'a' } }]);
    expect(sent).toHaveLength(1); // the second call only: `times` was spent
    expect(next.Item).toEqual({ PK: 'a', n: 1 });
  });

  it("at 'send', send() gives the call's output, and send(input) sends another input", async () => {
    const { client, sent } = clientAnsweringGetItem();
    const outputs: unknown[] = [];
    const observed = interceptSend<GetCommandInput>(client, {
      name: 'A GetItem of another key',
      command: 'GetItemCommand',
      act: async ({ input }, send) => {
        const output = await send({ ...input, Key: { PK: 'b' } });
        outputs.push(output);
        return output;
      },
    });

    const read = await get(client);

    expect(observed.count).toBe(1);
    expect(JSON.parse(sent[0]?.body ?? '{}')).toMatchObject({ Key: { PK: { S: 'b' } } });
    expect(outputs).toEqual([expect.objectContaining({ Item: { PK: 'a', n: 1 } })]);
    expect(read.Item).toEqual({ PK: 'a', n: 1 });
  });

  it("at 'attempt' acts below the SDK's retries: a lost answer is retried and the call succeeds", async () => {
    const { client, sent } = clientAnsweringGetItem();
    const lost = interceptSend(client, {
      name: 'A lost answer of GetItem',
      command: 'GetItemCommand',
      at: 'attempt',
      times: 1,
      act: async (_call, send) => {
        await send();
        throw timeout();
      },
    });

    const read = await get(client);

    expect(lost.count).toBe(1);
    expect(sent).toHaveLength(2);
    expect(read.Item).toEqual({ PK: 'a', n: 1 });
    expect(read.$metadata.attempts).toBe(2);
  });

  it("at 'request' can send the built request elsewhere", async () => {
    const { client, sent } = clientAnsweringGetItem();
    const redirect = interceptSend(client, {
      name: 'A redirected GetItem',
      command: 'GetItemCommand',
      at: 'request',
      act: async ({ request }, send) => {
        if (request) request.hostname = 'elsewhere.invalid';
        return send();
      },
    });

    await get(client);

    expect(redirect.count).toBe(1);
    expect(sent.map((r) => r.hostname)).toEqual(['elsewhere.invalid']);
  });

  it('takes only the command it names, and only calls its matcher passes', async () => {
    const { client } = clientAnsweringGetItem();
    const other = interceptSend(client, {
      name: 'A GetItem of key b',
      command: 'GetItemCommand',
      matches: (input) => (input.Key as { PK?: string }).PK === 'b',
      act: async (_call, send) => send(),
    });
    const query = interceptSend(client, {
      name: 'A Query',
      command: 'QueryCommand',
      act: async (_call, send) => send(),
    });

    await get(client);
    await client.send(new GetCommand({ TableName: 't', Key: { PK: 'b' } }));
    await client.send(new QueryCommand({ TableName: 't', KeyConditionExpression: 'PK = :a' }));

    expect([other.count, query.count]).toEqual([1, 1]);
  });

  describe('when its test ends', () => {
    const { client } = clientAnsweringGetItem();

    it.fails('fails a test in which it never fired', () => {
      interceptSend(client, {
        name: 'A GetItem nobody sends',
        command: 'GetItemCommand',
        act: async (_call, send) => send(),
      });
      expect(stacked(client)).toHaveLength(1);
    });

    it('has removed itself from the stack (the test before installed one)', () => {
      expect(stacked(client)).toEqual([]);
    });
  });
});
