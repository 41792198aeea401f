/**
 * Bodies built to hurt, through the todos handler against DynamoDB Local: each must get a 4xx
 * problem the contract declares (never a 5xx), within the test's timeout, and leave nothing stored.
 * Found by probing the local stack: a 40,000-item `tags` took 86 s to validate, 150,000 unknown
 * properties overflowed the stack, a lone surrogate was stored and broke downloads, and a Latin-1
 * body was decoded as UTF-8 into replacement characters.
 */
import { describe, expect, it } from 'vitest';
import { handler } from '../../src/functions/todos';
import { MAX_LISTED_FIELD_ERRORS } from '../../src/http/errors';
import { createAttachment, todoOf } from '../attachments/attachment-requests';
import { invoke } from '../support/contract-response';
import { event } from '../support/events';
import { newSub } from '../support/todo-factory';

const PROBLEM = 'https://swiftyplanner.dev/problems/';

async function todosOf(sub: string): Promise<unknown[]> {
  const list = await invoke(handler, event('GET /todos', { sub }));
  return list.body.items;
}

describe('hostile request bodies', () => {
  it('answers a 40,000-item tags array with a 400 listing at most 50 fields', async () => {
    const sub = newSub();
    const tags = Array.from({ length: 40_000 }, (_, i) => ({ a: i }));

    const res = await invoke(handler, event('POST /todos', { sub, body: { title: 'x', tags } }));

    expect(res.status).toBe(400);
    expect(res.body.type).toBe(`${PROBLEM}validation-error`);
    expect(res.body.errors).toHaveLength(MAX_LISTED_FIELD_ERRORS);
    expect(res.body.detail).toMatch(/^\d+ fields are invalid; the first 50 are listed\.$/);
    expect(await todosOf(sub)).toEqual([]);
  });

  it('answers 40,000 distinct string tags with a 400 naming the limit', async () => {
    const sub = newSub();
    const tags = Array.from({ length: 40_000 }, (_, i) => `t${i}`);

    const res = await invoke(handler, event('POST /todos', { sub, body: { title: 'x', tags } }));

    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual({
      pointer: '/body/tags',
      message: 'must NOT have more than 10 items',
    });
  });

  it('answers 150,000 unknown properties with a small 400, not a 500', async () => {
    const sub = newSub();
    const body: Record<string, unknown> = { title: 'x' };
    for (let i = 0; i < 150_000; i++) body[`p${i}`] = 0;

    const res = await invoke(handler, event('POST /todos', { sub, body }));

    expect(res.status).toBe(400);
    expect(res.body.errors).toHaveLength(MAX_LISTED_FIELD_ERRORS);
    expect(res.body.errors[0]).toEqual({
      pointer: '/body/p0',
      message: 'is not a property the contract defines; remove it',
    });
    expect(JSON.stringify(res.body).length).toBeLessThan(10_000);
    expect(await todosOf(sub)).toEqual([]);
  });

  it('refuses a lone surrogate in a string or a member name, naming the field', async () => {
    const sub = newSub();

    const inTitle = await invoke(handler, event('POST /todos', { sub, body: '{"title":"a\\ud800b"}' }));
    const inName = await invoke(handler, event('POST /todos', { sub, body: '{"title":"a","\\udc00":1}' }));
    const paired = await invoke(handler, event('POST /todos', { sub, body: '{"title":"\\ud83d\\ude00"}' }));

    expect(inTitle.status).toBe(400);
    expect(inTitle.body.errors).toEqual([
      { pointer: '/body/title', message: expect.stringMatching(/^must be well-formed Unicode/) },
    ]);
    expect(inName.status).toBe(400);
    expect(inName.body.errors).toContainEqual({
      pointer: '/body/\ufffd',
      message: expect.stringMatching(/^its name must be well-formed Unicode/),
    });
    expect(paired.status).toBe(201);
    expect(paired.body.title).toBe('😀');
    expect(await todosOf(sub)).toHaveLength(1);
  });

  it('refuses a lone surrogate in an attachment file name, so that no download breaks on it', async () => {
    const sub = newSub();
    const todoId = await todoOf(sub);

    const res = await createAttachment(sub, todoId, {
      fileName: 'a\ud800.txt',
      contentType: 'text/plain',
      size: 5,
    });

    expect(res.status).toBe(400);
    expect(res.body.errors[0].pointer).toBe('/body/fileName');
  });

  it('answers a charset other than UTF-8 with a 415 saying what to send', async () => {
    const sub = newSub();

    const latin1 = await invoke(
      handler,
      event('POST /todos', {
        sub,
        body: '{"title":"caf\u00e9"}',
        contentType: 'application/json; charset=iso-8859-1',
      }),
    );
    const utf8 = await invoke(
      handler,
      event('POST /todos', {
        sub,
        body: { title: 'café' },
        contentType: 'application/json; charset="UTF-8"',
      }),
    );

    // A quoted parameter may hold a `;`: only the real charset parameter counts. ASCII is UTF-8.
    const accepted = await Promise.all(
      ['application/json; note="a;charset=latin1"; charset=utf-8', 'application/json; charset=us-ascii'].map(
        (contentType) => invoke(handler, event('POST /todos', { sub, body: { title: 'tea' }, contentType })),
      ),
    );

    expect(latin1.status).toBe(415);
    expect(latin1.body.detail).toMatch(/JSON is UTF-8: .* \(not iso-8859-1\)/);
    expect(utf8.status).toBe(201);
    expect(accepted.map((res) => res.status)).toEqual([201, 201]);
    expect(await todosOf(sub)).toHaveLength(3);
  });

  it('answers a base64 body that is not UTF-8 with 400 malformed-json, not replacement characters', async () => {
    const sub = newSub();
    const created = await invoke(handler, event('POST /todos', { sub, body: { title: 'café' } }));
    const patch = event('PATCH /todos/{todoId}', { sub, path: { todoId: created.body.id }, body: '{}' });
    // Payload v2 base64-encodes a merge-patch body: here `{"title":"caf<0xE9>"}`, Latin-1 bytes.
    const latin1 = Buffer.concat([Buffer.from('{"title":"caf'), Buffer.from([0xe9]), Buffer.from('"}')]);

    const res = await invoke(handler, { ...patch, body: latin1.toString('base64'), isBase64Encoded: true });

    expect(res.status).toBe(400);
    expect(res.body.type).toBe(`${PROBLEM}malformed-json`);
    expect(res.body.detail).toMatch(/not UTF-8/);
    const read = await invoke(
      handler,
      event('GET /todos/{todoId}', { sub, path: { todoId: created.body.id } }),
    );
    expect(read.body).toMatchObject({ title: 'café', version: 1 });
  });

  it('answers a body nested 100,000 deep with a 400', async () => {
    const res = await invoke(
      handler,
      event('POST /todos', {
        sub: newSub(),
        body: `{"title":"x","notes":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
      }),
    );

    expect(res.status).toBe(400);
  });
});
