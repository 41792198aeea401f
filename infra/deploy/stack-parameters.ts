import type { Parameter, Stack } from '@aws-sdk/client-cloudformation';
import type { AppOrigins } from './app-origins';
import type { DeployArgs } from './args';
import type { UploadedArtifacts } from './artifacts';

/**
 * Every parameter explicitly: the artifacts always, options when given, otherwise the stack's
 * previous value on update (so a deploy without --domain keeps the domain) or the template default.
 * A parameter no option sets (LogLevel, the throttling limits, set in the console during an
 * incident) keeps its previous value too: an UPDATE change set gives an omitted parameter its
 * default, unlike `aws cloudformation deploy`. One the template no longer declares is left out.
 */
export function stackParameters(
  args: DeployArgs,
  bucket: string,
  uploaded: UploadedArtifacts,
  previous: Stack | undefined,
  declared: ReadonlySet<string>,
  origins: AppOrigins,
): Parameter[] {
  const previousKeys = new Set((previous?.Parameters ?? []).map((p) => p.ParameterKey));
  const optional = (key: string, value: string | undefined): Parameter[] => {
    if (value !== undefined) return [{ ParameterKey: key, ParameterValue: value }];
    return previousKeys.has(key) ? [{ ParameterKey: key, UsePreviousValue: true }] : [];
  };
  const parameters: Parameter[] = [
    { ParameterKey: 'Stage', ParameterValue: args.stage },
    { ParameterKey: 'ArtifactsBucket', ParameterValue: bucket },
    { ParameterKey: 'ContractLocation', ParameterValue: uploaded.contractLocation },
    ...Object.entries(uploaded.codeKeys).map(([key, value]) => ({
      ParameterKey: key,
      ParameterValue: value,
    })),
    { ParameterKey: 'AllowedOrigins', ParameterValue: origins.allowedOrigins.join(',') },
    { ParameterKey: 'AppUrls', ParameterValue: origins.appUrls.join(',') },
    ...optional('DomainName', args.domain),
    ...optional('CertificateArn', args.certificateArn),
    ...optional('AppDomainName', args.appDomain),
    ...optional('AppCertificateArn', args.appCertificateArn),
    ...optional(
      'DeletionProtection',
      args.deletionProtection === undefined ? undefined : String(args.deletionProtection),
    ),
    ...optional('AlarmEmail', args.alarmEmail),
  ];
  const given = new Set(parameters.map((p) => p.ParameterKey));
  const kept = [...previousKeys].filter(
    (key): key is string => key !== undefined && !given.has(key) && declared.has(key),
  );
  return [...parameters, ...kept.map((key) => ({ ParameterKey: key, UsePreviousValue: true }))];
}
