/**
 * A screen's heading: it names the document (the tab, the history) and takes focus after a
 * navigation inside the app, so a screen reader announces the new screen and Tab starts from there.
 * On a fresh page load the browser's own start is kept: Tab reaches the skip link first.
 */
import { useEffect, useRef } from 'react';
import { hasNavigatedInApp } from '../routing/router';

interface PageHeadingProps {
  children: React.ReactNode;
  /** The document title's first part; the heading's text when not given. */
  title: string;
  id?: string;
}

export function PageHeading({ children, title, id }: PageHeadingProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · SwiftyPlanner`;
    if (hasNavigatedInApp()) heading.current?.focus({ preventScroll: true });
  }, [title]);
  return (
    <h1 ref={heading} tabIndex={-1} id={id}>
      {children}
    </h1>
  );
}
