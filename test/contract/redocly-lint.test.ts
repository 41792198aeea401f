/**
 * `redocly lint` with redocly.yaml (recommended-strict, the stricter rules and the gateway plugin):
 * the contract is clean, and the plugin really runs inside the CLI.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRedocly } from '../../openapi/scripts/redocly';

interface LintReport {
  totals: { errors: number; warnings: number; ignored: number };
  problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
}

async function lint(document: string): Promise<LintReport> {
  const run = await runRedocly(['lint', document, '--format=json']);
  try {
    return JSON.parse(run.stdout) as LintReport;
  } catch {
    throw new Error(`redocly lint printed no JSON report (exit ${run.code}):\n${run.stderr}${run.stdout}`);
  }
}

describe('redocly lint', () => {
  it('finds 0 errors and 0 warnings in openapi/openapi.yaml', async () => {
    const report = await lint('openapi/openapi.yaml');

    expect(report.problems.map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  describe('on a document that breaks every gateway rule', () => {
    let dir: string;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'swiftyplanner-lint-'));
    });

    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('reports each gateway rule and limit through the plugin', async () => {
      // Prepare: otherwise clean for the recommended rules, so only the gateway rules fire.
      const document = join(dir, 'broken.yaml');
      await writeFile(
        document,
        [
          'openapi: 3.1.0',
          'info: {title: Broken, version: "1", description: Breaks the gateway rules., license: {name: MIT, url: https://opensource.org/licenses/MIT}}',
          'servers: [{url: https://api.swiftyplanner.test}]',
          'tags: [{name: todos, description: Todos.}]',
          'x-amazon-apigateway-request-validators: {all: {validateRequestBody: true}}',
          'paths:',
          '  /todos:',
          '    get:',
          '      operationId: listTodos',
          '      summary: List todos',
          '      security: [{first: []}, {second: []}]',
          '      responses:',
          '        "200": {description: A page.}',
          '        "400": {description: Bad request.}',
          'components:',
          '  securitySchemes:',
          '    first: {type: http, scheme: bearer}',
          '    second: {type: http, scheme: bearer}',
          '',
        ].join('\n'),
      );

      // Act
      const report = await lint(document);

      // Assess
      const found = report.problems.map((p) => ({ rule: p.ruleId, at: p.location[0]?.pointer }));
      expect(found).toEqual(
        expect.arrayContaining([
          { rule: 'gateway/openapi-3-0', at: '#/openapi' },
          { rule: 'gateway/aws-proxy-integration', at: '#/paths/~1todos/get' },
          { rule: 'gateway/one-security-requirement', at: '#/paths/~1todos/get/security' },
          { rule: 'gateway/no-request-validators', at: '#/x-amazon-apigateway-request-validators' },
          { rule: 'gateway/aws-tags', at: '#/tags/0' },
        ]),
      );
      expect(
        report.problems.filter((p) => p.ruleId.startsWith('gateway/')).every((p) => p.severity === 'error'),
      ).toBe(true);
      expect(report.totals.errors).toBeGreaterThanOrEqual(5);
    });
  });
});
