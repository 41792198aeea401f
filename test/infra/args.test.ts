import { describe, expect, it } from 'vitest';
import { parseDeployArgs, parseDestroyArgs } from '../../infra/deploy/args';
import { UsageError } from '../../infra/deploy/errors';
import { loadTemplate } from '../../infra/template/template';

const CERTIFICATE = 'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-0000-1111-2222-333344445555';
const APP_CERTIFICATE = CERTIFICATE.replace('eu-west-1', 'us-east-1');

describe('parseDeployArgs', () => {
  it('reads every option', () => {
    // Act
    const args = parseDeployArgs([
      '--stage',
      'prod',
      '--region',
      'eu-west-1',
      '--allowed-origins',
      'https://app.example.com, http://localhost:5173',
      '--domain',
      'API.example.com',
      '--certificate-arn',
      CERTIFICATE,
      '--deletion-protection',
      'false',
      '--alarm-email',
      ' ops@example.com ',
      '--skip-api-check',
    ]);

    // Assess
    expect(args).toEqual({
      stage: 'prod',
      region: 'eu-west-1',
      allowedOrigins: ['https://app.example.com', 'http://localhost:5173'],
      domain: 'api.example.com',
      certificateArn: CERTIFICATE,
      deletionProtection: false,
      alarmEmail: 'ops@example.com',
      skipApiCheck: true,
    });
  });

  it('leaves options not given undefined, so an update keeps their previous values', () => {
    expect(parseDeployArgs(['--stage', 'dev'])).toEqual({ stage: 'dev', region: undefined });
  });

  it('reads --check-import, which only rehearses the import', () => {
    expect(parseDeployArgs(['--stage', 'dev', '--check-import'])).toEqual({
      stage: 'dev',
      region: undefined,
      checkImport: true,
    });
  });

  it("reads --print-boundary, which only prints the stage's permissions boundary", () => {
    expect(parseDeployArgs(['--stage', 'prod', '--print-boundary'])).toEqual({
      stage: 'prod',
      region: undefined,
      printBoundary: true,
    });
  });

  it("removes the custom domain with --domain ''", () => {
    expect(parseDeployArgs(['--stage', 'dev', '--domain', ''])).toMatchObject({
      domain: '',
      certificateArn: '',
    });
  });

  it("reads the web app's own name and its us-east-1 certificate; --app-domain '' removes the name", () => {
    const certificate = APP_CERTIFICATE;
    expect(
      parseDeployArgs([
        '--stage',
        'dev',
        '--app-domain',
        'App.Example.com',
        '--app-certificate-arn',
        certificate,
      ]),
    ).toMatchObject({ appDomain: 'app.example.com', appCertificateArn: certificate });
    expect(parseDeployArgs(['--stage', 'dev', '--app-domain', ''])).toMatchObject({
      appDomain: '',
      appCertificateArn: '',
    });
  });

  it("takes --allowed-origins '' as no origin but the web app's own", () => {
    expect(parseDeployArgs(['--stage', 'dev', '--allowed-origins', ''])).toMatchObject({
      allowedOrigins: [],
    });
  });

  it("removes the alarms' email subscription with --alarm-email ''", () => {
    expect(parseDeployArgs(['--stage', 'dev', '--alarm-email', ''])).toMatchObject({ alarmEmail: '' });
  });

  it("accepts exactly the addresses the template's AlarmEmail pattern accepts", () => {
    const pattern = new RegExp(String(loadTemplate().Parameters?.AlarmEmail?.AllowedPattern));
    for (const address of [
      'ops@example.com',
      'a.b+alarms@mail.example.co',
      'ops@example',
      'ops example@x.io',
      '@x.io',
      'a@b@c.io',
    ]) {
      const accepted = (() => {
        try {
          parseDeployArgs(['--stage', 'dev', '--alarm-email', address]);
          return true;
        } catch {
          return false;
        }
      })();
      expect(accepted, address).toBe(pattern.test(address));
    }
    expect(pattern.test(''), 'the template default').toBe(true);
  });

  it('returns undefined for --help', () => {
    expect(parseDeployArgs(['--help'])).toBeUndefined();
  });

  it.each([
    [[], /--stage is required/],
    [['--stage', 'Dev'], /--stage Dev: use 1-20 lower-case letters/],
    [['--stage', 'dev', '--region', 'europe'], /not an AWS region name/],
    [['--stage', 'dev', '--allowed-origins', 'https://app.example.com/path'], /not an origin/],
    [['--stage', 'dev', '--domain', 'api.example.com'], /needs --certificate-arn/],
    [['--stage', 'dev', '--certificate-arn', CERTIFICATE], /only goes with --domain/],
    [
      ['--stage', 'dev', '--domain', 'api.example.com', '--certificate-arn', 'arn:aws:iam::1:x'],
      /not an ACM certificate/,
    ],
    [['--stage', 'dev', '--app-domain', 'app.example.com'], /needs --app-certificate-arn: .* us-east-1/],
    [
      ['--stage', 'dev', '--app-domain', 'app.example.com', '--app-certificate-arn', CERTIFICATE],
      /is in eu-west-1: CloudFront uses ACM certificates from us-east-1 only/,
    ],
    [['--stage', 'dev', '--app-certificate-arn', APP_CERTIFICATE], /only goes with --app-domain/],
    [['--stage', 'dev', '--app-domain', 'app_example'], /not a host name/],
    [
      [
        ...['--stage', 'dev', '--domain', 'x.example.com', '--certificate-arn', CERTIFICATE],
        ...['--app-domain', 'x.example.com', '--app-certificate-arn', APP_CERTIFICATE],
      ],
      /the app and the API need a name each/,
    ],
    [['--stage', 'dev', '--deletion-protection', 'maybe'], /takes true or false/],
    [['--stage', 'dev', '--alarm-email', 'ops@example'], /not an email address/],
    [['--stage', 'dev', '--colour', 'blue'], /Unknown option '--colour'/],
  ])('refuses %j with a message that names the fix', (argv, message) => {
    expect(() => parseDeployArgs(argv)).toThrow(UsageError);
    expect(() => parseDeployArgs(argv)).toThrow(message);
  });
});

describe('parseDestroyArgs', () => {
  it('reads --stage, --region and --yes', () => {
    expect(parseDestroyArgs(['--stage', 'dev', '--yes', '--region', 'us-east-1'])).toEqual({
      stage: 'dev',
      region: 'us-east-1',
      yes: true,
    });
    expect(parseDestroyArgs(['--stage', 'dev'])).toEqual({ stage: 'dev', region: undefined, yes: false });
  });
});
