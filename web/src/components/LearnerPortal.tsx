/**
 * The learner portal (docs/learner.md): its own session (the `mikrocred_learner` cookie and its CSRF token, apart
 * from the staff one), sign-in by magic link (or a claim link, which the server turns into a session), and the
 * learner's pages in the public layout with the signed-in address and sign-out. Without a learner session every
 * page but the sign-in leads to /me/sign-in; a session that ends (401) does the same with a notice.
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { learnerApi, setLearnerCsrfToken, setLearnerUnauthorizedHandler, type LearnerMe, type Session } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { safeNext, takeNext } from '../learnerNext.ts';
import { navigate, type LearnerRoute } from '../router.ts';
import { ErrorSummary, Loading } from './fields.tsx';
import { LearnerAppsPage } from './LearnerAppsPage.tsx';
import { LearnerCredentialPage } from './LearnerCredentialPage.tsx';
import { LearnerErasePage } from './LearnerErasePage.tsx';
import { LearnerHome } from './LearnerHome.tsx';
import { LearnerImportPage } from './LearnerImportPage.tsx';
import { LearnerSignIn, type LearnerNotice } from './LearnerSignIn.tsx';
import { PublicLayout } from './PublicLayout.tsx';

type LearnerAuth =
  | { readonly status: 'loading' }
  | { readonly status: 'unavailable'; readonly error: unknown }
  | { readonly status: 'signed-out'; readonly notice?: LearnerNotice }
  | { readonly status: 'signed-in'; readonly me: LearnerMe };

export function LearnerPortal(props: {
  readonly route: LearnerRoute;
  readonly path: string;
  /** The staff session (for the header's workspace link); undefined while unknown. */
  readonly staffSession: Session | null | undefined;
}): ReactNode {
  const { t } = useI18n();
  const { route } = props;
  const [auth, setAuthState] = useState<LearnerAuth>({ status: 'loading' });

  const setAuth = useCallback((next: LearnerAuth) => {
    setLearnerCsrfToken(next.status === 'signed-in' ? next.me.csrfToken : undefined);
    setAuthState(next);
  }, []);

  const load = useCallback(() => {
    learnerApi.me().then(
      (me) => setAuth(me ? { status: 'signed-in', me } : { status: 'signed-out' }),
      (error: unknown) => setAuth({ status: 'unavailable', error }),
    );
  }, [setAuth]);

  useEffect(() => {
    setLearnerUnauthorizedHandler(() => setAuth({ status: 'signed-out', notice: 'sessionExpired' }));
    load();
    return () => {
      setLearnerUnauthorizedHandler(undefined);
      setLearnerCsrfToken(undefined);
    };
  }, [load, setAuth]);

  // Pages need a learner session; the sign-in page does not once there is one.
  useEffect(() => {
    if (auth.status === 'signed-out' && route.kind !== 'learner-sign-in') navigate('/me/sign-in', { replace: true });
    if (auth.status === 'signed-in' && route.kind === 'learner-sign-in') {
      // Already signed in: straight to a safe `next` (e.g. /oauth/authorize), else to /me.
      goNext(safeNext(new URLSearchParams(window.location.search).get('next')) ?? '/me');
    }
    // Arriving at /me signed in (the magic link): a `next` kept by the sign-in form, once.
    if (auth.status === 'signed-in' && route.kind === 'learner-home') {
      const next = takeNext();
      if (next) goNext(next);
    }
  }, [auth.status, route.kind]);

  const signOut = useCallback(async () => {
    try {
      await learnerApi.signOut();
    } catch {
      // Signed out either way (an ended session answers 401): the cookie is the server's to clear.
    }
    setAuth({ status: 'signed-out', notice: 'signedOut' });
    navigate('/me/sign-in');
  }, [setAuth]);

  let page: ReactNode;
  if (auth.status === 'loading') page = <Loading />;
  else if (auth.status === 'unavailable') {
    page = (
      <>
        <h1 id="main-heading" tabIndex={-1}>{t.learner.home.title}</h1>
        <ErrorSummary error={auth.error} />
        <button type="button" className="button button--primary" onClick={() => { setAuth({ status: 'loading' }); load(); }}>{t.retry}</button>
      </>
    );
  } else if (auth.status === 'signed-out') {
    page = route.kind === 'learner-sign-in' ? <LearnerSignIn notice={auth.notice} /> : <Loading />;
  } else if (route.kind === 'learner-sign-in') page = <Loading />;
  else if (route.kind === 'learner-home') page = <LearnerHome />;
  else if (route.kind === 'learner-credential') page = <LearnerCredentialPage key={route.id} id={route.id} />;
  else if (route.kind === 'learner-import') page = <LearnerImportPage />;
  else if (route.kind === 'learner-apps') page = <LearnerAppsPage />;
  else {
    page = (
      <LearnerErasePage
        email={auth.me.account.email}
        onErased={() => {
          setAuth({ status: 'signed-out', notice: 'erased' });
          navigate('/me/sign-in');
        }}
      />
    );
  }

  const learner = auth.status === 'signed-in' ? { email: auth.me.account.email, onSignOut: signOut } : undefined;
  return <PublicLayout session={props.staffSession} path={props.path} learner={learner}>{page}</PublicLayout>;
}

/** A safe same-origin path (learnerNext.ts): /oauth/authorize is the server's (a full page load), /me… the app's. */
function goNext(path: string): void {
  if (path.startsWith('/oauth/')) window.location.replace(path);
  else navigate(path, { replace: true });
}
