import { parseArgs } from 'node:util';
import { UsageError } from './errors';

export interface DeployArgs {
  stage: string;
  region?: string;
  /** Undefined: keep what the stack has (or the template default on first deploy). */
  allowedOrigins?: string[];
  /** `''` removes a custom domain; undefined keeps what the stack has. */
  domain?: string;
  certificateArn?: string;
  /** The web app's own name (CloudFront alias); `''` removes it; undefined keeps what the stack has. */
  appDomain?: string;
  /** ACM certificate for appDomain, in us-east-1. */
  appCertificateArn?: string;
  deletionProtection?: boolean;
  /** `''` removes the alarms' email subscription; undefined keeps what the stack has. */
  alarmEmail?: string;
  /** Skip asking the deployed API for its version and a 401 (./api-check.ts). */
  skipApiCheck?: boolean;
  /** Execute a change set that replaces or removes the table, the user pool or the bucket. */
  allowReplacement?: boolean;
  /** Only rehearse the contract's import for the stage (./import-rehearsal.ts); deploy nothing. */
  checkImport?: boolean;
  /** Only print the stage's permissions boundary (./permissions-boundary.ts); no AWS call. */
  printBoundary?: boolean;
}

export interface DestroyArgs {
  stage: string;
  region?: string;
  yes: boolean;
}

export const DEPLOY_USAGE = `Usage: npm run deploy -- --stage <stage> [options]

  --stage <name>               stack swiftyplanner-<name>; lower-case letters, digits, '-' (required)
  --region <region>            AWS region (default: AWS_REGION or your profile's region)
  --allowed-origins <list>     more browser origins for CORS and sign-in than the web app's own (which
                               is always allowed), comma-separated, e.g. http://localhost:5173; '' for
                               none but the app's own
  --domain <host>              custom domain, e.g. api.example.com ('' removes it)
  --certificate-arn <arn>      ACM certificate for --domain, in the same region
  --app-domain <host>          the web app's own name, e.g. app.example.com ('' removes it; without
                               one the app is at CloudFront's d….cloudfront.net, the AppUrl output)
  --app-certificate-arn <arn>  ACM certificate for --app-domain, in us-east-1 (CloudFront's region)
  --deletion-protection <bool> protect the table and user pool from deletion (default true)
  --alarm-email <address>      email the stack's alarms notify (SNS asks it to confirm; '' removes it)
  --skip-api-check             do not call the deployed API afterwards (GET /health, GET /todos: 401)
  --allow-replacement          execute even if the change set replaces or removes the table, the user
                               pool or the bucket (without it, such a deploy stops before executing)
  --check-import               only import the contract, resolved for the stage, into API Gateway with
                               FailOnWarnings, print its warnings and delete it again (a deploy that
                               creates a stage does this first)
  --print-boundary             only print the stage's permissions boundary policy, for an administrator
                               to publish as swiftyplanner-<stage>-function-boundary (infra/README.md)
  --help                       this text`;

export const DESTROY_USAGE = `Usage: npm run destroy -- --stage <stage> [--region <region>] [--yes]

  Empties the attachments bucket and deletes the stack swiftyplanner-<stage>. The table and the
  user pool are retained (they hold users' data); the command prints how to delete them.
  --yes   do not ask for confirmation`;

const STAGE = /^[a-z][a-z0-9-]{0,19}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/;
/** The template's AlarmEmail pattern, so a typo stops here and not in CloudFormation. */
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** `undefined` for --help: the caller prints the usage. */
export function parseDeployArgs(argv: string[]): DeployArgs | undefined {
  const { values } = parse(argv, {
    stage: { type: 'string' },
    region: { type: 'string' },
    'allowed-origins': { type: 'string' },
    domain: { type: 'string' },
    'certificate-arn': { type: 'string' },
    'app-domain': { type: 'string' },
    'app-certificate-arn': { type: 'string' },
    'deletion-protection': { type: 'string' },
    'alarm-email': { type: 'string' },
    'skip-api-check': { type: 'boolean' },
    'allow-replacement': { type: 'boolean' },
    'check-import': { type: 'boolean' },
    'print-boundary': { type: 'boolean' },
    help: { type: 'boolean' },
  });
  if (values.help) return undefined;
  const args: DeployArgs = { stage: stageOf(values.stage), region: regionOf(values.region) };
  if (values['check-import']) args.checkImport = true;
  if (values['print-boundary']) args.printBoundary = true;
  if (values['skip-api-check']) args.skipApiCheck = true;
  if (values['allow-replacement']) args.allowReplacement = true;
  if (values['allowed-origins'] !== undefined) args.allowedOrigins = originsOf(values['allowed-origins']);
  const domain = values.domain?.trim().toLowerCase();
  const certificateArn = values['certificate-arn']?.trim();
  if (domain) {
    if (!HOST.test(domain))
      throw new UsageError(`--domain ${domain} is not a host name like api.example.com`);
    if (!certificateArn)
      throw new UsageError(
        `--domain ${domain} needs --certificate-arn: the ACM certificate for it, in the stack's region ` +
          '(infra/README.md shows how to import a Cloudflare origin certificate)',
      );
  }
  if (certificateArn && !domain) throw new UsageError('--certificate-arn only goes with --domain');
  if (certificateArn && !CERTIFICATE_ARN.test(certificateArn))
    throw new UsageError(
      `--certificate-arn ${certificateArn} is not an ACM certificate ARN (arn:aws:acm:...)`,
    );
  if (domain !== undefined) {
    args.domain = domain;
    args.certificateArn = domain ? certificateArn : '';
  }
  Object.assign(args, appDomainOf(values['app-domain'], values['app-certificate-arn'], args.domain));
  const protection = values['deletion-protection'];
  if (protection !== undefined) {
    if (protection !== 'true' && protection !== 'false')
      throw new UsageError(`--deletion-protection takes true or false, not ${protection}`);
    args.deletionProtection = protection === 'true';
  }
  const alarmEmail = values['alarm-email']?.trim();
  if (alarmEmail !== undefined) {
    if (alarmEmail && !EMAIL.test(alarmEmail))
      throw new UsageError(
        `--alarm-email ${alarmEmail} is not an email address ('' removes the subscription)`,
      );
    args.alarmEmail = alarmEmail;
  }
  return args;
}

export function parseDestroyArgs(argv: string[]): DestroyArgs | undefined {
  const { values } = parse(argv, {
    stage: { type: 'string' },
    region: { type: 'string' },
    yes: { type: 'boolean', short: 'y' },
    help: { type: 'boolean' },
  });
  if (values.help) return undefined;
  return { stage: stageOf(values.stage), region: regionOf(values.region), yes: values.yes === true };
}

/** The stack of a stage. */
export function stackNameOf(stage: string): string {
  return `swiftyplanner-${stage}`;
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

function parse<O extends Options>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)} (see --help)`, {
      cause: error,
    });
  }
}

function stageOf(stage: string | undefined): string {
  if (!stage) throw new UsageError('--stage is required, e.g. --stage dev');
  if (!STAGE.test(stage))
    throw new UsageError(
      `--stage ${stage}: use 1-20 lower-case letters, digits or '-', starting with a letter`,
    );
  return stage;
}

function regionOf(region: string | undefined): string | undefined {
  if (region !== undefined && !REGION.test(region))
    throw new UsageError(`--region ${region} is not an AWS region name like eu-west-1`);
  return region;
}

/** CloudFront takes the certificates of its alternate domain names from ACM in us-east-1 only. */
function appDomainOf(
  given: string | undefined,
  certificateGiven: string | undefined,
  apiDomain: string | undefined,
): Pick<DeployArgs, 'appDomain' | 'appCertificateArn'> {
  const appDomain = given?.trim().toLowerCase();
  const certificateArn = certificateGiven?.trim();
  if (certificateArn && !appDomain) throw new UsageError('--app-certificate-arn only goes with --app-domain');
  if (appDomain === undefined) return {};
  if (appDomain === '') return { appDomain: '', appCertificateArn: '' };
  if (!HOST.test(appDomain))
    throw new UsageError(`--app-domain ${appDomain} is not a host name like app.example.com`);
  if (appDomain === apiDomain)
    throw new UsageError(
      `--app-domain and --domain are both ${appDomain}: the app and the API need a name each`,
    );
  if (!certificateArn)
    throw new UsageError(
      `--app-domain ${appDomain} needs --app-certificate-arn: an ACM certificate for it in us-east-1, where ` +
        'CloudFront takes its certificates from (infra/README.md, The web app)',
    );
  if (!CERTIFICATE_ARN.test(certificateArn))
    throw new UsageError(
      `--app-certificate-arn ${certificateArn} is not an ACM certificate ARN (arn:aws:acm:us-east-1:...)`,
    );
  const region = certificateArn.split(':')[3];
  if (region !== 'us-east-1')
    throw new UsageError(
      `--app-certificate-arn is in ${region}: CloudFront uses ACM certificates from us-east-1 only. Request or ` +
        `import one for ${appDomain} there (aws acm request-certificate --region us-east-1 ...).`,
    );
  return { appDomain, appCertificateArn: certificateArn };
}

function originsOf(list: string): string[] {
  const origins = list
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  // '' leaves the web app's own origin alone (infra/deploy/app-origins.ts).
  for (const origin of origins) {
    if (origin === '*') continue;
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.origin !== origin)
      throw new UsageError(
        `--allowed-origins: ${origin} is not an origin like https://app.example.com (no path)`,
      );
  }
  return origins;
}
