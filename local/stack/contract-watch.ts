/**
 * With `npm start`'s watch on, the contract is watched too: a saved openapi/openapi.yaml is
 * regenerated into generated/ (types and the functions' validators, as `npm run generate` writes
 * them), the functions rebuild from it (their esbuild watch sees generated/ change), and the gateway
 * serves the new routes, authorizers and CORS from the next request on. A contract that does not
 * load (a YAML slip, a broken $ref, a route without an integration) changes nothing: the previous one
 * is still served, and the message says why. Routes switch at once and bundles a moment later, so a
 * request to a new route in between meets the old bundle (its 404 problem); the next one does not.
 */
import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname, relative } from 'node:path';
import { loadContract } from '../../openapi/scripts/contract/load-contract';
import type { Gateway } from '../gateway/gateway';
import { httpApiOf } from '../gateway/http-api';
import type { LocalValues } from '../gateway/intrinsics';

export interface ContractWatchOptions {
  contractPath: string;
  /** Where `npm run generate` writes (generated/). */
  generatedDir: string;
  values: LocalValues;
  gateway: Pick<Gateway, 'reload'>;
  /** A line for the console after each change: what was reloaded, or why nothing was. */
  onReload: (message: string) => void;
  /** Editors save in bursts (write, rename, chmod): one reload per burst. */
  debounceMs?: number;
}

export interface ContractWatch {
  /** Resolves once the reloads of the changes seen so far are done (tests wait on it). */
  settled(): Promise<void>;
  close(): void;
}

export function watchContract(options: ContractWatchOptions): ContractWatch {
  const file = basename(options.contractPath);
  let timer: NodeJS.Timeout | undefined;
  let waiting = false;
  let reloading = Promise.resolve();

  const reload = async () => {
    try {
      const contract = await loadContract(options.contractPath);
      const api = httpApiOf(contract, options.values);
      // Loaded on first use: openapi-typescript is not worth importing at every start.
      const { renderAll, writeGenerated } = await import('../../openapi/scripts/generate');
      const written = await writeGenerated(await renderAll(options.contractPath), options.generatedDir);
      options.gateway.reload(api);
      const regenerated = written.length
        ? `; regenerated ${written.map((name) => relative(process.cwd(), `${options.generatedDir}/${name}`)).join(', ')}, the functions rebuild`
        : '';
      options.onReload(`Contract reloaded: ${api.routes.length} routes${regenerated}.`);
    } catch (error) {
      options.onReload(
        `The contract did not load, so the previous one is still served: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };

  // The directory, not the file: an editor that saves by renaming a new file over the old one would
  // leave a watch on the file looking at a file that is gone.
  const watcher: FSWatcher = watch(dirname(options.contractPath), (_event, changed) => {
    if (changed !== file) return;
    clearTimeout(timer);
    waiting = true;
    timer = setTimeout(() => {
      waiting = false;
      reloading = reloading.then(reload);
    }, options.debounceMs ?? 200);
  });

  return {
    settled: async () => {
      while (waiting) await new Promise((resolve) => setTimeout(resolve, 20));
      await reloading;
    },
    close: () => {
      clearTimeout(timer);
      watcher.close();
    },
  };
}
