/**
 * The limits AWS publishes for an imported HTTP API, on small documents that break one limit each, and
 * on the real contract. The same checks run inside `redocly lint` through the plugin (redocly-lint.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { checkGatewayLimits, type LimitProblem } from '../../openapi/rules/gateway-limits';
import { loadContract } from '../../openapi/scripts/contract/load-contract';
import { CONTRACT_PATH } from '../../paths';

type Node = Record<string, unknown>;

/** An operation on a route of its own, with the one JWT authorizer. */
function operation(operationId: string, scopes: string[] = []): Node {
  return {
    operationId,
    security: [{ cognitoJwt: scopes }],
    responses: { '200': { description: 'ok' } },
  };
}

/** A document within every limit: right at the lengths the limits allow. */
function withinLimits(): Node {
  return {
    openapi: '3.0.3',
    info: { title: 'T'.repeat(128), version: 'v'.repeat(64), description: 'd'.repeat(1024) },
    tags: [{ name: 'project', 'x-amazon-apigateway-tag-value': 'swiftyplanner' }],
    paths: { '/todos': { get: operation('o'.repeat(64), ['s'.repeat(3)]) } },
    components: {
      securitySchemes: {
        cognitoJwt: {
          type: 'oauth2',
          flows: {},
          'x-amazon-apigateway-authorizer': {
            type: 'jwt',
            jwtConfiguration: { issuer: 'https://issuer.example.com', audience: ['client'] },
          },
        },
      },
    },
  };
}

function only(problems: LimitProblem[]) {
  return problems.map(({ rule, path }) => ({ rule, path }));
}

describe('checkGatewayLimits', () => {
  it('finds nothing over a limit in a document right at the limits', () => {
    expect(checkGatewayLimits(withinLimits())).toEqual([]);
  });

  it('finds nothing over a limit in openapi/openapi.yaml', async () => {
    const contract = await loadContract(CONTRACT_PATH);

    expect(checkGatewayLimits(contract).map((p) => p.message)).toEqual([]);
  });

  const scheme = ['components', 'securitySchemes'];
  describe.each<{
    name: string;
    breakIt: (doc: Node) => void;
    expected: Pick<LimitProblem, 'rule' | 'path'>[];
  }>([
    {
      name: 'a description of 1,025 characters',
      breakIt: (doc) => {
        (doc.info as Node).description = 'd'.repeat(1025);
      },
      expected: [{ rule: 'api-description-length', path: ['info', 'description'] }],
    },
    {
      name: 'a title of 129 characters',
      breakIt: (doc) => {
        (doc.info as Node).title = 'T'.repeat(129);
      },
      expected: [{ rule: 'api-name-length', path: ['info', 'title'] }],
    },
    {
      name: 'an empty version',
      breakIt: (doc) => {
        (doc.info as Node).version = '';
      },
      expected: [{ rule: 'api-version-length', path: ['info', 'version'] }],
    },
    {
      name: 'an operationId of 65 characters',
      breakIt: (doc) => {
        (doc.paths as Node)['/todos'] = { get: operation('o'.repeat(65)) };
      },
      expected: [{ rule: 'operation-name-length', path: ['paths', '/todos', 'get', 'operationId'] }],
    },
    {
      name: '301 routes',
      breakIt: (doc) => {
        doc.paths = Object.fromEntries(
          Array.from({ length: 301 }, (_, i) => [`/r${i}`, { get: operation(`r${i}`) }]),
        );
      },
      expected: [{ rule: 'routes-per-api', path: ['paths'] }],
    },
    {
      name: '11 authorizers',
      breakIt: (doc) => {
        const schemes = (doc.components as Node).securitySchemes as Node;
        for (let i = 0; i < 10; i++) schemes[`extra${i}`] = schemes.cognitoJwt;
      },
      expected: [{ rule: 'authorizer-quotas', path: scheme }],
    },
    {
      name: '51 audiences',
      breakIt: (doc) => {
        const authorizer = ((doc.components as Node).securitySchemes as Node).cognitoJwt as Node;
        (authorizer['x-amazon-apigateway-authorizer'] as Node).jwtConfiguration = {
          issuer: 'https://issuer.example.com',
          audience: Array.from({ length: 51 }, (_, i) => `client-${i}`),
        };
      },
      expected: [
        {
          rule: 'authorizer-quotas',
          path: [...scheme, 'cognitoJwt', 'x-amazon-apigateway-authorizer', 'jwtConfiguration', 'audience'],
        },
      ],
    },
    {
      name: 'a route requiring 11 scopes',
      breakIt: (doc) => {
        (doc.paths as Node)['/todos'] = {
          get: operation(
            'listTodos',
            Array.from({ length: 11 }, (_, i) => `scope${i}`),
          ),
        };
      },
      expected: [
        { rule: 'authorizer-quotas', path: ['paths', '/todos', 'get', 'security', 0, 'cognitoJwt'] },
      ],
    },
    {
      name: 'a root tag without a value (an AWS tag with an empty value)',
      breakIt: (doc) => {
        doc.tags = [{ name: 'todos', description: 'The caller’s todos.' }];
      },
      expected: [{ rule: 'aws-tags', path: ['tags', 0] }],
    },
    {
      name: 'a root tag under the reserved aws: prefix, with a value of 257 characters',
      breakIt: (doc) => {
        doc.tags = [{ name: 'aws:owner', 'x-amazon-apigateway-tag-value': 'v'.repeat(257) }];
      },
      expected: [
        { rule: 'aws-tags', path: ['tags', 0, 'name'] },
        { rule: 'aws-tags', path: ['tags', 0, 'x-amazon-apigateway-tag-value'] },
      ],
    },
    {
      name: '51 root tags',
      breakIt: (doc) => {
        doc.tags = Array.from({ length: 51 }, (_, i) => ({
          name: `t${i}`,
          'x-amazon-apigateway-tag-value': 'v',
        }));
      },
      expected: [{ rule: 'aws-tags', path: ['tags'] }],
    },
  ])('with $name', ({ breakIt, expected }) => {
    it('reports exactly that, where it is, citing the documented limit', () => {
      // Prepare
      const doc = withinLimits();
      breakIt(doc);

      // Act
      const problems = checkGatewayLimits(doc);

      // Assess
      expect(only(problems)).toEqual(expected);
      for (const problem of problems)
        expect(problem.message).toMatch(/\(.*(API reference|https:\/\/docs\.aws)/);
    });
  });
});
