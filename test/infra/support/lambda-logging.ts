/**
 * How Lambda applies a function's LoggingConfig, as documented (AWS Lambda Developer Guide, "Log-level
 * filtering" and "Configuring advanced logging controls"; API reference, LoggingConfig):
 * - LogFormat is JSON or Text (Text by default); log levels need JSON, Lambda refuses them with Text;
 * - ApplicationLogLevel is one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL; SystemLogLevel one of DEBUG,
 *   INFO, WARN;
 * - with JSON, Lambda sends only application lines at the configured level or less detailed (INFO when
 *   none is configured), reading a JSON line's `level` (a missing or unknown level counts as INFO);
 * - when a level is configured, Lambda tells the runtime through AWS_LAMBDA_LOG_LEVEL (and the format
 *   through AWS_LAMBDA_LOG_FORMAT), which Powertools' logger obeys over POWERTOOLS_LOG_LEVEL.
 */
const APPLICATION_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
const SYSTEM_LEVELS = ['DEBUG', 'INFO', 'WARN'];

export interface AppliedLogging {
  /** The variables Lambda adds to the function's environment. */
  environment: Record<string, string>;
  /** Whether Lambda sends a line the function wrote to its log group. */
  delivers(line: string): boolean;
}

export function applyLoggingConfig(loggingConfig: Record<string, unknown> | undefined): AppliedLogging {
  const format = loggingConfig?.LogFormat ?? 'Text';
  const application = loggingConfig?.ApplicationLogLevel;
  const system = loggingConfig?.SystemLogLevel;
  if (format !== 'JSON' && format !== 'Text')
    throw new Error(`LogFormat ${String(format)} is not JSON or Text`);
  if (format !== 'JSON' && (application !== undefined || system !== undefined))
    throw new Error('Lambda refuses ApplicationLogLevel and SystemLogLevel unless LogFormat is JSON');
  if (application !== undefined && !APPLICATION_LEVELS.includes(application as never))
    throw new Error(
      `ApplicationLogLevel ${String(application)} is not one of ${APPLICATION_LEVELS.join(', ')}`,
    );
  if (system !== undefined && !SYSTEM_LEVELS.includes(String(system)))
    throw new Error(`SystemLogLevel ${String(system)} is not one of ${SYSTEM_LEVELS.join(', ')}`);
  if (format === 'Text') return { environment: {}, delivers: () => true };

  const threshold = rank(typeof application === 'string' ? application : 'INFO');
  const environment: Record<string, string> = { AWS_LAMBDA_LOG_FORMAT: 'JSON' };
  if (typeof application === 'string') environment.AWS_LAMBDA_LOG_LEVEL = application;
  return { environment, delivers: (line) => rank(levelOf(line)) >= threshold };
}

function levelOf(line: string): string {
  try {
    const level = (JSON.parse(line) as { level?: unknown }).level;
    return typeof level === 'string' && APPLICATION_LEVELS.includes(level.toUpperCase() as never)
      ? level.toUpperCase()
      : 'INFO';
  } catch {
    return 'INFO';
  }
}

function rank(level: string): number {
  return APPLICATION_LEVELS.indexOf(level as (typeof APPLICATION_LEVELS)[number]);
}
