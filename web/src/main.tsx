/**
 * Start-up: read /config.json, finish a sign-in if the provider just sent the browser back, then
 * render. Whatever fails still shows a message, never a blank page: a failed start renders the
 * reason, and an error no boundary caught (React itself failing) is written into the page as text.
 */
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiContext, createApi, createAppQueryClient } from './api/api';
import { App } from './app/app';
import { Session } from './auth/session';
import { SessionContext } from './auth/session-context';
import { loadConfig } from './config';
import { ErrorBoundary } from './ui/error-boundary';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');
const root = createRoot(container, { onUncaughtError: (error) => showPlainError(container, error) });

try {
  const config = await loadConfig();
  const session = new Session(config);
  const api = createApi(config.apiUrl, session);
  const queryClient = createAppQueryClient();
  root.render(
    <StrictMode>
      <ErrorBoundary>
        <SessionContext.Provider value={session}>
          <QueryClientProvider client={queryClient}>
            <ApiContext.Provider value={api}>
              <App />
            </ApiContext.Provider>
          </QueryClientProvider>
        </SessionContext.Provider>
      </ErrorBoundary>
    </StrictMode>,
  );
  await session.start();
} catch (error) {
  try {
    root.render(<StartupError error={error} />);
  } catch {
    showPlainError(container, error);
  }
}

function StartupError({ error }: { error: unknown }) {
  return (
    <main className="app-main">
      <section className="panel" aria-labelledby="startup-error">
        <h1 id="startup-error">SwiftyPlanner could not start</h1>
        <div className="alert alert-error" role="alert">
          <p>{error instanceof Error ? error.message : String(error)}</p>
        </div>
        <button type="button" onClick={() => window.location.reload()}>
          Reload
        </button>
      </section>
    </main>
  );
}

/** Without React: for when rendering itself failed. */
function showPlainError(container: HTMLElement, error: unknown): void {
  const heading = document.createElement('h1');
  heading.textContent = 'SwiftyPlanner stopped';
  const message = document.createElement('p');
  message.setAttribute('role', 'alert');
  message.textContent = `${error instanceof Error ? error.message : String(error)}. Reload the page to start again.`;
  const main = document.createElement('main');
  main.className = 'app-main';
  main.append(heading, message);
  container.replaceChildren(main);
}
