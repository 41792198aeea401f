import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CfnTemplate, loadTemplate } from '../../infra/template/template';
import { METRICS_NAMESPACE, UNAVAILABLE_METRIC } from '../../src/http/request-log';
import { deployerStatements } from './support/deployer-policies';
import { evaluate } from './support/evaluate-template';
import { iamPatternMatches } from './support/iam-patterns';
import { templateWith } from './support/template-edits';

const template = loadTemplate();
const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';

/**
 * Which resource each namespace's metrics are about, and the dimension that names it. The functions'
 * own metrics (src/http/request-log.ts) carry the id of the API the request came through.
 */
const METRIC_SOURCES: Record<string, { type: string; dimension: string }> = {
  'AWS/ApiGateway': { type: 'AWS::ApiGatewayV2::Api', dimension: 'ApiId' },
  'AWS/Lambda': { type: 'AWS::Lambda::Function', dimension: 'FunctionName' },
  // A queue's Ref is its URL: the QueueName dimension takes Fn::GetAtt [Queue, QueueName].
  'AWS/SQS': { type: 'AWS::SQS::Queue', dimension: 'QueueName' },
  [METRICS_NAMESPACE]: { type: 'AWS::ApiGatewayV2::Api', dimension: 'ApiId' },
};

interface MetricSpec {
  Namespace?: unknown;
  MetricName?: unknown;
  Dimensions?: unknown;
}

/** The metrics an alarm reads: its own, or each MetricStat of its metric math. */
function metricsOf(properties: Record<string, unknown>): MetricSpec[] {
  const math = properties.Metrics as { MetricStat?: { Metric: MetricSpec } }[] | undefined;
  if (!math) return [properties as MetricSpec];
  return math.flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric] : []));
}

/** The periods of the metrics an alarm on metric math reads. */
function periodsOf(properties: Record<string, unknown>): unknown[] {
  const math = (properties.Metrics ?? []) as { MetricStat?: { Period?: unknown } }[];
  return math.flatMap((m) => (m.MetricStat ? [m.MetricStat.Period] : []));
}

/** "three" → 3, as the README's table writes a number of periods. */
const countOf = (word: string | undefined) =>
  ['one', 'two', 'three', 'four', 'five', 'six'].indexOf(word ?? '') + 1;

const alarmsOf = (t: CfnTemplate) =>
  Object.entries(t.Resources).filter(([, resource]) => resource.Type === 'AWS::CloudWatch::Alarm');
const topicId = (t: CfnTemplate = template) => {
  const topics = Object.entries(t.Resources).filter(([, r]) => r.Type === 'AWS::SNS::Topic');
  expect(topics).toHaveLength(1);
  return topics[0]?.[0] ?? '';
};

/** Problems of the template's alarms: each watches one of its resources and tells the topic. */
function alarmProblems(t: CfnTemplate): string[] {
  const problems: string[] = [];
  const topic = { Ref: topicId(t) };
  for (const [id, alarm] of alarmsOf(t)) {
    const p = alarm.Properties ?? {};
    for (const metric of metricsOf(p)) {
      const source = METRIC_SOURCES[String(metric.Namespace)];
      const dimensions = (metric.Dimensions ?? []) as {
        Name: string;
        Value: { Ref?: string; 'Fn::GetAtt'?: [string, string] };
      }[];
      const value = dimensions.find((d) => d.Name === source?.dimension)?.Value;
      const getAtt = value?.['Fn::GetAtt'];
      const watched = value?.Ref ?? (getAtt && getAtt[1] === source?.dimension ? getAtt[0] : undefined);
      if (!source || dimensions.length !== 1 || !watched || t.Resources[watched]?.Type !== source.type)
        problems.push(
          `${id}: its one dimension must be the ${source?.dimension ?? '?'} of a ${source?.type ?? '?'} here`,
        );
    }
    for (const actions of ['AlarmActions', 'OKActions'])
      if (JSON.stringify(p[actions]) !== JSON.stringify([topic]))
        problems.push(`${id}: ${actions} must be the topic`);
    if (p.TreatMissingData !== 'notBreaching') problems.push(`${id}: no requests is not an error`);
  }
  // Every function can fail on its own: each has an alarm on its Errors.
  for (const [id, resource] of Object.entries(t.Resources))
    if (
      resource.Type === 'AWS::Lambda::Function' &&
      !alarmsOf(t).some(
        ([, a]) =>
          a.Properties?.MetricName === 'Errors' &&
          JSON.stringify(a.Properties?.Dimensions).includes(`{"Ref":"${id}"}`),
      )
    )
      problems.push(`${id}: no alarm on its Errors`);
  return problems;
}

describe('the alarms of infra/template.yaml', () => {
  it('watch a resource of this stack each, notify the topic when they fire and when they clear, and cover every function', () => {
    expect(alarmsOf(template).length).toBeGreaterThanOrEqual(3);
    expect(alarmProblems(template)).toEqual([]);
  });

  it('catch an alarm that watches the wrong thing or tells nobody, and a function without an alarm', () => {
    // One alarm on a metric of its own, one on metric math.
    const [first, second] = [
      alarmsOf(template).find(([, a]) => a.Properties?.Namespace !== undefined)?.[0],
      alarmsOf(template).find(([, a]) => a.Properties?.Metrics !== undefined)?.[0],
    ];
    const broken = templateWith((t) => {
      const a = t.Resources[String(first)]?.Properties ?? {};
      a.Dimensions = [{ Name: 'FunctionName', Value: { Ref: 'Table' } }];
      const math = t.Resources[String(second)]?.Properties?.Metrics as {
        MetricStat?: { Metric: { Dimensions: unknown } };
      }[];
      const stat = math.find((m) => m.MetricStat)?.MetricStat;
      if (stat) stat.Metric.Dimensions = [{ Name: 'ApiId', Value: { Ref: 'Table' } }];
      delete t.Resources[String(second)]?.Properties?.OKActions;
      t.Resources.ThirdFunction = structuredClone(t.Resources.TodosFunction ?? { Type: '' });
    });
    const problems = alarmProblems(broken);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining(`${first}: its one dimension`),
        expect.stringContaining(`${second}: its one dimension`),
        expect.stringContaining(`${second}: OKActions`),
        'ThirdFunction: no alarm on its Errors',
      ]),
    );
  });

  it("fire on the first 5xx that is not a function's 503: 503 pressure is counted apart", () => {
    // Prepare
    const [, errors] = alarmsOf(template).find(([, alarm]) =>
      metricsOf(alarm.Properties ?? {}).some((m) => m.MetricName === '5xx'),
    ) ?? [undefined, undefined];
    const math = (errors?.Properties?.Metrics ?? []) as {
      Id: string;
      Expression?: string;
      ReturnData?: boolean;
      MetricStat?: { Metric: MetricSpec; Stat: string; Period: number };
    }[];
    const idOf = (namespace: string, name: string) =>
      math.find(
        (m) => m.MetricStat?.Metric.Namespace === namespace && m.MetricStat.Metric.MetricName === name,
      )?.Id;
    // Assess
    const answers5xx = idOf('AWS/ApiGateway', '5xx');
    const unavailable = idOf(METRICS_NAMESPACE, UNAVAILABLE_METRIC);
    expect(answers5xx).toBeDefined();
    expect(unavailable).toBeDefined();
    expect(math.filter((m) => m.ReturnData !== false)).toEqual([
      expect.objectContaining({ Expression: `FILL(${answers5xx}, 0) - FILL(${unavailable}, 0)` }),
    ]);
    for (const m of math.filter((m) => m.MetricStat)) expect(m.MetricStat?.Stat).toBe('Sum');
    expect(errors?.Properties).toMatchObject({
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it("are the alarms infra/README.md's table describes, with its period, and the 503 and latency alarms with their thresholds", () => {
    // The table: | `swiftyplanner-<stage>-api-5xx` | the API answered a 5xx ... |, under a header
    // "Fires when, in a 5-minute period".
    const readme = readFileSync(new URL('../../infra/README.md', import.meta.url), 'utf8');
    const rows = new Map(
      [...readme.matchAll(/^\| `(swiftyplanner-<stage>-[\w-]+)` +\| (.+?) +\|$/gm)].map((m) => [
        m[1],
        m[2] ?? '',
      ]),
    );
    const minutes = Number(/Fires when, in a (\d+)-minute period/.exec(readme)?.[1]);
    const alarms = alarmsOf(template).map(([, alarm]) => ({
      name: String(evaluate(template, alarm.Properties?.AlarmName, { Stage: '<stage>' })),
      p: alarm.Properties ?? {},
    }));

    expect([...rows.keys()].sort()).toEqual(alarms.map((a) => a.name).sort());
    // An alarm on metric math has its periods in each metric it reads.
    for (const { name, p } of alarms)
      for (const period of p.Metrics ? periodsOf(p) : [p.Period]) expect(period, name).toBe(minutes * 60);
    // "the functions answered 503 at least 10 times in each of two 5-minute periods running"
    const pressure = alarms.find((a) => a.p.MetricName === UNAVAILABLE_METRIC);
    const [, times, pressurePeriods] =
      /at least (\d+) times in each of (\w+) /.exec(rows.get(pressure?.name ?? '') ?? '') ?? [];
    expect(pressure?.p).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      Statistic: 'Sum',
      Threshold: Number(times),
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: countOf(pressurePeriods),
      DatapointsToAlarm: countOf(pressurePeriods),
    });
    // "the API's p99 latency was over 2 s in each of three 5-minute periods running"
    const latency = alarms.find((a) => a.p.MetricName === 'Latency');
    const [, seconds, periods] =
      /over (\d+) s in each of (\w+) /.exec(rows.get(latency?.name ?? '') ?? '') ?? [];
    const count = countOf(periods);
    expect(latency?.p).toMatchObject({
      Threshold: Number(seconds) * 1000,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: count,
      DatapointsToAlarm: count,
    });
  });

  it('email AlarmEmail only when one is given', () => {
    const subscriptions = Object.entries(template.Resources).filter(
      ([, r]) => r.Type === 'AWS::SNS::Subscription',
    );
    expect(subscriptions).toHaveLength(1);
    const [, subscription] = subscriptions[0] ?? [];
    expect(subscription?.Properties).toMatchObject({ Protocol: 'email', Endpoint: { Ref: 'AlarmEmail' } });
    const created = (email: string) =>
      evaluate(template, { 'Fn::If': [subscription?.Condition, true, false] }, { AlarmEmail: email });
    expect(created('')).toBe(false);
    expect(created('ops@example.com')).toBe(true);
  });

  it("are named so the deployer's policies allow creating, reading, tagging and deleting them (stage dev)", () => {
    const statements = deployerStatements();
    const allows = (action: string, arn: string) =>
      statements.some(
        (s) =>
          ([] as string[]).concat(s.Action).includes(action) &&
          ([] as string[]).concat(s.Resource).some((pattern) => iamPatternMatches(pattern, arn)),
      );
    const name = (id: string, property: string) =>
      String(evaluate(template, template.Resources[id]?.Properties?.[property], { Stage: 'dev' }));
    for (const [id] of alarmsOf(template)) {
      const arn = `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${name(id, 'AlarmName')}`;
      for (const action of [
        'PutMetricAlarm',
        'DescribeAlarms',
        'DeleteAlarms',
        'TagResource',
        'ListTagsForResource',
      ])
        expect(allows(`cloudwatch:${action}`, arn), `cloudwatch:${action} on ${arn}`).toBe(true);
    }
    const topicArn = `arn:aws:sns:${REGION}:${ACCOUNT}:${name(topicId(), 'TopicName')}`;
    for (const action of [
      'CreateTopic',
      'GetTopicAttributes',
      'Subscribe',
      'DeleteTopic',
      'ListSubscriptionsByTopic',
    ])
      expect(allows(`sns:${action}`, topicArn), `sns:${action} on ${topicArn}`).toBe(true);
    // A subscription's ARN is its topic's followed by an id.
    const subscriptionArn = `${topicArn}:0a1b2c3d-0000-1111-2222-333344445555`;
    for (const action of ['Unsubscribe', 'GetSubscriptionAttributes'])
      expect(allows(`sns:${action}`, subscriptionArn), `sns:${action} on ${subscriptionArn}`).toBe(true);
    // And nothing outside the project's prefix.
    expect(allows('cloudwatch:DeleteAlarms', `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:billing`)).toBe(
      false,
    );
  });
});
