import type { MouseEvent, ReactNode } from 'react';
import { navigate } from '../router.ts';

/** An ordinary link that changes the page without reloading (new-tab and modified clicks work as usual). */
export function Link(props: {
  readonly to: string;
  readonly children: ReactNode;
  readonly current?: boolean;
  readonly className?: string;
  readonly id?: string;
  readonly lang?: string;
  readonly ariaLabel?: string;
  /** Called after an in-app navigation (e.g. to move focus to the results of a new page of them). */
  onNavigate?(): void;
}): ReactNode {
  function onClick(event: MouseEvent<HTMLAnchorElement>): void {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(props.to);
    props.onNavigate?.();
  }
  return (
    <a
      href={props.to} onClick={onClick} className={props.className} id={props.id} lang={props.lang} aria-label={props.ariaLabel}
      aria-current={props.current ? 'page' : undefined}
    >
      {props.children}
    </a>
  );
}
