/**
 * The gateway rules on small documents that break one rule each, and on the real contract.
 * The same checks run inside `redocly lint` through the plugin (redocly-lint.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { checkGatewayRules, type GatewayProblem } from '../../openapi/rules/gateway-rules';
import { loadContract } from '../../openapi/scripts/contract/load-contract';
import { CONTRACT_PATH } from '../../paths';

type Node = Record<string, unknown>;

interface Fixture {
  doc: Node;
  /** `GET /todos`: the authorized operation. */
  listTodos: Node;
  /** The integration both operations share through a `$ref`. */
  integration: Node;
}

/** A minimal document API Gateway would import: one public and one authorized route, one shared integration. */
function gatewayDocument(): Fixture {
  const reference = () => ({ $ref: '#/components/x-amazon-apigateway-integrations/todos' });
  const integration: Node = {
    type: 'aws_proxy',
    httpMethod: 'POST',
    payloadFormatVersion: '2.0',
    uri: 'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:todos/invocations',
  };
  const listTodos: Node = {
    security: [{ cognitoJwt: [] }],
    'x-amazon-apigateway-integration': reference(),
    responses: { '200': { description: 'ok' } },
  };
  const doc: Node = {
    openapi: '3.0.3',
    info: { title: 'Gateway rules', version: '1' },
    paths: {
      '/health': {
        get: {
          security: [],
          'x-amazon-apigateway-integration': reference(),
          responses: { '200': { description: 'ok' } },
        },
      },
      '/todos': { get: listTodos },
    },
    components: {
      securitySchemes: {
        cognitoJwt: {
          type: 'oauth2',
          flows: {},
          'x-amazon-apigateway-authorizer': {
            type: 'jwt',
            identitySource: '$request.header.Authorization',
            jwtConfiguration: { issuer: 'https://issuer.example.com', audience: ['client'] },
          },
        },
      },
      'x-amazon-apigateway-integrations': { todos: integration },
    },
  };
  return { doc, listTodos, integration };
}

const listTodosPath = ['paths', '/todos', 'get'];
const listTodosIntegration = [...listTodosPath, 'x-amazon-apigateway-integration'];
const sharedIntegration = ['components', 'x-amazon-apigateway-integrations', 'todos'];

function only(problems: GatewayProblem[]) {
  return problems.map(({ rule, path }) => ({ rule, path }));
}

describe('checkGatewayRules', () => {
  it('finds nothing wrong in a document API Gateway imports', () => {
    expect(checkGatewayRules(gatewayDocument().doc)).toEqual([]);
  });

  it('finds nothing wrong in openapi/openapi.yaml', async () => {
    const contract = await loadContract(CONTRACT_PATH);

    expect(checkGatewayRules(contract)).toEqual([]);
  });

  describe.each<{
    name: string;
    breakIt: (fixture: Fixture) => void;
    expected: Pick<GatewayProblem, 'rule' | 'path'>[];
  }>([
    {
      name: 'OpenAPI 3.1',
      breakIt: ({ doc }) => {
        doc.openapi = '3.1.0';
      },
      expected: [{ rule: 'openapi-3-0', path: ['openapi'] }],
    },
    {
      name: 'an operation without an integration',
      breakIt: ({ listTodos }) => {
        delete listTodos['x-amazon-apigateway-integration'];
      },
      expected: [{ rule: 'aws-proxy-integration', path: listTodosPath }],
    },
    {
      name: 'an integration reference to nothing',
      breakIt: ({ listTodos }) => {
        listTodos['x-amazon-apigateway-integration'] = {
          $ref: '#/components/x-amazon-apigateway-integrations/missing',
        };
      },
      expected: [{ rule: 'aws-proxy-integration', path: [...listTodosIntegration, '$ref'] }],
    },
    {
      name: 'payload format 1.0 (reported once for the shared integration)',
      breakIt: ({ integration }) => {
        integration.payloadFormatVersion = '1.0';
      },
      expected: [{ rule: 'aws-proxy-integration', path: [...sharedIntegration, 'payloadFormatVersion'] }],
    },
    {
      name: 'payload format 2.0 written as a YAML number',
      breakIt: ({ integration }) => {
        integration.payloadFormatVersion = 2;
      },
      expected: [{ rule: 'aws-proxy-integration', path: [...sharedIntegration, 'payloadFormatVersion'] }],
    },
    {
      name: 'an inline integration that is not a Lambda proxy',
      breakIt: ({ listTodos }) => {
        listTodos['x-amazon-apigateway-integration'] = {
          type: 'http_proxy',
          httpMethod: 'GET',
          payloadFormatVersion: '2.0',
          uri: 'https://example.com',
        };
      },
      expected: [
        { rule: 'aws-proxy-integration', path: [...listTodosIntegration, 'type'] },
        { rule: 'aws-proxy-integration', path: [...listTodosIntegration, 'httpMethod'] },
      ],
    },
    {
      name: 'two security requirements',
      breakIt: ({ listTodos }) => {
        listTodos.security = [{ cognitoJwt: [] }, { apiKey: [] }];
      },
      expected: [{ rule: 'one-security-requirement', path: [...listTodosPath, 'security'] }],
    },
    {
      name: 'one requirement naming two schemes',
      breakIt: ({ listTodos }) => {
        listTodos.security = [{ cognitoJwt: [], apiKey: [] }];
      },
      expected: [{ rule: 'one-security-requirement', path: [...listTodosPath, 'security', 0] }],
    },
    {
      name: 'an operation without any security, not even `security: []`',
      breakIt: ({ listTodos }) => {
        delete listTodos.security;
      },
      expected: [{ rule: 'one-security-requirement', path: listTodosPath }],
    },
    {
      name: 'two root security requirements inherited by an operation',
      breakIt: ({ doc, listTodos }) => {
        delete listTodos.security;
        doc.security = [{ cognitoJwt: [] }, { apiKey: [] }];
      },
      expected: [{ rule: 'one-security-requirement', path: ['security'] }],
    },
    {
      name: 'a JWT authorizer on an http bearer scheme',
      breakIt: ({ doc }) => {
        const schemes = (doc.components as Node).securitySchemes as Node;
        const { flows: _flows, ...rest } = schemes.cognitoJwt as Node;
        schemes.cognitoJwt = { ...rest, type: 'http', scheme: 'bearer' };
      },
      expected: [
        { rule: 'jwt-authorizer-scheme', path: ['components', 'securitySchemes', 'cognitoJwt', 'type'] },
      ],
    },
    {
      name: 'request validators at the root and on an operation',
      breakIt: ({ doc, listTodos }) => {
        doc['x-amazon-apigateway-request-validators'] = { all: { validateRequestBody: true } };
        listTodos['x-amazon-apigateway-request-validator'] = 'all';
      },
      expected: [
        { rule: 'no-request-validators', path: [...listTodosPath, 'x-amazon-apigateway-request-validator'] },
        { rule: 'no-request-validators', path: ['x-amazon-apigateway-request-validators'] },
      ],
    },
  ])('with $name', ({ breakIt, expected }) => {
    it('reports exactly that, where it is, with a message that names the fix', () => {
      // Prepare
      const fixture = gatewayDocument();
      breakIt(fixture);

      // Act
      const problems = checkGatewayRules(fixture.doc);

      // Assess
      expect(only(problems)).toEqual(expected);
      for (const problem of problems) expect(problem.message.length).toBeGreaterThan(40);
    });
  });

  it('accepts one root security requirement inherited by the operations', () => {
    const { doc, listTodos } = gatewayDocument();
    delete listTodos.security;
    doc.security = [{ cognitoJwt: [] }];

    expect(checkGatewayRules(doc)).toEqual([]);
  });

  it('tells to quote a payload format written as a YAML number', () => {
    const { doc, integration } = gatewayDocument();
    integration.payloadFormatVersion = 2;

    expect(checkGatewayRules(doc)[0]?.message).toMatch(/quote it/);
  });
});
