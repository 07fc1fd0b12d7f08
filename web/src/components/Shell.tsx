/**
 * The signed-in layout: the brand, the institution switcher, the language switch and sign-out in the header;
 * the institution's pages in the navigation; the page in <main>. Changing page moves focus to its heading.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { Membership, Session } from '../api.ts';
import { roleName, useI18n } from '../i18n.ts';
import { navigate, navigationKeepsFocus, pathOf, type Page } from '../router.ts';
import { ErrorSummary } from './fields.tsx';
import { canIssueAs } from './issuance.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { Link } from './Link.tsx';

export const OWNER_PAGES: ReadonlySet<Page> = new Set<Page>(['staff', 'api-keys']);
/** Pages for issuers and owners only (the outbox holds learners' claim links). */
export const ISSUER_PAGES: ReadonlySet<Page> = new Set<Page>(['outbox']);

/** Whether a member with this role may see a page. */
export function pageAllowed(page: Page, role: string): boolean {
  if (OWNER_PAGES.has(page)) return role === 'owner';
  if (ISSUER_PAGES.has(page)) return canIssueAs(role);
  return true;
}

export function membershipName(membership: Membership, lang: 'pl' | 'en'): string {
  return lang === 'pl' ? membership.namePl : membership.nameEn;
}

export function Shell(props: {
  readonly session: Session;
  /** The institution being worked on (undefined when the user has none, or the address names another). */
  readonly current: Membership | undefined;
  readonly page: Page | undefined;
  readonly path: string;
  onSignOut(): Promise<void>;
  readonly children: ReactNode;
}): ReactNode {
  const { t, lang } = useI18n();
  const { session, current, page } = props;
  const [signingOut, setSigningOut] = useState(false);
  const [signOutError, setSignOutError] = useState<unknown>(undefined);
  const firstPath = useRef(props.path);

  useEffect(() => {
    // A new page: move focus to its heading so keyboard and screen reader users start there.
    if (props.path === firstPath.current || navigationKeepsFocus()) return;
    firstPath.current = '';
    document.getElementById('main-heading')?.focus();
  }, [props.path]);

  async function signOut(): Promise<void> {
    setSigningOut(true);
    setSignOutError(undefined);
    try {
      await props.onSignOut();
    } catch (error) {
      setSignOutError(error);
      setSigningOut(false);
    }
  }

  function switchInstitution(slug: string): void {
    const target = session.memberships.find((m) => m.slug === slug);
    if (!target) return;
    const keep = page !== undefined && pageAllowed(page, target.role) ? page : 'profile';
    navigate(pathOf(slug, keep));
  }

  const navItems: Array<{ page: Page; label: string }> = [
    { page: 'profile', label: t.nav.profile },
    { page: 'specifications', label: t.nav.specifications },
    { page: 'pathways', label: t.nav.pathways },
    { page: 'issue', label: t.nav.issue },
    { page: 'credentials', label: t.nav.issued },
  ];
  if (current && canIssueAs(current.role)) navItems.push({ page: 'outbox', label: t.nav.outbox });
  if (current?.role === 'owner') navItems.push({ page: 'staff', label: t.nav.staff }, { page: 'api-keys', label: t.nav.apiKeys });

  return (
    <div className="shell">
      <a className="skip-link" href="#main-heading" onClick={(event) => { event.preventDefault(); document.getElementById('main-heading')?.focus(); }}>
        {t.skipToContent}
      </a>
      <header className="topbar">
        <p className="brand"><span className="brand-mark" aria-hidden="true">M</span> {t.appName}<span className="brand-tagline">{t.tagline}</span></p>
        {session.memberships.length > 0 && (
          <div className="switcher">
            <label htmlFor="institution-switcher">{t.shell.institution}</label>
            <select id="institution-switcher" value={current?.slug ?? ''} onChange={(event) => switchInstitution(event.target.value)}>
              {current === undefined && <option value="" disabled>—</option>}
              {session.memberships.map((m) => (
                <option key={m.slug} value={m.slug}>{membershipName(m, lang)} · {roleName(t, m.role)}</option>
              ))}
            </select>
          </div>
        )}
        <div className="topbar-end">
          <Link to="/catalogue" className="topbar-link">{t.publicSite.nav}</Link>
          <LanguageSwitch />
          <p className="user"><span className="visually-hidden">{t.shell.signedInAs} </span>{session.user.name}<span className="user-email">{session.user.email}</span></p>
          <button type="button" className="button" onClick={() => void signOut()} disabled={signingOut}>
            {signingOut ? t.shell.signingOut : t.shell.signOut}
          </button>
        </div>
      </header>
      {signOutError !== undefined && <div className="shell-alert"><ErrorSummary error={signOutError} /></div>}
      <div className="shell-body">
        {current && (
          <nav className="sidenav" aria-label={t.shell.mainNav}>
            <ul>
              {navItems.map((item) => (
                <li key={item.page}>
                  <Link to={pathOf(current.slug, item.page)} current={item.page === page}>{item.label}</Link>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <main id="main" className="content">{props.children}</main>
      </div>
    </div>
  );
}
