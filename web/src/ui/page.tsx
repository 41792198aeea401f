/**
 * A screen's heading: it names the document (the tab, the history) and takes focus after a
 * navigation, so a screen reader announces the new screen and Tab starts from there.
 */
import { useEffect, useRef } from 'react';

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
    heading.current?.focus({ preventScroll: true });
  }, [title]);
  return (
    <h1 ref={heading} tabIndex={-1} id={id}>
      {children}
    </h1>
  );
}
