/**
 * Erasing the learner's data (/me/erase, GDPR): what is deleted, what happens to each credential under its
 * institution's policy (`onErasure`: stays verifiable for whoever holds it, or is revoked), that it cannot be undone,
 * the export first; then typing "USUŃ" (or the account's e-mail) to confirm. The server signs the learner out.
 */
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { fieldProblems, learnerApi, learnerDownloads, type ErasureResult } from '../api.ts';
import { useDocumentTitle, useLoad } from '../hooks.ts';
import { DICTIONARIES, useI18n } from '../i18n.ts';
import { institutionName, textIn } from '../vocab.ts';
import { ErrorSummary, Loading, TextField } from './fields.tsx';
import { Link } from './Link.tsx';

export const ERASE_CONFIRMATION = 'USUŃ';

export function LearnerErasePage(props: { readonly email: string; onErased(result: ErasureResult): void }): ReactNode {
  const { t, lang } = useI18n();
  useDocumentTitle(t.learner.erase.title);
  const { state } = useLoad('own', () => learnerApi.credentials());
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const inputRef = useRef<HTMLInputElement>(null);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    setError(undefined);
    const typed = confirm.normalize('NFC').trim();
    if (typed.toUpperCase() !== ERASE_CONFIRMATION && typed.toLowerCase() !== props.email.toLowerCase()) {
      setMismatch(true);
      inputRef.current?.focus();
      return;
    }
    setMismatch(false);
    setBusy(true);
    try {
      props.onErased(await learnerApi.erase(typed));
    } catch (caught) {
      setError(caught);
      setBusy(false);
      inputRef.current?.focus();
    }
  }

  const problems = fieldProblems(error);
  const confirmError = mismatch ? { pl: DICTIONARIES.pl.learner.erase.mismatch, en: DICTIONARIES.en.learner.erase.mismatch } : problems.get('confirm');
  return (
    <div className="learner-erase">
      <p className="breadcrumb"><Link to="/me">← {t.learner.credential.back}</Link></p>
      <h1 id="main-heading" tabIndex={-1}>{t.learner.erase.title}</h1>
      <p className="lead">{t.learner.erase.intro}</p>

      <section aria-labelledby="erase-deleted" className="section">
        <h2 id="erase-deleted">{t.learner.erase.deletedHeading}</h2>
        <ul>{t.learner.erase.deleted.map((line) => <li key={line}>{line}</li>)}</ul>
      </section>

      <section aria-labelledby="erase-credentials" className="section">
        <h2 id="erase-credentials">{t.learner.erase.credentialsHeading}</h2>
        {state.status === 'loading' && <Loading />}
        {state.status === 'error' && <ErrorSummary error={state.error} />}
        {state.status === 'ready' && (state.data.length === 0 ? <p>{t.learner.erase.noCredentials}</p> : (
          <>
            <p>{t.learner.erase.credentialsHint}</p>
            <ul className="erase-list">
              {state.data.map((c) => (
                <li key={c.id} data-policy={c.onErasure}>
                  <strong>{textIn(c.title, lang).text}</strong> ({institutionName(c.institution, lang)}):{' '}
                  {c.onErasure === 'revoke' ? t.learner.erase.revoke : t.learner.erase.keep}
                </li>
              ))}
            </ul>
          </>
        ))}
      </section>

      <p className="warning"><span className="warning-icon" aria-hidden="true">!</span>{t.learner.erase.irreversible}</p>
      <p>{t.learner.erase.exportFirst} <a href={learnerDownloads.export} download>{t.learner.home.export}</a></p>

      <form className="form card card--danger" onSubmit={(event) => void submit(event)} noValidate>
        <TextField
          id="erase-confirm" label={t.learner.erase.confirm} hint={t.learner.erase.confirmHint} value={confirm}
          onChange={(value) => { setConfirm(value); setMismatch(false); }} inputRef={inputRef} spellCheck={false} autoComplete="off"
          required error={confirmError}
        />
        {error !== undefined && !problems.has('confirm') && <ErrorSummary error={error} />}
        <div className="form-actions">
          <button type="submit" className="button button--danger" disabled={busy}>{busy ? t.learner.erase.busy : t.learner.erase.submit}</button>
          <Link to="/me">{t.learner.erase.cancel}</Link>
        </div>
      </form>
    </div>
  );
}
