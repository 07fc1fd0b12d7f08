import type { MouseEvent, ReactNode } from 'react';
import { navigate } from '../router.ts';

/** An ordinary link that changes the page without reloading (new-tab and modified clicks work as usual). */
export function Link(props: { readonly to: string; readonly children: ReactNode; readonly current?: boolean; readonly className?: string }): ReactNode {
  function onClick(event: MouseEvent<HTMLAnchorElement>): void {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(props.to);
  }
  return (
    <a href={props.to} onClick={onClick} className={props.className} aria-current={props.current ? 'page' : undefined}>
      {props.children}
    </a>
  );
}
