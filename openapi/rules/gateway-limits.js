/**
 * The limits AWS publishes for what the contract becomes on import, checked offline: the API's name,
 * description and version, each route's operation name, the per-API quotas of routes, authorizers,
 * audiences and scopes, and the root `tags`, which become AWS tags on the API. Each limit names the
 * page it comes from. Plain JavaScript for the Redocly plugin (./gateway-plugin.js), like ./gateway-rules.js.
 *
 * Route keys (`GET /todos/{todoId}`) have no documented length limit, so none is checked.
 */
import { isObject, operationsOf, problem } from './gateway-rules.js';

export const LIMIT_RULES = /** @type {const} */ ([
  'api-name-length',
  'api-description-length',
  'api-version-length',
  'operation-name-length',
  'routes-per-api',
  'authorizer-quotas',
  'aws-tags',
]);

/** API Gateway V2 API reference (CreateApi / ImportApi): the Api object's string lengths. */
const API_REFERENCE = 'API Gateway V2 API reference, Api: Name [1-128], Description [0-1024], Version [1-64]';
/** The per-API quotas that cannot be raised, or need AWS Support to. */
const HTTP_API_QUOTAS =
  'Quotas for configuring and running an HTTP API in API Gateway (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html)';
const TAG_VALUE_PAGE =
  'x-amazon-apigateway-tag-value (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-openapi-extensions-x-amazon-apigateway-tag-value.html)';
const TAG_LIMITS =
  'Tagging AWS resources, tag naming limits and requirements (https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html)';

const TAG_VALUE = 'x-amazon-apigateway-tag-value';
/** Letters, digits, white space and `_ . : / = + - @`, the characters every AWS service accepts in tags. */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/**
 * @param {unknown} document a parsed OpenAPI document (references unresolved)
 * @returns {import('./gateway-rules').GatewayProblem[]}
 */
export function checkGatewayLimits(document) {
  const doc = isObject(document) ? document : {};
  const info = isObject(doc.info) ? doc.info : {};
  return [
    ...lengthProblems(
      'api-name-length',
      ['info', 'title'],
      info.title,
      1,
      128,
      'the API name (info.title)',
      API_REFERENCE,
    ),
    ...lengthProblems(
      'api-description-length',
      ['info', 'description'],
      info.description ?? '',
      0,
      1024,
      'the API description (info.description)',
      API_REFERENCE,
      ' Keep it short: the long text belongs in docs/api-guide.md, which `npm run docs` shows instead.',
    ),
    ...lengthProblems(
      'api-version-length',
      ['info', 'version'],
      info.version,
      1,
      64,
      'the API version (info.version)',
      API_REFERENCE,
    ),
    ...operationNameProblems(doc),
    ...routeProblems(doc),
    ...authorizerProblems(doc),
    ...tagProblems(doc),
  ];
}

/** Lengths in characters (code points), as the API reference counts them. */
function lengthProblems(rule, path, value, min, max, what, source, fix = '') {
  const length = typeof value === 'string' ? [...value].length : -1;
  if (length >= min && length <= max) return [];
  const found = length < 0 ? 'is missing' : `has ${length} characters`;
  return [
    problem(
      rule,
      path,
      `${what[0]?.toUpperCase()}${what.slice(1)} ${found}; API Gateway takes ${min}-${max} (${source}).${fix}`,
    ),
  ];
}

/** An operationId becomes the route's OperationName, a string of 1-64 characters. */
function operationNameProblems(doc) {
  return operationsOf(doc).flatMap(({ operation, path, label }) =>
    operation.operationId === undefined
      ? []
      : lengthProblems(
          'operation-name-length',
          [...path, 'operationId'],
          operation.operationId,
          1,
          64,
          `the operationId of ${label}, which becomes the route's OperationName,`,
          'API Gateway V2 API reference, Route: OperationName [1-64]',
        ),
  );
}

function routeProblems(doc) {
  const routes = operationsOf(doc).length;
  if (routes <= 300) return [];
  return [
    problem(
      'routes-per-api',
      ['paths'],
      `The contract has ${routes} operations, each an HTTP API route; an API takes 300 by default (${HTTP_API_QUOTAS}). Split the API, or have the quota raised first.`,
    ),
  ];
}

/** Authorizers per API (10), audiences per authorizer (50) and scopes per route (10). */
function authorizerProblems(doc) {
  const components = isObject(doc.components) ? doc.components : {};
  const schemes = isObject(components.securitySchemes) ? components.securitySchemes : {};
  const problems = [];
  const authorizers = Object.entries(schemes).filter(
    ([, scheme]) => isObject(scheme) && isObject(scheme['x-amazon-apigateway-authorizer']),
  );
  if (authorizers.length > 10)
    problems.push(
      problem(
        'authorizer-quotas',
        ['components', 'securitySchemes'],
        `${authorizers.length} security schemes carry an authorizer; an HTTP API takes 10 (${HTTP_API_QUOTAS}). Share one authorizer between routes.`,
      ),
    );
  for (const [name, scheme] of authorizers) {
    const audience = scheme['x-amazon-apigateway-authorizer'].jwtConfiguration?.audience;
    if (Array.isArray(audience) && audience.length > 50)
      problems.push(
        problem(
          'authorizer-quotas',
          [
            'components',
            'securitySchemes',
            name,
            'x-amazon-apigateway-authorizer',
            'jwtConfiguration',
            'audience',
          ],
          `The authorizer of ${name} lists ${audience.length} audiences; API Gateway takes 50 per authorizer (${HTTP_API_QUOTAS}).`,
        ),
      );
  }
  for (const { operation, path, label } of operationsOf(doc)) {
    const security = Array.isArray(operation.security) ? operation.security : [];
    security.forEach((requirement, index) => {
      if (!isObject(requirement)) return;
      for (const [name, scopes] of Object.entries(requirement))
        if (Array.isArray(scopes) && scopes.length > 10)
          problems.push(
            problem(
              'authorizer-quotas',
              [...path, 'security', index, name],
              `${label} requires ${scopes.length} scopes; a route takes 10 (${HTTP_API_QUOTAS}).`,
            ),
          );
    });
  }
  return problems;
}

/**
 * Every root tag becomes an AWS tag on the API, with an empty value unless it has
 * `x-amazon-apigateway-tag-value`: group operations with operation tags alone, and give a root tag a
 * value when an AWS tag is what is meant.
 */
function tagProblems(doc) {
  if (!Array.isArray(doc.tags)) return [];
  const problems = [];
  if (doc.tags.length > 50)
    problems.push(
      problem(
        'aws-tags',
        ['tags'],
        `${doc.tags.length} root tags; an AWS resource takes 50 user tags (${TAG_LIMITS}).`,
      ),
    );
  doc.tags.forEach((tag, index) => {
    if (!isObject(tag)) return;
    const at = ['tags', index];
    const key = typeof tag.name === 'string' ? tag.name : '';
    const value = tag[TAG_VALUE];
    if (value === undefined) {
      problems.push(
        problem(
          'aws-tags',
          at,
          `Root tag ${JSON.stringify(key)} becomes an AWS tag on the API with an empty value (${TAG_VALUE_PAGE}). Remove it (operations can still carry the tag) or give it \`${TAG_VALUE}\` on purpose.`,
        ),
      );
      return;
    }
    if (typeof value !== 'string')
      problems.push(
        problem(
          'aws-tags',
          [...at, TAG_VALUE],
          `The value of AWS tag ${JSON.stringify(key)} must be a string (${TAG_VALUE_PAGE}).`,
        ),
      );
    const keyLength = [...key].length;
    if (keyLength < 1 || keyLength > 128 || !TAG_CHARACTERS.test(key) || /^aws:/i.test(key))
      problems.push(
        problem(
          'aws-tags',
          [...at, 'name'],
          `AWS tag key ${JSON.stringify(key)} must have 1-128 letters, digits, spaces or _ . : / = + - @, and not start with aws: (${TAG_LIMITS}).`,
        ),
      );
    if (
      typeof value === 'string' &&
      ([...value].length > 256 || !TAG_CHARACTERS.test(value) || /^aws:/i.test(value))
    )
      problems.push(
        problem(
          'aws-tags',
          [...at, TAG_VALUE],
          `AWS tag value of ${JSON.stringify(key)} must have at most 256 letters, digits, spaces or _ . : / = + - @, and not start with aws: (${TAG_LIMITS}).`,
        ),
      );
  });
  return problems;
}
