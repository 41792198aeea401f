/**
 * A copy of a contract whose operations hold their responses in place instead of as
 * `$ref: '#/components/responses/NotFound'`. api-smart-diff decides request or response rules from
 * where a schema sits, and a referenced response sits under `components`, where it is judged as a
 * request (a 401 body that may now omit `message` came out compatible). In place, the schemas inside
 * (still references to `components/schemas`, which it follows in context) are judged as responses.
 */
interface Contract {
  paths?: Record<string, Record<string, unknown>>;
}

export function inlineResponseReferences<T extends Contract>(contract: T): T {
  const paths = Object.fromEntries(
    Object.entries(contract.paths ?? {}).map(([route, item]) => [
      route,
      Object.fromEntries(
        Object.entries(item).map(([method, operation]) => [
          method,
          withResponsesInPlace(operation, contract),
        ]),
      ),
    ]),
  );
  return { ...contract, paths };
}

function withResponsesInPlace(operation: unknown, contract: Contract): unknown {
  const responses = (operation as { responses?: Record<string, unknown> } | null)?.responses;
  if (!responses) return operation;
  const inPlace = Object.entries(responses).map(([status, response]) => [
    status,
    resolveReference(response, contract),
  ]);
  return { ...(operation as object), responses: Object.fromEntries(inPlace) };
}

/** What a local `$ref` points to (followed while it is another reference, a few times), or the value itself. */
export function resolveReference(value: unknown, contract: unknown, hops = 0): unknown {
  const ref = (value as { $ref?: unknown } | null)?.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/') || hops > 8) return value;
  const found = ref
    .slice(2)
    .split('/')
    .reduce<unknown>(
      (node, key) =>
        (node as Record<string, unknown> | undefined)?.[key.replaceAll('~1', '/').replaceAll('~0', '~')],
      contract,
    );
  return found === undefined ? value : resolveReference(found, contract, hops + 1);
}
