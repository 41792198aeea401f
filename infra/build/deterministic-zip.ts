import { type Zippable, zipSync } from 'fflate';

/**
 * The same files always give the same bytes: entries sorted by name, one fixed timestamp, fixed
 * Unix permissions (rw-r--r--) and compression level. A changed zip therefore means changed code,
 * which is what the content-hashed S3 keys and CloudFormation's change detection rely on.
 *
 * The timestamp is built from local-time fields because the ZIP format stores local (DOS) time and
 * fflate reads it with local getters: 1980-01-01 12:00 comes out the same in every time zone.
 */
const FIXED_MTIME = new Date(1980, 0, 1, 12, 0, 0);
const REGULAR_FILE_RW_R_R = (0o100644 << 16) >>> 0;
const UNIX = 3;

export function deterministicZip(files: Record<string, Uint8Array>): Uint8Array {
  const entries: Zippable = {};
  for (const name of Object.keys(files).sort()) {
    const data = files[name];
    if (!data) continue;
    entries[name] = [data, { level: 9, mtime: FIXED_MTIME, os: UNIX, attrs: REGULAR_FILE_RW_R_R }];
  }
  return zipSync(entries);
}
