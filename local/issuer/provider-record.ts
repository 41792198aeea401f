/**
 * `$DATA_DIR/issuer/provider.json`: the issuer URL of the last OIDC provider started on this DATA_DIR,
 * so `npm run token` signs for the issuer a stack on it checks, whatever ports that stack was given.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const fileOf = (dataDir: string) => join(dataDir, 'issuer', 'provider.json');

export async function recordIssuer(dataDir: string, issuer: string): Promise<void> {
  await mkdir(join(dataDir, 'issuer'), { recursive: true });
  await writeFile(fileOf(dataDir), `${JSON.stringify({ issuer }, null, 2)}\n`);
}

/** The recorded issuer URL; undefined when no provider has started on this DATA_DIR (or the file is unreadable). */
export async function recordedIssuer(dataDir: string): Promise<string | undefined> {
  try {
    const { issuer } = JSON.parse(await readFile(fileOf(dataDir), 'utf8')) as { issuer?: unknown };
    return typeof issuer === 'string' ? issuer : undefined;
  } catch {
    return undefined;
  }
}
