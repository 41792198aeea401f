/**
 * `npm run docs`: one HTML file that documents every operation and works offline (the Redoc bundle is
 * inlined, not loaded from a CDN).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContract } from '../../openapi/scripts/contract/load-contract';
import { routesOf } from '../../openapi/scripts/contract/routes';
import { buildDocs } from '../../openapi/scripts/docs';
import { CONTRACT_PATH } from '../../paths';

describe('the docs site', () => {
  let dir: string;
  let html: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'swiftyplanner-docs-'));
    const output = join(dir, 'index.html');
    await buildDocs(output);
    html = await readFile(output, 'utf8');
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('documents every operation of the contract, with its summary', async () => {
    // Prepare: Redoc renders the page from the definition embedded in the file.
    const contract = await loadContract(CONTRACT_PATH);
    const embedded = /const __redoc_definition = (\{.*?\});\n/s.exec(html)?.[1];
    expect(embedded, 'the page embeds the API definition').toBeDefined();

    // Act
    const definition = JSON.parse(embedded ?? '{}') as {
      paths: Record<string, Record<string, { operationId?: string; summary?: string }>>;
    };
    const documented = Object.values(definition.paths).flatMap((item) =>
      Object.values(item).filter((op) => typeof op === 'object' && op !== null && 'operationId' in op),
    );

    // Assess
    const routes = routesOf(contract);
    expect(routes.length).toBeGreaterThan(0);
    expect(documented.map((op) => op.operationId).sort()).toEqual(routes.map((r) => r.operationId).sort());
    for (const route of routes) {
      expect(definition.paths[route.path]?.[route.method.toLowerCase()]?.summary).toBe(
        route.operation.summary,
      );
    }
  });

  it('carries the Redoc bundle inline and loads no script from a CDN', () => {
    const externalScripts = [...html.matchAll(/<script\b[^>]*\bsrc=["']?(https?:)?\/\/[^"'\s>]+/gi)].map(
      (m) => m[0],
    );
    const preloads = [
      ...html.matchAll(/<link\b[^>]*\bhref=["']?(https?:)?\/\/[^"'\s>]+\.m?js\b[^>]*>/gi),
    ].map((m) => m[0]);

    expect(externalScripts).toEqual([]);
    expect(preloads).toEqual([]);
    expect(html).not.toMatch(/cdn\.redocly\.com\/redoc\//);
    // The hydrate entry point of the standalone bundle, defined in the page itself.
    expect(html).toMatch(/<script type="module">\s*\/\*\*[\s\S]*?const\s*\{\s*RedocStandalone\s*,\s*hydrate/);
  });

  it("opens with the API guide (docs/api-guide.md), which the contract's short description points to", async () => {
    const guide = await readFile(new URL('../../docs/api-guide.md', import.meta.url), 'utf8');
    const embedded = /const __redoc_definition = (\{.*?\});\n/s.exec(html)?.[1];
    const definition = JSON.parse(embedded ?? '{}') as { info?: { description?: string } };

    expect(definition.info?.description?.trim()).toBe(guide.trim());
    const { info } = (await loadContract(CONTRACT_PATH)) as { info: { description?: string } };
    expect(info.description).toContain('docs/api-guide.md');
  });

  it('is titled after the API', () => {
    expect(html).toMatch(/<title>SwiftyPlanner API<\/title>/);
  });
});
