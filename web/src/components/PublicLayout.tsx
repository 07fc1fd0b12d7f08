/**
 * The layout of the public pages (catalogue, offers, pathways), for everyone, signed in or not: the brand, the
 * catalogue link, the language switch and the way to sign in (or back to the institution workspace).
 */
import { useEffect, useRef, type ReactNode } from 'react';
import type { Session } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { navigationKeepsFocus } from '../router.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { Link } from './Link.tsx';

export function PublicLayout(props: {
  /** undefined while it is not known yet whether someone is signed in. */
  readonly session: Session | null | undefined;
  readonly path: string;
  readonly children: ReactNode;
}): ReactNode {
  const { t } = useI18n();
  const firstPath = useRef(props.path);

  useEffect(() => {
    // A new page: move focus to its heading (once it is there) so keyboard and screen reader users start there.
    if (props.path === firstPath.current || navigationKeepsFocus()) return;
    firstPath.current = '';
    window.setTimeout(() => document.getElementById('main-heading')?.focus(), 0);
  }, [props.path]);

  return (
    <div className="public">
      <a className="skip-link" href="#main-heading" onClick={(event) => { event.preventDefault(); document.getElementById('main-heading')?.focus(); }}>
        {t.skipToContent}
      </a>
      <header className="topbar">
        <p className="brand">
          <Link to="/catalogue" className="brand-link"><span className="brand-mark" aria-hidden="true">M</span> {t.appName}</Link>
          <span className="brand-tagline">{t.tagline}</span>
        </p>
        <nav className="public-nav" aria-label={t.publicSite.nav}>
          <ul>
            <li><Link to="/catalogue" current={props.path.replace(/\/$/, '') === '/catalogue'}>{t.publicSite.catalogue}</Link></li>
            {props.session !== undefined && (
              <li><Link to="/">{props.session ? t.publicSite.workspace : t.publicSite.signIn}</Link></li>
            )}
          </ul>
        </nav>
        <div className="topbar-end">
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" className="public-main">{props.children}</main>
    </div>
  );
}
