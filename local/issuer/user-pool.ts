/**
 * The local user pool: who has signed in through the local OIDC provider, and their refresh tokens,
 * kept in `$DATA_DIR/issuer/users.json` so identities and sessions survive restarts.
 *
 * A user is created the first time a sign-in name is used, with a generated `sub` (a UUID, as
 * Cognito gives) that is also their `username` (as in a pool whose sign-in name is an attribute:
 * infra/template.yaml's signs in with the email). The sign-in name plays the email's part: an alias,
 * case-insensitive (`UsernameConfiguration.CaseSensitive: false`). Deleting a user (AdminDeleteUser)
 * ends their refresh tokens; signing in again with the same name creates a new user with a new sub.
 *
 * One process writes the file (the stack's provider); each change is written whole to a temporary
 * file and renamed over the old one, one write at a time.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface LocalUser {
  /** The `username` and `cognito:username` claims: the sub. */
  username: string;
  sub: string;
  /** What the person typed on the sign-in page, as typed the first time. */
  signInName: string;
  createdAt: string;
}

/** A refresh token's session; only the token's hash is stored. */
export interface RefreshSession {
  username: string;
  clientId: string;
  scope: string[];
  /** When the user signed in (`auth_time` of every token the session issues). */
  authTime: number;
  /** `origin_jti` of every token the session issues (Cognito's, with token revocation on). */
  originJti: string;
  /** Epoch seconds. */
  expiresAt: number;
}

interface StoredPool {
  users: LocalUser[];
  sessions: (RefreshSession & { tokenHash: string })[];
}

/** The app client's RefreshTokenValidity in infra/template.yaml: 30 days. */
export const REFRESH_TOKEN_LIFETIME_SECONDS = 30 * 24 * 3600;

/** Cognito's limit on a username (and on AdminDeleteUser's `Username`). */
export const MAX_SIGN_IN_NAME_LENGTH = 128;

export class InvalidSignInNameError extends Error {
  override name = 'InvalidSignInNameError';
}

/** The name as it is stored and shown: trimmed, NFC; refused when empty, too long or with control characters. */
export function normalizedSignInName(raw: string): string {
  const name = raw.normalize('NFC').trim();
  if (!name) throw new InvalidSignInNameError('Enter a user name.');
  if ([...name].length > MAX_SIGN_IN_NAME_LENGTH)
    throw new InvalidSignInNameError(`A user name has at most ${MAX_SIGN_IN_NAME_LENGTH} characters.`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name))
    throw new InvalidSignInNameError('A user name cannot contain control characters.');
  return name;
}

const aliasKey = (name: string) => name.normalize('NFC').trim().toLowerCase();
const hashOf = (token: string) => createHash('sha256').update(token).digest('base64url');
const nowSeconds = () => Math.floor(Date.now() / 1000);

export class LocalUserPool {
  private saving: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private readonly pool: StoredPool,
  ) {}

  static async open(dataDir: string): Promise<LocalUserPool> {
    const directory = join(dataDir, 'issuer');
    await mkdir(directory, { recursive: true });
    const file = join(directory, 'users.json');
    const stored = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    let pool: StoredPool = { users: [], sessions: [] };
    if (stored !== undefined) {
      try {
        pool = JSON.parse(stored) as StoredPool;
      } catch (error) {
        throw new Error(
          `${file} is not valid JSON. Delete it to forget every local user (they get new subs), or repair it.`,
          { cause: error },
        );
      }
    }
    return new LocalUserPool(file, pool);
  }

  /** The user who signs in with this name, created (with a new sub) on first use. */
  async signIn(rawName: string): Promise<LocalUser> {
    const name = normalizedSignInName(rawName);
    const existing = this.findByAlias(name);
    if (existing) return existing;
    const sub = randomUUID();
    const user: LocalUser = { username: sub, sub, signInName: name, createdAt: new Date().toISOString() };
    this.pool.users.push(user);
    await this.save();
    return user;
  }

  /** By `username` (the sub) or, as Cognito resolves an alias attribute, by sign-in name. */
  find(usernameOrAlias: string): LocalUser | undefined {
    return (
      this.pool.users.find((user) => user.username === usernameOrAlias) ?? this.findByAlias(usernameOrAlias)
    );
  }

  findBySub(sub: string): LocalUser | undefined {
    return this.pool.users.find((user) => user.sub === sub);
  }

  /** Forgets the user and ends their refresh tokens; false when there is no such user. */
  async delete(usernameOrAlias: string): Promise<boolean> {
    const user = this.find(usernameOrAlias);
    if (!user) return false;
    this.pool.users = this.pool.users.filter((other) => other !== user);
    this.pool.sessions = this.pool.sessions.filter((session) => session.username !== user.username);
    await this.save();
    return true;
  }

  /** A new refresh token for the user's session with this client. */
  async startSession(session: Omit<RefreshSession, 'expiresAt'>): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = nowSeconds() + REFRESH_TOKEN_LIFETIME_SECONDS;
    this.pool.sessions.push({ ...session, expiresAt, tokenHash: hashOf(token) });
    await this.save();
    return token;
  }

  /** The live session of a refresh token, with its user; undefined when unknown, expired or its user is gone. */
  resumeSession(token: string): { session: RefreshSession; user: LocalUser } | undefined {
    const hash = hashOf(token);
    const session = this.pool.sessions.find((candidate) => candidate.tokenHash === hash);
    if (!session || session.expiresAt <= nowSeconds()) return undefined;
    const user = this.find(session.username);
    return user ? { session, user } : undefined;
  }

  async endSession(token: string): Promise<void> {
    const hash = hashOf(token);
    this.pool.sessions = this.pool.sessions.filter((session) => session.tokenHash !== hash);
    await this.save();
  }

  private findByAlias(name: string): LocalUser | undefined {
    const key = aliasKey(name);
    return this.pool.users.find((user) => aliasKey(user.signInName) === key);
  }

  /** Writes the whole pool (expired sessions dropped), after any write already under way. */
  private save(): Promise<void> {
    const write = async () => {
      const now = nowSeconds();
      this.pool.sessions = this.pool.sessions.filter((session) => session.expiresAt > now);
      const temporary = `${this.file}.${process.pid}.tmp`;
      await writeFile(temporary, `${JSON.stringify(this.pool, null, 2)}\n`, { mode: 0o600 });
      await rename(temporary, this.file);
    };
    this.saving = this.saving.then(write, write);
    return this.saving;
  }
}
