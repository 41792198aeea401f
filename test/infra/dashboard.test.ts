// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these are CloudFormation Fn::Sub strings, not JS templates
/**
 * The stage's CloudWatch dashboard: a JSON body CloudWatch can read, whose every metric, alarm and
 * log query names a resource of this stack, covering every function, alarm and function log group.
 */
import { describe, expect, it } from 'vitest';
import { loadTemplate } from '../../infra/template/template';
import { METRICS_NAMESPACE } from '../../src/http/request-log';
import { deployerStatements } from './support/deployer-policies';
import { evaluate } from './support/evaluate-template';
import { iamPatternMatches } from './support/iam-patterns';

const template = loadTemplate();

/** The resource type each namespace's metrics are about, and the dimension that names it. */
const METRIC_SOURCES: Record<string, { type: string; dimension: string }> = {
  'AWS/ApiGateway': { type: 'AWS::ApiGatewayV2::Api', dimension: 'ApiId' },
  'AWS/Lambda': { type: 'AWS::Lambda::Function', dimension: 'FunctionName' },
  'AWS/DynamoDB': { type: 'AWS::DynamoDB::Table', dimension: 'TableName' },
  // The functions' own metrics (src/http/request-log.ts), per API.
  [METRICS_NAMESPACE]: { type: 'AWS::ApiGatewayV2::Api', dimension: 'ApiId' },
};

interface Widget {
  type: 'metric' | 'alarm' | 'log';
  x: number;
  y: number;
  width: number;
  height: number;
  properties: { region?: string; metrics?: unknown[][]; alarms?: string[]; query?: string };
}

const dashboards = Object.entries(template.Resources).filter(
  ([, r]) => r.Type === 'AWS::CloudWatch::Dashboard',
);
const [, dashboard] = dashboards[0] ?? [];
/** `${Api}` → `<<Api>>`: the body as CloudFormation leaves it, references made visible. */
const written = (dashboard?.Properties?.DashboardBody ?? {}) as { 'Fn::Sub'?: string };
const body = String(written['Fn::Sub']).replace(/\$\{([\w:.]+)\}/g, '<<$1>>');
const widgets = (JSON.parse(body) as { widgets: Widget[] }).widgets;
const idsOfType = (type: string) =>
  Object.entries(template.Resources)
    .filter(([, r]) => r.Type === type)
    .map(([id]) => id);

describe('the dashboard of infra/template.yaml', () => {
  it('is one JSON body whose widgets fit the 24-column grid without overlapping', () => {
    expect(dashboards).toHaveLength(1);
    const cells = new Set<string>();
    for (const w of widgets) {
      expect(w.x + w.width).toBeLessThanOrEqual(24);
      for (let x = w.x; x < w.x + w.width; x++)
        for (let y = w.y; y < w.y + w.height; y++) {
          expect(cells.has(`${x},${y}`), `widgets overlap at ${x},${y}`).toBe(false);
          cells.add(`${x},${y}`);
        }
    }
  });

  it("plots only this stack's resources, in its region, with every function among them", () => {
    const plotted = new Set<string>();
    for (const widget of widgets.filter((w) => w.type === 'metric')) {
      expect(widget.properties.region).toBe('<<AWS::Region>>');
      for (const [namespace, , dimension, value] of widget.properties.metrics ?? []) {
        const source = METRIC_SOURCES[String(namespace)];
        expect(source, `a metric of ${String(namespace)}`).toBeDefined();
        expect(dimension).toBe(source?.dimension);
        const id = /^<<(\w+)>>$/.exec(String(value))?.[1] ?? '';
        expect(template.Resources[id]?.Type, `${String(value)} in ${String(namespace)}`).toBe(source?.type);
        plotted.add(id);
      }
    }
    for (const id of [...idsOfType('AWS::Lambda::Function'), ...idsOfType('AWS::DynamoDB::Table')])
      expect(plotted, id).toContain(id);
  });

  it('shows every alarm, and queries the log group of every function', () => {
    const alarms = widgets.flatMap((w) => w.properties.alarms ?? []);
    expect(alarms.sort()).toEqual(
      idsOfType('AWS::CloudWatch::Alarm')
        .map((id) => `<<${id}.Arn>>`)
        .sort(),
    );
    const query = widgets.find((w) => w.type === 'log')?.properties.query ?? '';
    const sources = [...query.matchAll(/SOURCE '<<(\w+)>>'/g)].map((m) => m[1]);
    const functionLogGroups = idsOfType('AWS::Logs::LogGroup').filter((id) =>
      Object.values(template.Resources).some(
        (r) =>
          r.Type === 'AWS::Lambda::Function' &&
          JSON.stringify(r.Properties?.LoggingConfig ?? {}).includes(`"${id}"`),
      ),
    );
    expect(functionLogGroups.length).toBeGreaterThan(0);
    expect(sources.sort()).toEqual(functionLogGroups.sort());
  });

  it("is named per stage and region, which the deployer's policy allows it to manage", () => {
    const name = String(evaluate(template, dashboard?.Properties?.DashboardName, { Stage: 'dev' })).replace(
      '${AWS::Region}',
      'eu-west-1',
    );
    const arn = `arn:aws:cloudwatch::123456789012:dashboard/${name}`;
    const allows = (action: string) =>
      deployerStatements().some(
        (s) =>
          ([] as string[]).concat(s.Action).includes(action) &&
          ([] as string[]).concat(s.Resource).some((pattern) => iamPatternMatches(pattern, arn)),
      );

    expect(name).toBe('swiftyplanner-dev-eu-west-1');
    for (const action of ['PutDashboard', 'GetDashboard', 'DeleteDashboards', 'ListTagsForResource'])
      expect(allows(`cloudwatch:${action}`), `cloudwatch:${action} on ${arn}`).toBe(true);
  });
});
