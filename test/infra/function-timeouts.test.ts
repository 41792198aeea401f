/**
 * The time limits, outside in (src/http/request-budget.ts): API Gateway's integration timeout, the
 * functions' Lambda Timeout below it, and each request's time budget below that. A function whose
 * Timeout reached the gateway's would meet the gateway's bare 503 instead of answering its own problem.
 * The erasure function answers no request: its Timeout is the stream batch's (infra/template.yaml).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { functionDefinitionsOf } from '../../infra/template/function-definitions';
import { loadTemplate } from '../../infra/template/template';
import { CONTRACT_PATH } from '../../paths';
import { ANSWER_RESERVE_MS, DEFAULT_REQUEST_BUDGET_MS } from '../../src/http/request-budget';

const template = loadTemplate();
/** The functions behind the gateway are those its integrations call (not the erasure function). */
const contractText = readFileSync(CONTRACT_PATH, 'utf8');
const timeoutMsOf = (id: string) => Number(template.Resources[id]?.Properties?.Timeout) * 1000;
const integrations = (
  parse(contractText) as {
    components: { 'x-amazon-apigateway-integrations': Record<string, { timeoutInMillis: number }> };
  }
).components['x-amazon-apigateway-integrations'];

describe('the time limits', () => {
  const functions = functionDefinitionsOf(template)
    .map(({ logicalId }) => logicalId)
    .filter((id) => contractText.includes(`\${${id}.Arn}`));

  it('cover the functions behind the gateway', () => {
    expect(functions.sort()).toEqual(['TodosFunction', 'UsersFunction']);
  });

  it.each(functions)("stop %s at least 5 s before the gateway's integration timeout", (id) => {
    // Prepare
    const timeoutMs = timeoutMsOf(id);
    const gatewayMs = Math.min(...Object.values(integrations).map((i) => i.timeoutInMillis));
    // Assess
    expect(gatewayMs).toBe(29_000);
    expect(timeoutMs).toBeLessThanOrEqual(gatewayMs - 5_000);
  });

  it.each(functions)(
    "give a request of %s its Timeout less the reserve to answer in, when there's no context",
    (id) => {
      const timeoutMs = timeoutMsOf(id);
      expect(DEFAULT_REQUEST_BUDGET_MS).toBe(timeoutMs - ANSWER_RESERVE_MS);
    },
  );
});
