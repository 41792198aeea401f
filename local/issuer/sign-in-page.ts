/**
 * The local provider's pages: a plain "Sign in as" form (a user name, no password; no script) in
 * place of Cognito's managed login, and the page for requests it cannot send back to the app.
 * Accessible as they stand: a labelled field, errors tied to it and announced, a visible focus.
 */
import { escapeHtml } from './provider-http';

const STYLE = `
  body { font-family: system-ui, sans-serif; margin: 0; padding: 2rem 1rem; background: #f6f7f9; color: #1b1f24; }
  main { max-width: 24rem; margin: 0 auto; background: #fff; padding: 1.5rem; border-radius: 0.5rem; border: 1px solid #d0d5dc; }
  h1 { font-size: 1.4rem; margin-top: 0; }
  label { display: block; font-weight: 600; margin-bottom: 0.25rem; }
  input { box-sizing: border-box; width: 100%; font-size: 1rem; padding: 0.5rem; border: 1px solid #5c6670; border-radius: 0.25rem; }
  input[aria-invalid="true"] { border-color: #b3261e; }
  button { margin-top: 1rem; font-size: 1rem; padding: 0.5rem 1rem; border: 0; border-radius: 0.25rem; background: #0b57d0; color: #fff; cursor: pointer; }
  :focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
  .hint { color: #444c56; font-size: 0.9rem; }
  .error { color: #b3261e; font-weight: 600; }
`;

function page(title: string, content: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${content}
</main>
</body>
</html>
`;
}

export interface SignInPageOptions {
  /** The authorize request's parameters, carried through the form as hidden fields. */
  request: Record<string, string>;
  username?: string;
  error?: string;
}

export function signInPage({ request, username = '', error }: SignInPageOptions): string {
  const hidden = Object.entries(request)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
  const described = error ? 'username-error username-hint' : 'username-hint';
  return page(
    'Sign in - SwiftyPlanner (local)',
    `<h1>Sign in to SwiftyPlanner</h1>
<p class="hint">Local sign-in: no password. The same user name always signs in as the same user.</p>
<form method="post" action="/oauth2/authorize" novalidate>
${hidden}
<label for="username">Sign in as</label>
${error ? `<p id="username-error" class="error" role="alert">${escapeHtml(error)}</p>\n` : ''}<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required maxlength="128" aria-describedby="${described}"${error ? ' aria-invalid="true"' : ''} value="${escapeHtml(username)}" autofocus>
<p id="username-hint" class="hint">A user name, such as alice.</p>
<button type="submit">Sign in</button>
</form>`,
  );
}

/** For a request that cannot go back to the app (unknown client, unregistered redirect). */
export function errorPage(title: string, message: string): string {
  return page(
    `${title} - SwiftyPlanner (local)`,
    `<h1>${escapeHtml(title)}</h1>\n<p role="alert">${escapeHtml(message)}</p>`,
  );
}

export function signedOutPage(): string {
  return page(
    'Signed out - SwiftyPlanner (local)',
    '<h1>You are signed out</h1>\n<p>You can close this page.</p>',
  );
}
