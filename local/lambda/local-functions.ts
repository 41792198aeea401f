/**
 * Runs each Lambda function of the template in process, in its OWN module scope, so per-container
 * state (SDK clients, caches, cold-start flags) is per function as on Lambda.
 *
 * Why esbuild bundles rather than importing the TypeScript (tsx `tsImport` with a namespace):
 * a bundle is what Lambda runs, self-contained (its own copy of every module, node_modules included),
 * so two functions never share a module instance; importing it works the same under tsx, vitest and
 * plain node; a fresh import URL (`?generation=N`) gives a fresh "container" after a rebuild or a
 * restart of the stack in the same process. It costs about a second of bundling at start.
 *
 * With `watch`, esbuild rebuilds on every source change and the next request runs the new bundles:
 * a redeploy, with cold starts (the old module instances stay in memory until the process exits).
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BuildOptions, type BuildResult, build, context, type Plugin } from 'esbuild';
import type { FunctionSettings, LambdaHandler } from '../gateway/lambda-invoke';
import type { TemplateFunction } from '../stack/local-template';

export interface LocalFunctionsOptions {
  functions: TemplateFunction[];
  /** Repository root: entries are relative to it. */
  root: string;
  /** Where bundles are written, e.g. `$DATA_DIR/.build`. */
  outDir: string;
  watch?: boolean;
  /** Told about rebuilds in watch mode (a line for the console). */
  onReload?: (message: string) => void;
}

export interface LocalFunctions {
  handlerOf(logicalId: string): LambdaHandler | undefined;
  settingsOf(logicalId: string): FunctionSettings | undefined;
  close(): Promise<void>;
}

export class FunctionBuildError extends Error {
  override name = 'FunctionBuildError';
}

/** A process-wide counter: every import of a bundle gets a URL never used before. */
let generation = 0;

export async function loadLocalFunctions(options: LocalFunctionsOptions): Promise<LocalFunctions> {
  const { functions, outDir } = options;
  await mkdir(outDir, { recursive: true });
  const buildOptions = bundleOptionsOf(options);
  let handlers = new Map<string, LambdaHandler>();
  let stopWatching = async () => {};

  if (options.watch) {
    let first = true;
    const ready = new Promise<void>((resolveReady, rejectReady) => {
      const reload: Plugin = {
        name: 'swiftyplanner-reload',
        setup(builder) {
          builder.onEnd(async (result) => {
            try {
              assertBuilt(result, functions);
              handlers = await importBundles(functions, outDir);
              if (!first) options.onReload?.(`Rebuilt ${functions.map((f) => f.entry).join(', ')}`);
              resolveReady();
            } catch (error) {
              if (first) rejectReady(error);
              else options.onReload?.(`Rebuild failed, still serving the previous build:\n${String(error)}`);
            } finally {
              first = false;
            }
          });
        },
      };
      context({ ...buildOptions, plugins: [reload] })
        .then(async (ctx) => {
          stopWatching = () => ctx.dispose();
          await ctx.watch();
        })
        .catch(rejectReady);
    });
    try {
      await ready;
    } catch (error) {
      await stopWatching();
      throw error;
    }
  } else {
    try {
      await build(buildOptions);
    } catch (error) {
      assertBuilt(error as BuildResult, functions); // esbuild rejects with the errors attached
      throw error;
    }
    handlers = await importBundles(functions, outDir);
  }

  const settings = new Map(functions.map((f) => [f.logicalId, f.settings]));
  return {
    handlerOf: (logicalId) => handlers.get(logicalId),
    settingsOf: (logicalId) => settings.get(logicalId),
    close: () => stopWatching(),
  };
}

function bundleOptionsOf({ functions, root, outDir }: LocalFunctionsOptions): BuildOptions {
  return {
    absWorkingDir: root,
    entryPoints: Object.fromEntries(functions.map((f) => [f.logicalId, resolve(root, f.entry)])),
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    mainFields: ['module', 'main'],
    sourcemap: 'linked',
    logLevel: 'silent',
    // Some CommonJS dependencies call require() for Node built-ins, which an ESM bundle lacks.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  };
}

function assertBuilt(result: BuildResult, functions: TemplateFunction[]): void {
  if (!result.errors?.length) return;
  const entries = functions.map((f) => `${f.logicalId} (${f.entry})`).join(', ');
  const messages = result.errors.map((e) =>
    e.location ? `${e.location.file}:${e.location.line}:${e.location.column} ${e.text}` : e.text,
  );
  throw new FunctionBuildError(`Bundling ${entries} failed:\n  ${messages.join('\n  ')}`);
}

async function importBundles(
  functions: TemplateFunction[],
  outDir: string,
): Promise<Map<string, LambdaHandler>> {
  generation += 1;
  const handlers = new Map<string, LambdaHandler>();
  for (const fn of functions) {
    const url = `${pathToFileURL(join(outDir, `${fn.logicalId}.mjs`)).href}?generation=${generation}`;
    const module = (await import(/* @vite-ignore */ url)) as Record<string, unknown>;
    const handler = module[fn.exportName];
    if (typeof handler !== 'function') {
      throw new FunctionBuildError(
        `${fn.entry} does not export a function named ${fn.exportName}, which infra/template.yaml's ` +
          `${fn.logicalId} Handler names. Export it: \`export const ${fn.exportName} = ...\`.`,
      );
    }
    handlers.set(fn.logicalId, handler as LambdaHandler);
  }
  return handlers;
}
