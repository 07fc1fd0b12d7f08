import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, fieldProblems, type Session } from '../api.ts';
import { useDocumentTitle } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { ErrorSummary, Notice, TextField } from './fields.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { Link } from './Link.tsx';

export type SignInNotice = 'sessionExpired' | 'signedOut';

export function SignIn(props: { readonly notice?: SignInNotice | undefined; onSignedIn(session: Session): void }): ReactNode {
  const { t } = useI18n();
  useDocumentTitle(t.signIn.title);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const emailRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    emailRef.current?.focus();
  }, []);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      props.onSignedIn(await api.signIn(email.trim(), password));
    } catch (caught) {
      setError(caught);
      setPassword('');
      setBusy(false);
    }
  }

  const problems = fieldProblems(error);
  // A wrong e-mail or password is about both fields: tie the message to both.
  const formError = error instanceof ApiError && error.status === 401;
  return (
    <div className="sign-in-page">
      <header className="sign-in-top">
        <p className="brand"><span className="brand-mark" aria-hidden="true">M</span> {t.appName}<span className="brand-tagline">{t.tagline}</span></p>
        <div className="topbar-end">
          <Link to="/catalogue" className="topbar-link">{t.publicSite.nav}</Link>
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" className="sign-in-card">
        <h1 id="main-heading" tabIndex={-1}>{t.signIn.title}</h1>
        <p className="lead">{t.signIn.intro}</p>
        {props.notice && !error && <Notice tone="info">{t.signIn[props.notice]}</Notice>}
        <form onSubmit={(event) => void submit(event)} noValidate>
          <TextField
            id="sign-in-email" label={t.signIn.email} type="email" autoComplete="username" inputMode="email" required
            value={email} onChange={setEmail} inputRef={emailRef} spellCheck={false}
            error={problems.get('email')} describedByExtra={formError ? 'sign-in-error' : undefined} invalid={formError}
          />
          <TextField
            id="sign-in-password" label={t.signIn.password} type="password" autoComplete="current-password" required
            value={password} onChange={setPassword}
            error={problems.get('password')} describedByExtra={formError ? 'sign-in-error' : undefined} invalid={formError}
          />
          {error !== undefined && (
            <ErrorSummary
              id="sign-in-error" error={error}
              fields={new Map([['email', { id: 'sign-in-email', label: t.signIn.email }], ['password', { id: 'sign-in-password', label: t.signIn.password }]])}
            />
          )}
          <button type="submit" className="button button--primary" disabled={busy}>{busy ? t.signIn.busy : t.signIn.submit}</button>
        </form>
      </main>
    </div>
  );
}
