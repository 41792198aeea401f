/**
 * The LogLevel parameter reaches the functions: each function's configuration, resolved for a stage
 * and applied the way Lambda applies it (./support/lambda-logging.ts), runs the functions' own
 * Powertools logger in a fresh process, and only what Lambda would deliver is kept.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadTemplate } from '../../infra/template/template';
import { evaluate } from './support/evaluate-template';
import { applyLoggingConfig } from './support/lambda-logging';

const run = promisify(execFile);
const template = loadTemplate();
const functions = Object.entries(template.Resources)
  .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function')
  .map(([id]) => id);
const logEachLevel = fileURLToPath(new URL('./fixtures/log-each-level.ts', import.meta.url));

/** The messages of the lines a function writes at each level, as CloudWatch Logs would receive them. */
async function deliveredLines(
  functionId: string,
  logLevel: string,
): Promise<{ level: string; message: string }[]> {
  const properties = evaluate(template, template.Resources[functionId]?.Properties, {
    Stage: 'dev',
    LogLevel: logLevel,
  }) as { LoggingConfig?: Record<string, unknown>; Environment?: { Variables?: Record<string, unknown> } };
  const lambda = applyLoggingConfig(properties.LoggingConfig);
  // The function's own variables (resources stay unresolved; only strings reach the process), then Lambda's.
  const variables = Object.fromEntries(
    Object.entries(properties.Environment?.Variables ?? {}).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
  const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', logEachLevel], {
    env: { PATH: process.env.PATH, ...variables, ...lambda.environment },
  });
  // Lambda takes stdout and stderr alike (Powertools writes WARN and ERROR to stderr).
  return `${stdout}${stderr}`
    .split('\n')
    .filter((line) => line.trim() !== '' && lambda.delivers(line))
    .map((line) => JSON.parse(line) as { level: string; message: string });
}

describe.each(functions)('%s, deployed with a LogLevel', (functionId) => {
  it('logs DEBUG lines with LogLevel=DEBUG: Lambda filters at the parameter, not at its INFO default', async () => {
    const lines = await deliveredLines(functionId, 'DEBUG');

    expect(lines.map((line) => line.level)).toEqual(['DEBUG', 'INFO', 'WARN', 'ERROR']);
  });

  it('keeps only errors with LogLevel=ERROR', async () => {
    const lines = await deliveredLines(functionId, 'ERROR');

    expect(lines.map((line) => line.message)).toEqual(['an error line']);
  });

  it('sets the level only where Lambda accepts it: JSON logs, a level Lambda knows', () => {
    for (const level of template.Parameters?.LogLevel?.AllowedValues ?? []) {
      const properties = evaluate(template, template.Resources[functionId]?.Properties, {
        LogLevel: String(level),
      }) as { LoggingConfig?: Record<string, unknown> };
      expect(() => applyLoggingConfig(properties.LoggingConfig)).not.toThrow();
      expect(properties.LoggingConfig?.ApplicationLogLevel).toBe(level);
    }
  });
});

describe('the model of Lambda logging the tests above rely on', () => {
  it('refuses a log level without JSON logs, and levels Lambda does not know', () => {
    expect(() => applyLoggingConfig({ LogFormat: 'Text', ApplicationLogLevel: 'DEBUG' })).toThrow(/JSON/);
    expect(() => applyLoggingConfig({ LogFormat: 'JSON', ApplicationLogLevel: 'VERBOSE' })).toThrow(
      /VERBOSE/,
    );
    expect(() => applyLoggingConfig({ LogFormat: 'JSON', SystemLogLevel: 'ERROR' })).toThrow(/ERROR/);
  });

  it('delivers JSON lines at INFO and above when no level is set, and counts a line without a level as INFO', () => {
    const lambda = applyLoggingConfig({ LogFormat: 'JSON' });

    expect(lambda.environment).toEqual({ AWS_LAMBDA_LOG_FORMAT: 'JSON' });
    expect(lambda.delivers('{"level":"DEBUG"}')).toBe(false);
    expect(lambda.delivers('{"level":"INFO"}')).toBe(true);
    expect(lambda.delivers('not json')).toBe(true);
  });
});
