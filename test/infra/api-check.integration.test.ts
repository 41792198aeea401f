/**
 * The check `npm run deploy` makes of the API it deployed. The "deployed API" here is the local
 * gateway emulator (a real HTTP server importing the contract as API Gateway does, with its JWT
 * authorizer) in front of the real functions: once as the contract says, once imported without the
 * routes' authorizer, once with a function that reports another version.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ApiCheckError, checkDeployedApi } from '../../infra/deploy/api-check';
import { capturedOutput } from '../../infra/deploy/output';
import { loadContract } from '../../openapi/scripts/contract/load-contract';
import { HTTP_METHODS } from '../../openapi/scripts/contract/openapi-document';
import { CONTRACT_PATH } from '../../paths';
import { handler as todosFunction } from '../../src/functions/todos';
import { handler as usersFunction } from '../../src/functions/users';
import { type GatewayFixture, startGatewayFixture } from '../local/support/gateway-fixture';

const { version } = (await loadContract(CONTRACT_PATH)).info;
let gateway: GatewayFixture | undefined;

async function deployedApi(options: Parameters<typeof startGatewayFixture>[0] = {}): Promise<GatewayFixture> {
  gateway = await startGatewayFixture(options);
  gateway.handle('UsersFunction', usersFunction);
  gateway.handle('TodosFunction', todosFunction);
  return gateway;
}

function check(apiUrl: string, overrides: Partial<Parameters<typeof checkDeployedApi>[0]> = {}) {
  const out = capturedOutput();
  const result = checkDeployedApi({
    apiUrl,
    expectedVersion: version,
    customDomain: false,
    out,
    sleep: async () => undefined,
    ...overrides,
  });
  return { result, out };
}

afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

describe('the API check after a deploy', () => {
  it("passes an API that serves this contract's version and refuses an anonymous request at the authorizer", async () => {
    const api = await deployedApi();

    const { result, out } = check(api.url);

    await expect(result).resolves.toBe('checked');
    expect(out.lines).toEqual([
      `Checking the API at ${api.url}`,
      `  GET /health: 200, contract version ${version}`,
      '  GET /todos without a token: 401 from the JWT authorizer',
    ]);
  });

  it("fails routes imported without the JWT authorizer, though the function's own 401 keeps data safe", async () => {
    const api = await deployedApi({
      // The /todos routes lose their authorizer (the local issuer needs one route that keeps it).
      editContract: (contract) => {
        for (const [route, path] of Object.entries(contract.paths))
          if (route.startsWith('/todos')) for (const method of HTTP_METHODS) delete path[method]?.security;
      },
    });

    const { result } = check(api.url);

    await expect(result).rejects.toThrow(ApiCheckError);
    await expect(result).rejects.toThrow(
      /answered 401 .*problem.*the function refused it, not the JWT authorizer/s,
    );
  });

  it('fails an API that reports another contract version, and says to regenerate', async () => {
    const api = await deployedApi();
    api.handle('UsersFunction', async () => ({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'ok', version: '0.9.0' }),
    }));

    const { result } = check(api.url);

    await expect(result).rejects.toThrow(
      `serves contract version 0.9.0, but this deploy's openapi/openapi.yaml is ${version}`,
    );
  });

  it('waits for a stage that answers 503 at first, saying so', async () => {
    const api = await deployedApi();
    let calls = 0;
    api.handle('UsersFunction', async (event, context) =>
      ++calls <= 2 ? { statusCode: 503, body: 'warming up' } : usersFunction(event, context),
    );

    const { result, out } = check(api.url);

    await expect(result).resolves.toBe('checked');
    expect(out.lines.filter((line) => line.includes('trying again'))).toEqual([
      '  GET /health: 503 warming up; trying again',
      '  GET /health: 503 warming up; trying again',
    ]);
  });

  it('skips a custom domain whose DNS record is not there yet, saying what to add', async () => {
    // .invalid never resolves (RFC 2606).
    const { result, out } = check('https://api.swiftyplanner.invalid/v1', { customDomain: true });

    await expect(result).resolves.toBe('skipped');
    expect(out.lines.at(-1)).toContain('api.swiftyplanner.invalid does not resolve yet');
    expect(out.lines.at(-1)).toContain('ApiDomainTarget');
  }, 30_000);

  it('fails an API it cannot reach after its tries', async () => {
    const api = await deployedApi();
    const url = api.url;
    await api.close();
    gateway = undefined;

    const { result } = check(url, { attempts: 2 });

    await expect(result).rejects.toThrow(
      /GET http:\/\/127\.0\.0\.1:\d+\/health failed after 2 tries: .*ECONNREFUSED/,
    );
  });
});
