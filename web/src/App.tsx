/**
 * The app: the chosen language (remembered, on <html lang>), the session (sign-in when there is none), and the
 * page for the address. Pages of an institution live at /institutions/:slug/(profile|staff|api-keys).
 */
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, setApiLanguage, setCsrfToken, setUnauthorizedHandler, type Institution, type Membership, type Session } from './api.ts';
import { ApiKeysPage } from './components/ApiKeysPage.tsx';
import { BatchPage } from './components/BatchPage.tsx';
import { CredentialPage } from './components/CredentialPage.tsx';
import { CredentialsPage } from './components/CredentialsPage.tsx';
import { canIssueAs } from './components/issuance.tsx';
import { IssuePage } from './components/IssuePage.tsx';
import { OutboxPage } from './components/OutboxPage.tsx';
import { CataloguePage } from './components/CataloguePage.tsx';
import { ElmImportPage } from './components/ElmImportPage.tsx';
import { ErrorSummary, Loading } from './components/fields.tsx';
import { LearnerPortal } from './components/LearnerPortal.tsx';
import { Link } from './components/Link.tsx';
import { OfferPage } from './components/OfferPage.tsx';
import { PathwayPage } from './components/PathwayPage.tsx';
import { PathwaysPage } from './components/PathwaysPage.tsx';
import { ProfilePage } from './components/ProfilePage.tsx';
import { PublicLayout } from './components/PublicLayout.tsx';
import { OWNER_PAGES, pageAllowed, Shell } from './components/Shell.tsx';
import { SignIn, type SignInNotice } from './components/SignIn.tsx';
import { editorKey, SpecEditorPage } from './components/SpecEditorPage.tsx';
import { SharedPage } from './components/SharedPage.tsx';
import { SpecificationsPage } from './components/SpecificationsPage.tsx';
import { StaffPage } from './components/StaffPage.tsx';
import { VerifyCodePage } from './components/VerifyCodePage.tsx';
import { VerifyPage } from './components/VerifyPage.tsx';
import { useDocumentTitle } from './hooks.ts';
import { DICTIONARIES, I18nContext, rememberLanguage, useI18n, type I18n, type Lang } from './i18n.ts';
import { isLearnerRoute, isPublicRoute, navigate, parseRoute, pathOf, usePath, type PublicRoute } from './router.ts';

type Auth =
  | { readonly status: 'loading' }
  | { readonly status: 'unavailable'; readonly error: unknown }
  | { readonly status: 'signed-out'; readonly notice?: SignInNotice }
  | { readonly status: 'signed-in'; readonly session: Session };

const INSTITUTION_KEY = 'mikrocred.institution';

function rememberedInstitution(): string | null {
  try {
    return window.localStorage.getItem(INSTITUTION_KEY);
  } catch {
    return null;
  }
}

function rememberInstitution(slug: string): void {
  try {
    window.localStorage.setItem(INSTITUTION_KEY, slug);
  } catch {
    // Not remembered: the first institution is the default.
  }
}

export function App(props: { readonly initialLang: Lang }): ReactNode {
  const [lang, setLangState] = useState<Lang>(props.initialLang);
  const [auth, setAuthState] = useState<Auth>({ status: 'loading' });
  const path = usePath();

  const setLang = useCallback((next: Lang) => {
    setApiLanguage(next);
    rememberLanguage(next);
    document.documentElement.lang = next;
    setLangState(next);
  }, []);
  const i18n = useMemo<I18n>(() => ({ lang, t: DICTIONARIES[lang], setLang }), [lang, setLang]);

  const setAuth = useCallback((next: Auth) => {
    setCsrfToken(next.status === 'signed-in' ? next.session.csrfToken : undefined);
    setAuthState(next);
  }, []);

  const loadSession = useCallback(() => {
    api.session().then(
      (session) => setAuth(session ? { status: 'signed-in', session } : { status: 'signed-out' }),
      (error: unknown) => setAuth({ status: 'unavailable', error }),
    );
  }, [setAuth]);

  useEffect(() => {
    setApiLanguage(props.initialLang);
    setUnauthorizedHandler(() => setAuth({ status: 'signed-out', notice: 'sessionExpired' }));
    loadSession();
    return () => setUnauthorizedHandler(undefined);
  }, [props.initialLang, loadSession, setAuth]);

  const route = parseRoute(path);
  // Public pages and the learner portal need no staff sign-in: they show at once, whatever the session.
  const staffSession = auth.status === 'signed-in' ? auth.session : auth.status === 'loading' ? undefined : null;
  let content: ReactNode;
  if (isPublicRoute(route)) {
    content = <PublicLayout session={staffSession} path={path}><PublicPage route={route} /></PublicLayout>;
  } else if (isLearnerRoute(route)) {
    content = <LearnerPortal route={route} path={path} staffSession={staffSession} />;
  } else if (auth.status === 'loading') {
    content = <main id="main" className="center"><Loading /></main>;
  } else if (auth.status === 'unavailable') {
    content = <Unavailable error={auth.error} onRetry={() => { setAuth({ status: 'loading' }); loadSession(); }} />;
  } else if (auth.status === 'signed-out') {
    content = <SignIn notice={auth.notice} onSignedIn={(session) => setAuth({ status: 'signed-in', session })} />;
  } else {
    content = (
      <SignedIn
        session={auth.session}
        path={path}
        onSession={(session) => setAuth(session ? { status: 'signed-in', session } : { status: 'signed-out', notice: 'sessionExpired' })}
        onSignOut={async () => {
          await api.signOut();
          setAuth({ status: 'signed-out', notice: 'signedOut' });
          navigate('/');
        }}
      />
    );
  }
  return <I18nContext.Provider value={i18n}>{content}</I18nContext.Provider>;
}

function PublicPage(props: { readonly route: PublicRoute }): ReactNode {
  const { route } = props;
  if (route.kind === 'catalogue') return <CataloguePage />;
  if (route.kind === 'offer') return <OfferPage key={`${route.specId}/${route.version ?? ''}`} specId={route.specId} version={route.version} />;
  if (route.kind === 'verify') return <VerifyPage />;
  if (route.kind === 'verify-code') return <VerifyCodePage key={route.code} code={route.code} />;
  if (route.kind === 'shared') return <SharedPage key={route.token} token={route.token} />;
  return <PathwayPage key={route.id} id={route.id} />;
}

/** Designers (and owners) design micro-credentials and pathways. */
function canDesign(membership: Membership): boolean {
  return membership.role === 'owner' || membership.role === 'designer';
}

function SignedIn(props: {
  readonly session: Session;
  readonly path: string;
  onSession(session: Session | undefined): void;
  onSignOut(): Promise<void>;
}): ReactNode {
  const { session, path } = props;
  const route = parseRoute(path);
  const memberships = session.memberships;
  const current: Membership | undefined = route.kind === 'institution' || route.kind === 'specification' || route.kind === 'specification-import'
    || route.kind === 'credential' || route.kind === 'batch'
    ? memberships.find((m) => m.slug === route.slug)
    : undefined;
  const shellPage = route.kind === 'institution' ? route.page
    : route.kind === 'specification' || route.kind === 'specification-import' ? 'specifications'
      : route.kind === 'credential' ? 'credentials'
        : route.kind === 'batch' ? 'issue'
          : undefined;
  const remembered = rememberedInstitution();
  const home = memberships.find((m) => m.slug === remembered) ?? memberships[0];

  useEffect(() => {
    if (route.kind === 'home' && home) navigate(pathOf(home.slug, 'profile'), { replace: true });
  }, [route.kind, home]);
  useEffect(() => {
    if (current) rememberInstitution(current.slug);
  }, [current]);

  function institutionSaved(institution: Institution): void {
    props.onSession({
      ...session,
      memberships: memberships.map((m) => (m.slug === institution.slug ? { ...m, namePl: institution.namePl, nameEn: institution.nameEn } : m)),
    });
  }

  let page: ReactNode;
  if (memberships.length === 0 || !home) page = <NoInstitutions />;
  else if (route.kind === 'home') page = <Loading />;
  else if (route.kind === 'not-found') page = <NotFound home={pathOf(home.slug, 'profile')} />;
  else if (!current || (route.kind !== 'institution' && route.kind !== 'specification' && route.kind !== 'specification-import' && route.kind !== 'credential' && route.kind !== 'batch')) {
    page = <NoAccess home={pathOf(home.slug, 'profile')} />;
  } else if (route.kind === 'specification-import') {
    page = <ElmImportPage key={current.slug} slug={current.slug} canEdit={canDesign(current)} />;
  } else if (route.kind === 'specification') {
    page = <SpecEditorPage key={editorKey(current.slug, route.specId)} slug={current.slug} specId={route.specId} canEdit={canDesign(current)} />;
  } else if (route.kind === 'credential') {
    page = <CredentialPage key={`${current.slug}/${route.id}`} slug={current.slug} id={route.id} canIssue={canIssueAs(current.role)} />;
  } else if (route.kind === 'batch') {
    page = <BatchPage key={`${current.slug}/${route.id}`} slug={current.slug} id={route.id} canIssue={canIssueAs(current.role)} />;
  } else if (OWNER_PAGES.has(route.page) && current.role !== 'owner') page = <OwnerOnly home={pathOf(current.slug, 'profile')} />;
  else if (!pageAllowed(route.page, current.role)) page = <IssuerOnly home={pathOf(current.slug, 'profile')} />;
  else if (route.page === 'specifications') page = <SpecificationsPage key={current.slug} slug={current.slug} canEdit={canDesign(current)} />;
  else if (route.page === 'pathways') page = <PathwaysPage key={current.slug} slug={current.slug} canEdit={canDesign(current)} />;
  else if (route.page === 'issue') page = <IssuePage key={current.slug} slug={current.slug} canIssue={canIssueAs(current.role)} />;
  else if (route.page === 'credentials') page = <CredentialsPage key={current.slug} slug={current.slug} />;
  else if (route.page === 'outbox') page = <OutboxPage key={current.slug} slug={current.slug} />;
  else if (route.page === 'profile') page = <ProfilePage key={current.slug} slug={current.slug} canEdit={current.role === 'owner'} onSaved={institutionSaved} />;
  else if (route.page === 'staff') {
    page = <StaffPage key={current.slug} slug={current.slug} userId={session.user.id} onRoleChanged={() => void api.session().then(props.onSession, () => undefined)} />;
  } else page = <ApiKeysPage key={current.slug} slug={current.slug} />;

  return (
    <Shell session={session} current={current} page={shellPage} path={path} onSignOut={props.onSignOut}>
      {page}
    </Shell>
  );
}

function MessagePage(props: { readonly title: string; readonly children: ReactNode }): ReactNode {
  useDocumentTitle(props.title);
  return (
    <>
      <h1 id="main-heading" tabIndex={-1}>{props.title}</h1>
      {props.children}
    </>
  );
}

function NoInstitutions(): ReactNode {
  const { t } = useI18n();
  return <MessagePage title={t.shell.noInstitutionsTitle}><p>{t.shell.noInstitutions}</p></MessagePage>;
}

function NotFound(props: { readonly home: string }): ReactNode {
  const { t } = useI18n();
  return <MessagePage title={t.shell.notFoundTitle}><p>{t.shell.notFound}</p><p><Link to={props.home}>{t.shell.backHome}</Link></p></MessagePage>;
}

function NoAccess(props: { readonly home: string }): ReactNode {
  const { t } = useI18n();
  return <MessagePage title={t.shell.noAccessTitle}><p>{t.shell.noAccess}</p><p><Link to={props.home}>{t.shell.backHome}</Link></p></MessagePage>;
}

function OwnerOnly(props: { readonly home: string }): ReactNode {
  const { t } = useI18n();
  return <MessagePage title={t.shell.noAccessTitle}><p>{t.shell.ownerOnly}</p><p><Link to={props.home}>{t.shell.backHome}</Link></p></MessagePage>;
}

function IssuerOnly(props: { readonly home: string }): ReactNode {
  const { t } = useI18n();
  return <MessagePage title={t.shell.noAccessTitle}><p>{t.outbox.issuerOnly}</p><p><Link to={props.home}>{t.shell.backHome}</Link></p></MessagePage>;
}

function Unavailable(props: { readonly error: unknown; onRetry(): void }): ReactNode {
  const { t } = useI18n();
  useDocumentTitle(t.unavailableTitle);
  return (
    <main id="main" className="center">
      <h1 id="main-heading" tabIndex={-1}>{t.unavailableTitle}</h1>
      <ErrorSummary error={props.error} />
      <button type="button" className="button button--primary" onClick={props.onRetry}>{t.retry}</button>
    </main>
  );
}
