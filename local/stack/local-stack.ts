/**
 * The whole API on loopback, programmatically: DynamoDB Local (data under `$DATA_DIR/dynamodb`), s3rver
 * (`$DATA_DIR/s3`), each in a process of its own and restarted when it dies
 * (../supervision/local-dependencies.ts), the local OpenID Connect provider (key under `$DATA_DIR/jwt`,
 * users under `$DATA_DIR/issuer`, on its own port: ../issuer/oidc-provider.ts) and the HTTP API emulator
 * in front of the template's functions, run in process from esbuild bundles
 * (`$DATA_DIR/.build`), which also receive the bucket's events as the template's rules route them
 * (../s3/bucket-events.ts) and the table's changes as the template's event source mappings route them
 * (../event-sources/stream-delivery.ts). `npm start` is a thin shell around it; tests and benchmarks
 * start it on free ports with a temporary DATA_DIR.
 *
 * The functions read their configuration from process.env as on Lambda, so the stack sets
 * TABLE_NAME, BUCKET_NAME, DYNAMODB_ENDPOINT, S3_ENDPOINT, AWS_REGION, credentials s3rver accepts,
 * USER_POOL_ID, USER_POOL_CLIENT_ID and COGNITO_IDP_ENDPOINT (the provider answers AdminDeleteUser),
 * and puts the previous values back on stop(). One running stack per process.
 */
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createRemoteJWKSet } from 'jose';
import { loadContract } from '../../openapi/scripts/contract/load-contract';
import { CONTRACT_PATH, GENERATED_DIR, PROJECT_ROOT, TEMPLATE_PATH } from '../../paths';
import { ensureTable } from '../dynamodb/create-table';
import { ALL_INTERFACES_WARNING } from '../dynamodb/dynamodb-launcher';
import { assertJavaAvailable } from '../dynamodb/dynamodb-local';
import type { DeadLetter } from '../event-sources/dead-letters';
import { startStreamDelivery } from '../event-sources/stream-delivery';
import { streamMappingsOf } from '../event-sources/stream-mappings';
import { type GatewayLogLine, startGateway } from '../gateway/gateway';
import { httpApiOf } from '../gateway/http-api';
import type { LambdaHandler } from '../gateway/lambda-invoke';
import { appClientOf } from '../issuer/app-client';
import { issuerSettingsOf, type TokenOptions } from '../issuer/local-issuer';
import { startOidcProvider } from '../issuer/oidc-provider';
import { recordedIssuer } from '../issuer/provider-record';
import { type WebAppConfig, webAppConfigOf } from '../issuer/web-app-config';
import { loadLocalFunctions } from '../lambda/local-functions';
import { bucketEventRulesOf, createBucketEventDelivery } from '../s3/bucket-events';
import { S3RVER_CREDENTIALS } from '../s3/s3-server';
import { startSupervisedDynamoDb, startSupervisedS3 } from '../supervision/local-dependencies';
import type { DependencyFailedError, RestartLimit } from '../supervision/supervisor';
import { watchContract } from './contract-watch';
import { lockDataDir } from './data-dir-lock';
import { freePort } from './free-port';
import { assertPortFree } from './listen';
import { type LocalParameters, localParameters, localValuesOf, providerUrlOf } from './local-parameters';
import { bucketCorsOf, readTemplate, templateFunctionsOf } from './local-template';

export interface LocalStackOptions {
  /** The API's port; 0 (the default) picks a free one. `npm start` passes PORT or 3000. */
  port?: number;
  /**
   * The OIDC provider's port, part of the issuer URL tokens must name. 0 (the default) takes the one
   * the last stack on this DATA_DIR had when it is free (so its tokens stay valid across a restart),
   * else a free one. `npm start` passes ISSUER_PORT or PORT + 1 (./local-parameters.ts).
   */
  issuerPort?: number;
  /** Where DynamoDB, S3, the signing key and the bundles live; `.data` by default. */
  dataDir?: string;
  /** Handlers by logical id (`UsersFunction`) instead of the template's bundled functions. */
  handlers?: Record<string, LambdaHandler>;
  /** Rebuild the functions when their sources change. */
  watch?: boolean;
  onReload?: (message: string) => void;
  /** Overrides the integration timeout of every route (503 after it). */
  integrationTimeoutMs?: number;
  /** Request log lines; JSON on stdout by default. */
  log?: (line: GatewayLogLine) => void;
  parameters?: Partial<LocalParameters>;
  /**
   * false: the table's stream reaches no function. Only for a stack that serves HTTP load while its
   * caller delivers the table's changes itself (bench/scaling counts every request an erasure costs).
   */
  tableChanges?: boolean;
  tableName?: string;
  bucket?: string;
  /**
   * What happens to DynamoDB Local and the local S3 when they die: each restart, and the give-up
   * (../supervision/supervisor.ts). On stderr by default.
   */
  onDependencyMessage?: (message: string) => void;
  /** A dependency kept dying: the stack has stopped itself. `npm start` exits non-zero. */
  onFailure?: (error: DependencyFailedError) => void;
  restartLimit?: RestartLimit;
}

export interface LocalStack {
  url: string;
  dataDir: string;
  tableName: string;
  bucket: string;
  endpoints: {
    dynamodb: string;
    s3: string;
    jwks: string;
    /** The OIDC issuer (`http://127.0.0.1:<issuer port>/<pool id>`), OIDC's authority. */
    issuer: string;
    /** Where the local user pool answers the Cognito API (`endpoint` of a CognitoIdentityProviderClient). */
    cognito: string;
  };
  /** The values of the web app's /config.json for this stack. */
  webAppConfig: WebAppConfig;
  /** The DynamoDB Local java process (a new one after a restart). */
  readonly dynamodbPid: number | undefined;
  /** The local S3's process (a new one after a restart). */
  readonly s3Pid: number | undefined;
  /** What a developer should know about how it runs (e.g. DynamoDB Local not on loopback only). */
  warnings: string[];
  /**
   * Resolves once the table's changes written so far have reached their functions, and nothing
   * they caused is still arriving (an erasure ran all its steps, say).
   */
  tableChangesIdle(): Promise<void>;
  /** Batches of table changes given up on (also on stderr and in `$DATA_DIR/dead-letters/`). */
  tableChangesDeadLetters(): readonly DeadLetter[];
  /**
   * Resolves once the functions have handled (or failed, or timed out on) every bucket event so far:
   * S3 answers an upload before its event has run, as on AWS.
   */
  bucketEventsIdle(): Promise<void>;
  /** A token the stack accepts, signed by the local issuer (1 hour unless told otherwise). */
  issueToken(sub: string, options?: TokenOptions): Promise<string>;
  /** The sub of the user who signs in to the provider under this name (created on first use). */
  subOf(signInName: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const dataDir = resolve(options.dataDir ?? process.env.DATA_DIR ?? '.data');
  const port = options.port ?? 0;
  const tableName = options.tableName ?? process.env.TABLE_NAME ?? 'SwiftyPlanner';
  const bucket = options.bucket ?? process.env.BUCKET_NAME ?? 'swiftyplanner-attachments';
  const issuerHint = 'Choose another one: ISSUER_PORT=<port> npm start';
  await assertPortFree(port, 'the local API', `Choose another one: PORT=${port + 1} npm start`);
  await assertPortFree(options.issuerPort ?? 0, 'the local OIDC provider', issuerHint);
  assertJavaAvailable(); // before anything is created or started

  // The issuer URL holds the provider's port: known first, so every local value can name it.
  const issuerPort = options.issuerPort || (await previousIssuerPort(dataDir)) || (await freePort());
  const userPoolId = localParameters(options.parameters).userPoolId;
  const parameters = localParameters({
    providerUrl: providerUrlOf(issuerPort, userPoolId),
    ...options.parameters,
  });
  const values = localValuesOf(parameters);
  const [contract, template] = await Promise.all([loadContract(CONTRACT_PATH), readTemplate(TEMPLATE_PATH)]);
  const api = httpApiOf(contract, values);
  const { apiScopes } = issuerSettingsOf(api);

  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
  };
  try {
    stops.push(await lockDataDir(dataDir));
    const provider = await startOidcProvider({
      dataDir,
      port: issuerPort,
      userPoolId,
      client: appClientOf(template, values),
      apiScopes,
      portHint: issuerHint,
    });
    stops.push(provider.close);
    // Ports first, so the functions' environment is known before their bundles are imported.
    const [dynamodbPort, s3Port] = [await freePort(), await freePort()];
    const endpoints = { dynamodb: `http://127.0.0.1:${dynamodbPort}`, s3: `http://127.0.0.1:${s3Port}` };
    stops.push(
      setEnvironment({
        TABLE_NAME: tableName,
        BUCKET_NAME: bucket,
        DYNAMODB_ENDPOINT: endpoints.dynamodb,
        S3_ENDPOINT: endpoints.s3,
        AWS_REGION: parameters.region,
        AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
        AWS_SESSION_TOKEN: undefined,
        USER_POOL_ID: parameters.userPoolId,
        USER_POOL_CLIENT_ID: parameters.userPoolClientId,
        COGNITO_IDP_ENDPOINT: provider.origin,
        // The SDK's notice that future versions need Node 22, once per bundle: Lambda runs 22 anyway.
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      }),
    );

    // The bucket's events reach the functions once they are loaded (nothing is uploaded before).
    let functionsLoaded: Awaited<ReturnType<typeof loadLocalFunctions>> | undefined;
    const bucketEvents = createBucketEventDelivery({
      rules: bucketEventRulesOf(template, { ...values, Bucket: bucket }),
      handlerOf: (id) => options.handlers?.[id] ?? functionsLoaded?.handlerOf(id),
      settingsOf: (id) => functionsLoaded?.settingsOf(id),
      region: parameters.region,
      accountId: parameters.accountId,
      onFailure: (message) => console.error(message),
    });

    // A dependency that keeps dying stops the stack, which says why (start.ts exits non-zero).
    const supervision = {
      report: options.onDependencyMessage ?? ((message: string) => console.error(message)),
      onGiveUp: (error: DependencyFailedError) => {
        void stopAll().then(() => options.onFailure?.(error));
      },
      ...(options.restartLimit ? { limit: options.restartLimit } : {}),
    };
    // The functions bundle while java starts: both take seconds, neither needs the other.
    const [dynamodb, s3, functions] = await allStarted([
      // Java is also killed if this process exits without stop().
      startSupervisedDynamoDb({ port: dynamodbPort, dbPath: join(dataDir, 'dynamodb') }, supervision).then(
        (started) => {
          stops.push(started.stop);
          return started;
        },
      ),
      startSupervisedS3(
        {
          directory: join(dataDir, 's3'),
          bucket,
          port: s3Port,
          cors: bucketCorsOf(template, values),
          onObjectCreated: bucketEvents.deliver,
        },
        supervision,
      ).then((started) => {
        stops.push(started.stop);
        return started;
      }),
      options.handlers
        ? undefined
        : loadLocalFunctions({
            functions: templateFunctionsOf(template, values),
            root: PROJECT_ROOT,
            outDir: join(dataDir, '.build'),
            watch: options.watch ?? false,
            ...(options.onReload ? { onReload: options.onReload } : {}),
          }).then((loaded) => {
            stops.push(loaded.close);
            return loaded;
          }),
    ]);
    functionsLoaded = functions;
    // Stops run in reverse: invocations still running end before S3 and DynamoDB Local stop.
    stops.push(bucketEvents.settled);

    const table = new DynamoDBClient({ endpoint: endpoints.dynamodb, region: parameters.region });
    await ensureTable(table, tableName).finally(() => table.destroy());
    // The table's stream to the functions, as the template's event source mappings say.
    const tableChanges = await startStreamDelivery({
      mappings: options.tableChanges === false ? [] : streamMappingsOf(template),
      endpoint: endpoints.dynamodb,
      region: parameters.region,
      accountId: parameters.accountId,
      tableNameOf: () => tableName,
      handlerOf: (id) => options.handlers?.[id] ?? functions?.handlerOf(id),
      settingsOf: (id) => functions?.settingsOf(id),
      dataDir,
      onFailure: (message) => console.error(message),
    });
    stops.push(tableChanges.close);
    const gateway = await startGateway({
      api,
      handlers: options.handlers ?? ((id) => functions?.handlerOf(id)),
      settingsOf: (id) => functions?.settingsOf(id),
      keys: createRemoteJWKSet(new URL(provider.jwksUri)),
      port,
      region: parameters.region,
      portHint: `Choose another one: PORT=${port + 1} npm start`,
      ...(options.integrationTimeoutMs !== undefined
        ? { integrationTimeoutMs: options.integrationTimeoutMs }
        : {}),
      ...(options.log ? { log: options.log } : {}),
    });
    stops.push(gateway.close);
    if (options.watch) {
      const contractWatch = watchContract({
        contractPath: CONTRACT_PATH,
        generatedDir: GENERATED_DIR,
        values,
        gateway,
        onReload: options.onReload ?? (() => undefined),
      });
      stops.push(async () => contractWatch.close());
    }

    return {
      url: gateway.url,
      dataDir,
      tableName,
      bucket,
      endpoints: {
        ...endpoints,
        jwks: provider.jwksUri,
        issuer: provider.issuer,
        cognito: provider.origin,
      },
      webAppConfig: webAppConfigOf({
        apiUrl: gateway.url,
        issuer: provider.issuer,
        clientId: provider.client.clientId,
        apiScopes,
      }),
      get dynamodbPid() {
        return dynamodb.current.pid;
      },
      get s3Pid() {
        return s3.current.pid;
      },
      warnings: dynamodb.current.loopbackOnly ? [] : [ALL_INTERFACES_WARNING],
      tableChangesIdle: () => tableChanges.idle(),
      tableChangesDeadLetters: () => tableChanges.deadLetters(),
      bucketEventsIdle: bucketEvents.idle,
      issueToken: (sub, tokenOptions) => provider.signer.issueToken(sub, tokenOptions),
      subOf: async (signInName) => (await provider.users.signIn(signInName)).sub,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** The port of the issuer last recorded on this DATA_DIR, when nothing listens there now. */
async function previousIssuerPort(dataDir: string): Promise<number | undefined> {
  const recorded = await recordedIssuer(dataDir);
  const port = recorded ? Number(new URL(recorded).port) : 0;
  if (!port) return undefined;
  return assertPortFree(port, 'the local OIDC provider').then(
    () => port,
    () => undefined,
  );
}

/**
 * Promise.all that waits for every part to settle before failing: a part still starting when another
 * fails would otherwise register its stop after the cleanup ran (an orphan java).
 */
async function allStarted<T extends readonly unknown[]>(
  starting: readonly [...{ [K in keyof T]: Promise<T[K]> | T[K] }],
): Promise<T> {
  const settled = await Promise.allSettled(starting);
  const failure = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) throw failure.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** Sets (or, for undefined, removes) environment variables; the returned function puts them back. */
function setEnvironment(variables: Record<string, string | undefined>): () => Promise<void> {
  const previous = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(variables);
  return async () => apply(previous);
}
