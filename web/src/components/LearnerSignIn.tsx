/**
 * The learner's sign-in (/me/sign-in): an e-mail address, and a link by e-mail. The answer is always the same ("if
 * the address has credentials, a link is on its way"), so nobody learns which addresses have credentials.
 * `?error=invalid_link` (a used or expired link) says to ask for a new one. `?next=<path>` (GET /oauth/authorize sends
 * a signed-out learner here) is kept for after the magic link (learnerNext.ts).
 */
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { fieldProblems, learnerApi, type Bilingual } from '../api.ts';
import { useDocumentTitle } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { rememberNext } from '../learnerNext.ts';
import { useSearch } from '../router.ts';
import { ErrorSummary, Notice, TextField } from './fields.tsx';
import { Link } from './Link.tsx';

export type LearnerNotice = 'signedOut' | 'sessionExpired' | 'erased';

export function LearnerSignIn(props: { readonly notice?: LearnerNotice | undefined }): ReactNode {
  const { t, lang } = useI18n();
  useDocumentTitle(t.learner.signIn.title);
  const search = useSearch();
  const params = new URLSearchParams(search);
  const invalidLink = params.get('error') === 'invalid_link';
  const next = params.get('next');
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [accepted, setAccepted] = useState<Bilingual | undefined>(undefined);
  const emailRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!invalidLink && !props.notice) emailRef.current?.focus();
  }, [invalidLink, props.notice]);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setAccepted(undefined);
    // The magic link lands on /me: where to go from there (a safe same-origin path only) waits in sessionStorage.
    rememberNext(next);
    try {
      const answer = await learnerApi.requestSignIn(email.trim());
      setAccepted(answer.message);
    } catch (caught) {
      setError(caught);
      window.setTimeout(() => emailRef.current?.focus(), 0);
    } finally {
      setBusy(false);
    }
  }

  const problems = fieldProblems(error);
  return (
    <div className="learner-sign-in">
      <h1 id="main-heading" tabIndex={-1}>{t.learner.signIn.title}</h1>
      {invalidLink && !accepted && <div className="alert alert--error" role="alert"><p>{t.learner.signIn.invalidLink}</p></div>}
      {props.notice && <Notice tone="info">{t.learner.signIn[props.notice]}</Notice>}
      <p className="lead">{t.learner.signIn.intro}</p>
      <form className="card" onSubmit={(event) => void submit(event)} noValidate>
        <TextField
          id="learner-email" label={t.learner.signIn.email} type="email" autoComplete="email" inputMode="email" required
          value={email} onChange={setEmail} inputRef={emailRef} spellCheck={false} error={problems.get('email')}
        />
        {error !== undefined && !problems.has('email') && <ErrorSummary error={error} />}
        <button type="submit" className="button button--primary" disabled={busy}>{busy ? t.learner.signIn.busy : t.learner.signIn.submit}</button>
        <div role="status" className="learner-sign-in-status">
          {accepted && <div className="alert alert--success"><p>{accepted[lang]}</p></div>}
        </div>
      </form>
      <p className="muted">{t.learner.signIn.claimHint}</p>
      <p><Link to="/">{t.learner.signIn.staff}</Link></p>
    </div>
  );
}
