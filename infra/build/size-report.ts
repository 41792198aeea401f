import type { FunctionArtifact } from './build-functions';

/** A small table: bundle size as written, gzipped (roughly what a cold start reads), and the zip. */
export function sizeReport(artifacts: FunctionArtifact[]): string[] {
  const rows = [
    ['function', 'bundle', 'gzip', 'zip', 'sha256'],
    ...artifacts.map((a) => [
      a.name,
      size(a.sizes.raw),
      size(a.sizes.gzip),
      size(a.sizes.zip),
      a.sha256.slice(0, 12),
    ]),
  ];
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd(),
  );
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}
