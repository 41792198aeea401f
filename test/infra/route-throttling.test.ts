/**
 * Throttling and reserved concurrency as the template sets them, checked against what AWS does with
 * them: a stage's RouteSettings key must name a route that exists when the stage is deployed (else
 * `NotFoundException: Unable to find Route by key`), a route setting without a limit gets AWS's
 * default rather than the stage's, and a reservation that leaves the account's unreserved
 * concurrency under 100 fails the function (so none is the default: a new account's limit is lower).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type CfnTemplate, loadTemplate } from '../../infra/template/template';
import { CONTRACT_PATH } from '../../paths';
import { evaluate } from './support/evaluate-template';

const template = loadTemplate();
const stage = (t: CfnTemplate = template) => t.Resources.ApiStage?.Properties ?? {};
const routeSettings = stage().RouteSettings as Record<string, Record<string, unknown>>;

/** `DELETE /users/me`, ...: the route keys the contract's import creates. */
function contractRoutes(): Set<string> {
  const contract = parse(readFileSync(CONTRACT_PATH, 'utf8')) as { paths: Record<string, object> };
  const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
  return new Set(
    Object.entries(contract.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((key) => methods.includes(key))
        .map((method) => `${method.toUpperCase()} ${path}`),
    ),
  );
}

const number = (value: unknown, overrides = {}) => Number(evaluate(template, value, overrides));

describe('route throttling', () => {
  it('throttles DELETE /users/me and attachment creates, routes the contract declares', () => {
    const routes = contractRoutes();
    expect(Object.keys(routeSettings).sort()).toEqual([
      'DELETE /users/me',
      'POST /todos/{todoId}/attachments',
    ]);
    for (const key of Object.keys(routeSettings)) expect(routes.has(key), key).toBe(true);
  });

  it('gives each throttled route both limits, harder than the stage default', () => {
    const defaults = stage().DefaultRouteSettings as Record<string, unknown>;
    for (const [key, settings] of Object.entries(routeSettings)) {
      expect(Object.keys(settings).sort(), key).toEqual(['ThrottlingBurstLimit', 'ThrottlingRateLimit']);
      expect(number(settings.ThrottlingRateLimit), key).toBeLessThan(number(defaults.ThrottlingRateLimit));
      expect(number(settings.ThrottlingBurstLimit), key).toBeLessThan(number(defaults.ThrottlingBurstLimit));
      expect(number(settings.ThrottlingBurstLimit), key).toBeGreaterThanOrEqual(
        number(settings.ThrottlingRateLimit),
      );
    }
    expect(number(routeSettings['DELETE /users/me']?.ThrottlingRateLimit)).toBe(2);
    expect(number(routeSettings['POST /todos/{todoId}/attachments']?.ThrottlingRateLimit)).toBe(10);
  });

  it('takes the limits from parameters, so a stage can change them without a new template', () => {
    const erase = routeSettings['DELETE /users/me'] ?? {};
    expect(number(erase.ThrottlingRateLimit, { EraseThrottlingRateLimit: '7' })).toBe(7);
    expect(number(erase.ThrottlingBurstLimit, { EraseThrottlingBurstLimit: '9' })).toBe(9);
  });
});

describe('reserved concurrency', () => {
  const reserved = (fn: string, overrides = {}) =>
    evaluate(template, { Properties: template.Resources[fn]?.Properties }, overrides) as {
      Properties: Record<string, unknown>;
    };

  it.each([
    ['UsersFunction', 'UsersFunctionReservedConcurrency'],
    ['TodosFunction', 'TodosFunctionReservedConcurrency'],
    ['ErasureFunction', 'ErasureFunctionReservedConcurrency'],
  ])('%s reserves none by default, and what %s says when set', (fn, parameter) => {
    expect(reserved(fn).Properties).not.toHaveProperty('ReservedConcurrentExecutions');
    expect(reserved(fn, { [parameter]: '50' }).Properties.ReservedConcurrentExecutions).toBe('50');
    // 0 is a reservation too: it stops the function (Lambda's documented way to switch one off).
    expect(reserved(fn, { [parameter]: '0' }).Properties.ReservedConcurrentExecutions).toBe('0');
  });
});
