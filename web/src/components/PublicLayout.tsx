/**
 * The layout of the public pages (catalogue, offers, pathways, the verifier, shared credentials) and of the learner
 * portal, for everyone, signed in or not: the brand, the catalogue, verifier and "my credentials" links, the language
 * switch and the way to sign in (or back to the institution workspace); in the learner portal, the signed-in
 * learner's address, sign-out and a link to the applications with access to their credentials.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { Session } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { navigationKeepsFocus } from '../router.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { Link } from './Link.tsx';

export function PublicLayout(props: {
  /** undefined while it is not known yet whether someone is signed in. */
  readonly session: Session | null | undefined;
  readonly path: string;
  /** The signed-in learner (learner portal pages). */
  readonly learner?: { readonly email: string; onSignOut(): Promise<void> } | undefined;
  readonly children: ReactNode;
}): ReactNode {
  const { t } = useI18n();
  const firstPath = useRef(props.path);
  const [signingOut, setSigningOut] = useState(false);
  const path = props.path.replace(/\/$/, '');

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
            <li><Link to="/catalogue" current={path === '/catalogue'}>{t.publicSite.catalogue}</Link></li>
            <li><Link to="/verify" current={path === '/verify'}>{t.publicSite.verify}</Link></li>
            <li><Link to="/me" current={path === '/me'}>{t.publicSite.myCredentials}</Link></li>
            {props.learner && <li><Link to="/me/apps" current={path === '/me/apps'}>{t.learner.apps.title}</Link></li>}
            {props.session !== undefined && (
              <li><Link to="/">{props.session ? t.publicSite.workspace : t.publicSite.signIn}</Link></li>
            )}
          </ul>
        </nav>
        <div className="topbar-end">
          {props.learner && (
            <>
              <p className="user"><span className="visually-hidden">{t.learner.signedInAs} </span><span className="user-email">{props.learner.email}</span></p>
              <button
                type="button" className="button button--small" disabled={signingOut}
                onClick={() => {
                  setSigningOut(true);
                  props.learner?.onSignOut().finally(() => setSigningOut(false));
                }}
              >
                {signingOut ? t.learner.signingOut : t.learner.signOut}
              </button>
            </>
          )}
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" className="public-main">{props.children}</main>
    </div>
  );
}
