import { loadTemplate } from '../../../infra/template/template';

/** The Node.js major version Lambda runs the functions on (every function's Runtime in infra/template.yaml). */
export function lambdaNodeMajor(): number {
  const runtimes = new Set(
    Object.values(loadTemplate().Resources)
      .filter((r) => r.Type === 'AWS::Lambda::Function')
      .map((r) => String(r.Properties?.Runtime)),
  );
  const [runtime = '', ...others] = runtimes;
  if (others.length) throw new Error(`The functions run on different runtimes: ${[...runtimes].join(', ')}`);
  return Number(/^nodejs(\d+)\.x$/.exec(runtime)?.[1]);
}
