/**
 * Start-up: read /config.json, finish a sign-in if the provider just sent the browser back, then
 * render. Whatever fails before the app renders still shows a message, never a blank page.
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
const root = createRoot(container);

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
  root.render(<StartupError error={error} />);
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
