/**
 * How java runs DynamoDB Local. Its jar has no bind-address option and listens on every interface,
 * so a developer's local data would be open to their whole network; ./java/LoopbackDynamoDbLocal.java
 * starts it as the jar's own main class does, bound to 127.0.0.1. That class is compiled once
 * (`javac`, about a second) into node_modules/.cache, keyed by a hash of its source. Without javac
 * (a Java runtime without the JDK) the jar runs as shipped, and the caller is told so it can warn.
 */
import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { readFile, rename, rm, stat } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../paths';

const LAUNCHER_CLASS = 'LoopbackDynamoDbLocal';
const LAUNCHER_SOURCE = join(PROJECT_ROOT, 'local', 'dynamodb', 'java', `${LAUNCHER_CLASS}.java`);
const CACHE_DIRECTORY = join(PROJECT_ROOT, 'node_modules', '.cache', 'swiftyplanner');

export interface DynamoDbLaunch {
  /** java's arguments up to DynamoDB Local's own options (`-port`, `-inMemory`, ...). */
  javaArgs: string[];
  /** false when javac was missing and the jar listens on every interface. */
  loopbackOnly: boolean;
}

export const ALL_INTERFACES_WARNING =
  'DynamoDB Local is listening on all network interfaces, not only 127.0.0.1: its jar has no ' +
  'bind-address option, and the launcher that binds it to loopback is compiled with javac, which ' +
  'was not found. Install a JDK (e.g. `sudo apt-get install openjdk-17-jdk-headless` or ' +
  '`brew install openjdk@17`) to keep it on loopback.';

export async function dynamoDbLaunch(
  jarDirectory: string,
  cacheDirectory = CACHE_DIRECTORY,
): Promise<DynamoDbLaunch> {
  const common = [`-Djava.library.path=${join(jarDirectory, 'DynamoDBLocal_lib')}`, '-Xms64m'];
  const launcherDirectory = await compiledLauncher(cacheDirectory);
  if (!launcherDirectory) {
    return { javaArgs: [...common, '-jar', join(jarDirectory, 'DynamoDBLocal.jar')], loopbackOnly: false };
  }
  const classpath = [
    launcherDirectory,
    join(jarDirectory, 'DynamoDBLocal.jar'),
    join(jarDirectory, 'DynamoDBLocal_lib', '*'),
  ].join(delimiter);
  return { javaArgs: [...common, '-cp', classpath, LAUNCHER_CLASS], loopbackOnly: true };
}

/** The directory holding the compiled launcher class; undefined when there is no javac. */
async function compiledLauncher(cacheDirectory: string): Promise<string | undefined> {
  const source = await readFile(LAUNCHER_SOURCE);
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const directory = join(cacheDirectory, `loopback-dynamodb-local-${hash}`);
  if (await exists(join(directory, `${LAUNCHER_CLASS}.class`))) return directory;

  // Compile next to it and rename into place: several stacks (test workers) may start at once.
  const temporary = `${directory}.${randomUUID()}.tmp`;
  try {
    await promisify(execFile)('javac', ['--release', '11', '-d', temporary, LAUNCHER_SOURCE]);
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined; // no javac
    throw new Error(
      `Compiling ${LAUNCHER_SOURCE} failed:\n${(error as { stderr?: string }).stderr ?? error}`,
    );
  }
  await rename(temporary, directory).catch(async (error: NodeJS.ErrnoException) => {
    // Another process put it there first (ENOTEMPTY / EEXIST): keep theirs.
    await rm(temporary, { recursive: true, force: true });
    if (!(await exists(join(directory, `${LAUNCHER_CLASS}.class`)))) throw error;
  });
  return directory;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
