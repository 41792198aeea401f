/**
 * The app never shows a blank screen: a rendering error anywhere below shows what happened and a
 * way on, instead of React unmounting everything.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  children: ReactNode;
  /** Changing it (a navigation) clears a caught error. */
  resetKey?: string;
}

interface State {
  error: Error | undefined;
  resetKey: string | undefined;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: undefined, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.resetKey ? { error: undefined, resetKey: props.resetKey } : null;
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('SwiftyPlanner: a screen failed to render', error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <section className="panel" aria-labelledby="render-error-title">
        <h1 id="render-error-title">This screen failed</h1>
        <div className="alert alert-error" role="alert">
          <p className="alert-title">{error.name}</p>
          <p>{error.message}</p>
        </div>
        <div className="actions">
          <button type="button" onClick={() => window.location.reload()}>
            Reload
          </button>
          <a className="button" href="/">
            Back to the todos
          </a>
        </div>
      </section>
    );
  }
}
