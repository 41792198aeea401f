/**
 * The web app's distribution as infra/template.yaml configures it, on loopback: each request's path
 * goes through the template's own routes function (AppRoutes), files are served with the Content-Type
 * and Cache-Control the deploy uploads them with (infra/deploy/app-files.ts), and every response
 * carries the headers of AppResponseHeadersPolicy, the Content-Security-Policy as given.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { cacheControlOf, contentTypeOf } from '../../../infra/deploy/app-files';
import type { CfnTemplate } from '../../../infra/template/template';
import { listen } from '../../../local/stack/listen';
import { props } from './template-edits';

export interface AppDistribution {
  url: string;
  /** The Content-Security-Policy of the next responses. */
  csp: string;
  close(): Promise<void>;
}

/** The security headers of AppResponseHeadersPolicy but the CSP, as CloudFront writes them. */
export function securityHeadersOf(template: CfnTemplate): Record<string, string> {
  const config = props(
    template,
    'AppResponseHeadersPolicy',
    'ResponseHeadersPolicyConfig',
    'SecurityHeadersConfig',
  );
  const hsts = config.StrictTransportSecurity as {
    AccessControlMaxAgeSec: number;
    IncludeSubdomains?: boolean;
    Preload?: boolean;
  };
  const frame = config.FrameOptions as { FrameOption: string };
  const referrer = config.ReferrerPolicy as { ReferrerPolicy: string };
  return {
    'strict-transport-security': [
      `max-age=${hsts.AccessControlMaxAgeSec}`,
      ...(hsts.IncludeSubdomains ? ['includeSubDomains'] : []),
      ...(hsts.Preload ? ['preload'] : []),
    ].join('; '),
    ...(config.ContentTypeOptions ? { 'x-content-type-options': 'nosniff' } : {}),
    'x-frame-options': frame.FrameOption,
    'referrer-policy': referrer.ReferrerPolicy,
  };
}

export async function serveAsDistribution(options: {
  template: CfnTemplate;
  /** The build, as `npm run build:web` writes it. */
  distDir: string;
  /** The stage's /config.json. */
  config: object;
  csp: string;
  port: number;
}): Promise<AppDistribution> {
  const code = String(props(options.template, 'AppRoutes').FunctionCode);
  const route = runInNewContext(`${code}; handler`) as (event: unknown) => { uri: string };
  const security = securityHeadersOf(options.template);
  const state = { csp: options.csp };
  const server = createServer((req, res) => {
    void (async () => {
      const headers = { ...security, 'content-security-policy': state.csp };
      const uri = route({
        version: '1.0',
        request: { method: req.method, uri: (req.url ?? '/').split('?')[0] },
      }).uri;
      const key = decodeURIComponent(uri.slice(1));
      const body =
        key === 'config.json'
          ? Buffer.from(JSON.stringify(options.config))
          : key.includes('..')
            ? undefined
            : await readFile(join(options.distDir, key)).catch(() => undefined);
      if (!body) {
        res.writeHead(404, headers).end();
        return;
      }
      res.writeHead(200, {
        ...headers,
        'content-type': contentTypeOf(key),
        'cache-control': cacheControlOf(key),
      });
      res.end(body);
    })().catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  const port = await listen(server, options.port, 'the app distribution');
  return {
    url: `http://127.0.0.1:${port}`,
    get csp() {
      return state.csp;
    },
    set csp(value: string) {
      state.csp = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
