/**
 * Redocly plugin `gateway`: reports what API Gateway (HTTP API) would refuse or silently ignore on import
 * (./gateway-rules.js), and what would break a limit AWS publishes (./gateway-limits.js). Each rule here
 * reports the problems of one check at the node they name. Enabled in redocly.yaml as
 * `gateway/<rule>: error`.
 */
import { checkGatewayLimits, LIMIT_RULES } from './gateway-limits.js';
import { checkGatewayRules, GATEWAY_RULES } from './gateway-rules.js';

function ruleFor(id) {
  return () => ({
    Root: {
      leave(root, { report, location }) {
        for (const problem of [...checkGatewayRules(root), ...checkGatewayLimits(root)]) {
          if (problem.rule !== id) continue;
          report({ message: problem.message, location: location.child(problem.path) });
        }
      },
    },
  });
}

export default function gatewayPlugin() {
  return {
    id: 'gateway',
    rules: {
      oas3: Object.fromEntries([...GATEWAY_RULES, ...LIMIT_RULES].map((id) => [id, ruleFor(id)])),
    },
  };
}
