import { type CfnTemplate, loadTemplate } from '../../../infra/template/template';

/** A deep copy of the real template (or another one) with one change, to show that a check catches it. */
export function templateWith(
  change: (template: CfnTemplate) => void,
  load: () => CfnTemplate = loadTemplate,
): CfnTemplate {
  const template = structuredClone(load());
  change(template);
  return template;
}

/** The object at Resources/<logicalId>/Properties/<path...>, to change or inspect. */
export function props(
  template: CfnTemplate,
  logicalId: string,
  ...path: (string | number)[]
): Record<string, unknown> {
  let node: unknown = template.Resources[logicalId]?.Properties;
  for (const key of path) node = (node as Record<string | number, unknown> | undefined)?.[key];
  if (typeof node !== 'object' || node === null)
    throw new Error(`No object at ${logicalId}/${path.join('/')}`);
  return node as Record<string, unknown>;
}
