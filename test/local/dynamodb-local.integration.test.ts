/**
 * DynamoDB Local as the stack and the tests run it: on 127.0.0.1 only (its jar alone would listen on
 * every interface), through a launcher compiled once and shared by stacks that start together.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { type AddressInfo, connect, createServer } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_INTERFACES_WARNING, dynamoDbLaunch } from '../../local/dynamodb/dynamodb-launcher';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../local/dynamodb/dynamodb-local';

/** Resolves 'connected' or the error code of a TCP connection attempt. */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('ETIMEDOUT');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/** The hosts among `hosts` on which a server listening on every interface accepts a connection. */
async function answeringAnyInterfaceServer(hosts: string[]): Promise<string[]> {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, resolve)); // no host: every interface
  const { port } = server.address() as AddressInfo;
  try {
    const outcomes = await Promise.all(hosts.map((host) => tryConnect(host, port)));
    return hosts.filter((_, i) => outcomes[i] === 'connected');
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('DynamoDB Local', () => {
  let dynamodb: DynamoDbLocal;
  let cacheDirectory: string;

  beforeAll(async () => {
    dynamodb = await startDynamoDbLocal();
    cacheDirectory = await mkdtemp(join(tmpdir(), 'swiftyplanner-launcher-'));
  }, 90_000);

  afterAll(async () => {
    await dynamodb.stop();
    await rm(cacheDirectory, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 and on none of the machine’s other addresses', async () => {
    // Prepare: every other address of this machine (a LAN would reach those of its interfaces), and
    // the other loopback addresses, which a server on every interface answers too: a host with no
    // network but loopback still has them. Only addresses where a server listening on every
    // interface does answer are probes that can tell.
    const external = Object.values(networkInterfaces())
      .flat()
      .filter((address) => address && !address.internal && !address.address.startsWith('fe80:'))
      .map((address) => address?.address as string);
    const probes = await answeringAnyInterfaceServer(['127.0.0.2', '::1', ...external]);
    expect(probes.length, 'no address other than 127.0.0.1 reaches this machine').toBeGreaterThan(0);

    // Act
    const onLoopback = await tryConnect('127.0.0.1', dynamodb.port);
    const elsewhere = await Promise.all(probes.map((host) => tryConnect(host, dynamodb.port)));

    // Assess
    expect(onLoopback).toBe('connected');
    expect(elsewhere).toEqual(probes.map(() => 'ECONNREFUSED'));
    expect(dynamodb.loopbackOnly).toBe(true);
  });

  it('compiles its launcher once, even for stacks starting together', async () => {
    // Act
    const launches = await Promise.all(
      Array.from({ length: 4 }, () => dynamoDbLaunch('/jar', cacheDirectory)),
    );
    const later = await dynamoDbLaunch('/jar', cacheDirectory);

    // Assess: one compiled class, no temporary directories left, every start runs it
    const entries = await readdir(cacheDirectory);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatch(/^loopback-dynamodb-local-[0-9a-f]{16}$/);
    expect(await readdir(join(cacheDirectory, entries[0] as string))).toEqual([
      'LoopbackDynamoDbLocal.class',
    ]);
    for (const launch of [...launches, later]) {
      expect(launch.loopbackOnly).toBe(true);
      expect(launch.javaArgs).toEqual(later.javaArgs);
      expect(launch.javaArgs.at(-1)).toBe('LoopbackDynamoDbLocal');
    }
  });

  it('runs the jar as shipped, and says why it is not on loopback, when there is no javac', async () => {
    // Prepare: a PATH without javac, and nothing compiled yet
    const emptyCache = await mkdtemp(join(tmpdir(), 'swiftyplanner-launcher-'));
    const path = process.env.PATH;
    process.env.PATH = emptyCache;

    // Act
    const launch = await dynamoDbLaunch('/jar', emptyCache).finally(() => {
      process.env.PATH = path;
    });

    // Assess
    expect(launch).toEqual({
      javaArgs: ['-Djava.library.path=/jar/DynamoDBLocal_lib', '-Xms64m', '-jar', '/jar/DynamoDBLocal.jar'],
      loopbackOnly: false,
    });
    expect(await readdir(emptyCache)).toEqual([]);
    expect(ALL_INTERFACES_WARNING).toMatch(/all network interfaces.*Install a JDK/s);
    await rm(emptyCache, { recursive: true, force: true });
  });
});
