/**
 * Reports the JavaScript a browser must load before the app can start (the entry chunk and every
 * chunk it imports statically), gzipped, and fails the build when it is over the budget. Chunks
 * loaded later through `import()` do not count.
 */
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** 150 kB (1 kB = 1000 bytes, as Vite reports sizes). */
export const INITIAL_JS_BUDGET_BYTES = 150_000;

interface Chunk {
  type: 'chunk';
  fileName: string;
  isEntry: boolean;
  imports: string[];
  code: string;
}

export interface InitialJs {
  files: { fileName: string; gzipBytes: number }[];
  gzipBytes: number;
}

export function initialJsOf(bundle: Record<string, { type: string }>): InitialJs {
  const chunks = new Map(
    Object.values(bundle)
      .filter((output): output is Chunk => output.type === 'chunk')
      .map((chunk) => [chunk.fileName, chunk]),
  );
  const initial = new Set<string>();
  const visit = (fileName: string) => {
    if (initial.has(fileName)) return;
    initial.add(fileName);
    for (const imported of chunks.get(fileName)?.imports ?? []) visit(imported);
  };
  for (const chunk of chunks.values()) if (chunk.isEntry) visit(chunk.fileName);
  const files = [...initial].map((fileName) => ({
    fileName,
    gzipBytes: gzipSync(chunks.get(fileName)?.code ?? '').length,
  }));
  return { files, gzipBytes: files.reduce((sum, file) => sum + file.gzipBytes, 0) };
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

export function initialJsBudget(budgetBytes = INITIAL_JS_BUDGET_BYTES): Plugin {
  return {
    name: 'swiftyplanner:initial-js-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const initial = initialJsOf(bundle);
      const lines = initial.files.map((file) => `  ${file.fileName}  ${kB(file.gzipBytes)}`);
      const summary = `Initial JS: ${kB(initial.gzipBytes)} gzipped (budget ${kB(budgetBytes)})`;
      if (initial.gzipBytes > budgetBytes) {
        this.error(
          `${summary}: over budget by ${kB(initial.gzipBytes - budgetBytes)}.\n${lines.join('\n')}\n` +
            'Load a screen or library later with import(), or drop a dependency.',
        );
      }
      console.log(`\n${summary}\n${lines.join('\n')}`);
    },
  };
}
