/**
 * A profile's email is contact data: not unique, never reserved. Nobody can claim an address they do
 * not control (the sign-in address is Cognito's, and it keeps those unique), and no answer says
 * whether an address is some other profile's. Profiles created while emails were reserved keep an
 * `EMAIL#` guard item in the table: the write that ends their use of the address removes it.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { handler } from '../../src/functions/users';
import { documentClient, tableName } from '../../src/store/client';
import { type ContractResponse, invoke } from '../support/contract-response';
import { event } from '../support/events';
import { newEmail, newSub, userCreate } from '../support/users';

const signUp = (sub: string, overrides: Parameters<typeof userCreate>[0] = {}) =>
  invoke(handler, event('POST /users', { sub, body: userCreate(overrides) }));

const changeEmail = (sub: string, email: string) =>
  invoke(handler, event('PATCH /users/me', { sub, body: { email } }));

/** What an answer tells a caller: its status, its problem type, and its members other than data. */
const shapeOf = (res: ContractResponse) => ({
  status: res.status,
  type: res.body?.type,
  keys: Object.keys(res.body ?? {}).sort(),
});

const guardKey = (email: string) => `EMAIL#${email.toLowerCase()}`;

/** An email guard as profiles created while emails were reserved left it. */
async function oldEmailGuard(email: string, ownerSub: string): Promise<void> {
  const key = guardKey(email);
  await documentClient.send(
    new PutCommand({ TableName: tableName, Item: { PK: key, SK: key, type: 'email-guard', ownerSub } }),
  );
}

async function guardOwner(email: string): Promise<string | undefined> {
  const key = guardKey(email);
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName, Key: { PK: key, SK: key }, ConsistentRead: true }),
  );
  return Item?.ownerSub;
}

describe('a profile email', () => {
  it('cannot be squatted: the owner signs up with it after someone else put it in their profile', async () => {
    // Prepare: a stranger writes the victim's address into their own profile first.
    const email = newEmail();
    expect((await signUp(newSub(), { email })).status).toBe(201);

    // Act: the victim signs up (Cognito verified their address; the profile is theirs to fill in).
    const victim = newSub();
    const res = await signUp(victim, { email: email.toUpperCase() });

    // Assess
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ userId: victim, email: email.toUpperCase() });
  });

  it('does not tell whether an address is some other profile’s: PATCH answers alike for both', async () => {
    // Prepare
    const registered = newEmail();
    expect((await signUp(newSub(), { email: registered })).status).toBe(201);
    const [probe, control] = [newSub(), newSub()];
    expect((await signUp(probe)).status).toBe(201);
    expect((await signUp(control)).status).toBe(201);

    // Act
    const taken = await changeEmail(probe, registered);
    const free = await changeEmail(control, newEmail());

    // Assess
    expect(shapeOf(taken)).toEqual(shapeOf(free));
    expect(taken.status).toBe(200);
    expect(taken.body.email).toBe(registered);
  });

  it('leaves usernames unique: the same username is still 409 username-taken', async () => {
    const first = userCreate();
    expect((await signUp(newSub(), first)).status).toBe(201);

    const res = await signUp(newSub(), { username: first.username });

    expect(res.status).toBe(409);
    expect(res.body.type).toBe('https://swiftyplanner.dev/problems/username-taken');
  });
});

describe('an email guard left by a profile created while emails were reserved', () => {
  it('goes with the profile on DELETE /users/me', async () => {
    // Prepare: the profile and the guard its creation wrote back then.
    const sub = newSub();
    const email = newEmail();
    expect((await signUp(sub, { email })).status).toBe(201);
    await oldEmailGuard(email, sub);

    // Act
    const res = await invoke(handler, event('DELETE /users/me', { sub }));

    // Assess
    expect(res.status).toBe(202);
    expect(await guardOwner(email)).toBeUndefined();
  });

  it('goes when the profile moves to another address, and stays for a change of letter case', async () => {
    const sub = newSub();
    const email = newEmail();
    expect((await signUp(sub, { email })).status).toBe(201);
    await oldEmailGuard(email, sub);

    expect((await changeEmail(sub, email.toUpperCase())).status).toBe(200);
    expect(await guardOwner(email)).toBe(sub);
    expect((await changeEmail(sub, newEmail())).status).toBe(200);
    expect(await guardOwner(email)).toBeUndefined();
  });

  it('stays its owner’s when a newer profile with the same address is deleted or changed', async () => {
    // Prepare: the address's guard belongs to an old profile; a new profile carries the address too.
    const email = newEmail();
    const [owner, newer] = [newSub(), newSub()];
    expect((await signUp(owner, { email })).status).toBe(201);
    await oldEmailGuard(email, owner);
    expect((await signUp(newer, { email })).status).toBe(201);

    // Act
    const moved = await changeEmail(newer, newEmail());
    const deleted = await invoke(handler, event('DELETE /users/me', { sub: newer }));

    // Assess
    expect([moved.status, deleted.status]).toEqual([200, 202]);
    expect(await guardOwner(email)).toBe(owner);
  });
});
