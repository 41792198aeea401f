/**
 * The web app's files as the deploy publishes them (`npm run build:web` writes them to dist/web): each
 * with its S3 key, its Content-Type and its Cache-Control.
 *
 * - Content-hashed assets (Vite names them `assets/<name>-<hash>.<ext>`) never change under their
 *   name, so browsers and CloudFront keep them for a year without asking again.
 * - Everything else (index.html, the stage's config.json, an unhashed file) is `no-cache`: a browser
 *   revalidates it on every load (a 304 when unchanged), so a new deploy is seen on the next load.
 *
 * Source maps are not published: they carry the app's source, and the build keeps them in dist/web.
 * The response-headers policy sends `X-Content-Type-Options: nosniff`, so a wrong Content-Type breaks
 * the file in the browser: an extension without a known type stops the deploy instead.
 */
import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { DeployError } from './errors';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/** The key the deploy writes the stage's configuration to (infra/deploy/app-config.ts). */
export const CONFIG_KEY = 'config.json';
export const INDEX_KEY = 'index.html';

/** Vite's asset names: `assets/`, a name, `-`, a hash of 8 or more URL-safe base64 characters, an extension. */
const HASHED_ASSET = /^assets\/(?:[^/]+\/)*[^/]+-[A-Za-z0-9_-]{8,}\.[A-Za-z0-9]+$/;

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json',
  webmanifest: 'application/manifest+json',
  txt: 'text/plain; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  ico: 'image/x-icon',
  woff: 'font/woff',
  woff2: 'font/woff2',
  wasm: 'application/wasm',
};

export interface AppFile {
  /** The object's key, which is also its path under the app's URL. */
  key: string;
  /** Where the build wrote it. */
  path: string;
  contentType: string;
  cacheControl: string;
}

export function isHashedAsset(key: string): boolean {
  return HASHED_ASSET.test(key);
}

export function cacheControlOf(key: string): string {
  return isHashedAsset(key) ? IMMUTABLE : REVALIDATE;
}

export function contentTypeOf(key: string): string {
  const extension = /\.([A-Za-z0-9]+)$/.exec(key)?.[1]?.toLowerCase();
  const type = extension ? CONTENT_TYPES[extension] : undefined;
  if (!type)
    throw new DeployError(
      `The web app's build has ${key}, whose Content-Type the deploy does not know. Browsers refuse a file ` +
        'served with the wrong type (the app sends X-Content-Type-Options: nosniff): add its extension to ' +
        'CONTENT_TYPES in infra/deploy/app-files.ts.',
    );
  return type;
}

/**
 * Every file under the build's folder, but source maps and a config.json (the deploy writes the
 * stage's own), in a stable order. Refuses a build without index.html.
 */
export async function appFilesOf(distDir: string): Promise<AppFile[]> {
  const entries = await readdir(distDir, { recursive: true, withFileTypes: true }).catch((cause: unknown) => {
    throw new DeployError(`The web app's build is missing (${distDir}): run npm run build:web.`, { cause });
  });
  const keys = entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(distDir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .filter((key) => !key.endsWith('.map') && key !== CONFIG_KEY)
    .sort();
  if (!keys.includes(INDEX_KEY))
    throw new DeployError(`The web app's build in ${distDir} has no ${INDEX_KEY}: run npm run build:web.`);
  return keys.map((key) => ({
    key,
    path: join(distDir, ...key.split('/')),
    contentType: contentTypeOf(key),
    cacheControl: cacheControlOf(key),
  }));
}
