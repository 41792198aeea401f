/**
 * What API Gateway (HTTP API) needs from the contract before it will import it, checked on the plain
 * document object. Plain JavaScript on purpose: the Redocly CLI loads it as a plugin
 * (./gateway-plugin.js) without a TypeScript loader, and tests call it directly. Types: gateway-rules.d.ts.
 *
 * Each problem carries the JSON path of the offending node, so the plugin can point Redocly at it.
 */

export const GATEWAY_RULES = /** @type {const} */ ([
  'openapi-3-0',
  'aws-proxy-integration',
  'one-security-requirement',
  'no-request-validators',
  'jwt-authorizer-scheme',
]);

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const INTEGRATION = 'x-amazon-apigateway-integration';
const VALIDATOR_KEYS = new Set([
  'x-amazon-apigateway-request-validators',
  'x-amazon-apigateway-request-validator',
]);

/**
 * @param {unknown} document a parsed OpenAPI document (references unresolved)
 * @returns {import('./gateway-rules').GatewayProblem[]}
 */
export function checkGatewayRules(document) {
  const doc = isObject(document) ? document : {};
  return [
    ...checkOpenApiVersion(doc),
    ...checkIntegrations(doc),
    ...checkSecurity(doc),
    ...checkNoRequestValidators(doc),
    ...checkJwtAuthorizerSchemes(doc),
  ];
}

/**
 * A JWT authorizer's scheme is `type: oauth2` in AWS's HTTP API documentation and in the documents
 * API Gateway exports; the import runs with FailOnWarnings, so the contract keeps to that form.
 */
function checkJwtAuthorizerSchemes(doc) {
  const components = isObject(doc.components) ? doc.components : {};
  const schemes = isObject(components.securitySchemes) ? components.securitySchemes : {};
  const problems = [];
  for (const [name, scheme] of Object.entries(schemes)) {
    if (!isObject(scheme) || !isObject(scheme['x-amazon-apigateway-authorizer'])) continue;
    if (scheme['x-amazon-apigateway-authorizer'].type !== 'jwt' || scheme.type === 'oauth2') continue;
    problems.push(
      problem(
        'jwt-authorizer-scheme',
        ['components', 'securitySchemes', name, 'type'],
        `Security scheme ${name} carries a JWT authorizer but is \`type: ${String(scheme.type)}\`: write \`type: oauth2\` with \`flows: {}\`, the form API Gateway documents and exports for HTTP API JWT authorizers.`,
      ),
    );
  }
  return problems;
}

/** HTTP API import accepts OpenAPI 3.0 only; a 3.1 document is refused as a whole. */
function checkOpenApiVersion(doc) {
  const version = doc.openapi;
  if (typeof version === 'string' && /^3\.0\.\d+$/.test(version)) return [];
  return [
    problem(
      'openapi-3-0',
      ['openapi'],
      `\`openapi: ${JSON.stringify(version)}\` cannot be imported: API Gateway HTTP APIs accept OpenAPI 3.0.x only. Declare \`openapi: 3.0.3\`.`,
    ),
  ];
}

/**
 * Every route must proxy to Lambda with payload format 2.0, which the handlers' event types assume.
 * A shared integration (a `$ref` into components/x-amazon-apigateway-integrations) is checked once.
 */
function checkIntegrations(doc) {
  const problems = [];
  const checked = new Set();
  for (const op of operationsOf(doc)) {
    const declared = op.operation[INTEGRATION];
    const declaredAt = [...op.path, INTEGRATION];
    if (declared === undefined) {
      problems.push(
        problem(
          'aws-proxy-integration',
          op.path,
          `${op.label} has no \`${INTEGRATION}\`: API Gateway would create a route that invokes nothing. Add \`$ref: "#/components/x-amazon-apigateway-integrations/<function>"\`.`,
        ),
      );
      continue;
    }
    const resolved = resolve(doc, declared, declaredAt);
    if (!resolved) {
      problems.push(
        problem(
          'aws-proxy-integration',
          [...declaredAt, '$ref'],
          `${op.label}: the integration reference ${JSON.stringify(declared.$ref)} points at nothing. Reference an entry of components/x-amazon-apigateway-integrations.`,
        ),
      );
      continue;
    }
    const key = resolved.path.join('/');
    if (checked.has(key)) continue;
    checked.add(key);
    problems.push(...checkIntegration(resolved.node, resolved.path, op.label));
  }
  return problems;
}

function checkIntegration(integration, path, usedBy) {
  const problems = [];
  const where = `The integration of ${usedBy}`;
  if (!isObject(integration)) {
    return [problem('aws-proxy-integration', path, `${where} is not an object.`)];
  }
  if (integration.type !== 'aws_proxy') {
    problems.push(
      problem(
        'aws-proxy-integration',
        [...path, 'type'],
        `${where} has type ${JSON.stringify(integration.type)}; Lambda proxy routes need \`type: aws_proxy\`.`,
      ),
    );
  }
  if (integration.payloadFormatVersion !== '2.0') {
    const quoted =
      integration.payloadFormatVersion === 2 ? ' (quote it: YAML reads 2.0 as the number 2)' : '';
    problems.push(
      problem(
        'aws-proxy-integration',
        [...path, 'payloadFormatVersion'],
        `${where} has payloadFormatVersion ${JSON.stringify(integration.payloadFormatVersion)}; the handlers read payload 2.0 events, so declare \`payloadFormatVersion: "2.0"\`${quoted}.`,
      ),
    );
  }
  if (integration.httpMethod !== 'POST') {
    problems.push(
      problem(
        'aws-proxy-integration',
        [...path, 'httpMethod'],
        `${where} has httpMethod ${JSON.stringify(integration.httpMethod)}; Lambda is always invoked with \`httpMethod: POST\`.`,
      ),
    );
  }
  if (integration.uri === undefined) {
    problems.push(
      problem(
        'aws-proxy-integration',
        path,
        `${where} has no \`uri\`: give the function's invocation ARN (Fn::Sub with \${<Function>.Arn}).`,
      ),
    );
  }
  return problems;
}

/**
 * An HTTP API route takes one authorizer: several security requirements (or one requiring two schemes
 * at once) make the import fail. `security: []` is the explicit way to declare a public route.
 */
function checkSecurity(doc) {
  const problems = [];
  for (const op of operationsOf(doc)) {
    const own = Object.hasOwn(op.operation, 'security');
    const security = own ? op.operation.security : doc.security;
    const at = own ? [...op.path, 'security'] : ['security'];
    if (security === undefined) {
      problems.push(
        problem(
          'one-security-requirement',
          op.path,
          `${op.label} declares no security: give it one requirement (\`- cognitoJwt: []\`), or \`security: []\` to make it public on purpose.`,
        ),
      );
      continue;
    }
    if (!Array.isArray(security)) {
      problems.push(problem('one-security-requirement', at, `${op.label}: \`security\` must be a list.`));
      continue;
    }
    if (security.length > 1) {
      problems.push(
        problem(
          'one-security-requirement',
          at,
          `${op.label} has ${security.length} security requirements; an HTTP API route takes exactly one authorizer. Keep one.`,
        ),
      );
      continue;
    }
    const [requirement] = security;
    const schemes = isObject(requirement) ? Object.keys(requirement) : [];
    if (security.length === 1 && schemes.length !== 1) {
      problems.push(
        problem(
          'one-security-requirement',
          [...at, 0],
          `${op.label}'s security requirement names ${schemes.length} schemes (${schemes.join(', ') || 'none'}); an HTTP API route takes exactly one. Use \`security: []\` for a public route.`,
        ),
      );
    }
  }
  return problems;
}

/** HTTP APIs ignore request validators (REST API only); the Lambda validates against this contract. */
function checkNoRequestValidators(doc) {
  const problems = [];
  walk(doc, [], (key, path) => {
    if (VALIDATOR_KEYS.has(key)) {
      problems.push(
        problem(
          'no-request-validators',
          path,
          `\`${key}\` has no effect on an HTTP API (it is a REST API feature): remove it. Requests are validated in the Lambda against this contract.`,
        ),
      );
    }
  });
  return problems;
}

/** Every operation with its JSON path and a `GET /todos` label; path items given by `$ref` are followed. */
export function operationsOf(doc) {
  const operations = [];
  if (!isObject(doc.paths)) return operations;
  for (const [route, declared] of Object.entries(doc.paths)) {
    const item = resolve(doc, declared, ['paths', route]);
    if (!item || !isObject(item.node)) continue;
    for (const method of HTTP_METHODS) {
      const operation = item.node[method];
      if (!isObject(operation)) continue;
      operations.push({
        operation,
        path: [...item.path, method],
        label: `${method.toUpperCase()} ${route}`,
      });
    }
  }
  return operations;
}

/** Follows local `$ref`s; returns the node with its own JSON path, or undefined when unresolvable. */
function resolve(doc, node, path, seen = new Set()) {
  if (!isObject(node) || typeof node.$ref !== 'string') return { node, path };
  const ref = node.$ref;
  if (!ref.startsWith('#/') || seen.has(ref)) return undefined;
  seen.add(ref);
  const target = ref
    .slice(2)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  let current = doc;
  for (const segment of target) {
    if (!isObject(current) || !Object.hasOwn(current, segment)) return undefined;
    current = current[segment];
  }
  return resolve(doc, current, target, seen);
}

function walk(node, path, visit) {
  if (Array.isArray(node)) {
    node.forEach((child, index) => {
      walk(child, [...path, index], visit);
    });
  } else if (isObject(node)) {
    for (const [key, child] of Object.entries(node)) {
      visit(key, [...path, key]);
      walk(child, [...path, key], visit);
    }
  }
}

export function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function problem(rule, path, message) {
  return { rule, path, message };
}
