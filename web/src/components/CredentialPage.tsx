/**
 * One issued credential (/institutions/:slug/credentials/:id): everything known about it, its files (PDF in Polish,
 * English or both; the signed JSON), the public verification address, and for issuers and owners the status
 * changes: revoke (a reason, then a confirmation: it is final), suspend (only a credential issued with a suspension
 * entry) and reinstate. The status updates in place and a polite message says what changed.
 */
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api, fieldProblems, type IssuedCredential } from '../api.ts';
import { useDocumentTitle, useLoad } from '../hooks.ts';
import { DICTIONARIES, useI18n } from '../i18n.ts';
import { batchPath, credentialsPath, offerPath } from '../router.ts';
import { formatDateTime } from '../vocab.ts';
import { ErrorSummary, Loading, Notice, TextAreaField } from './fields.tsx';
import { CopyField, CredentialDownloads, CredentialStatusBadge } from './issuance.tsx';
import { Link } from './Link.tsx';

type Change = 'revoke' | 'suspend' | 'reinstate';

export function CredentialPage(props: { readonly slug: string; readonly id: string; readonly canIssue: boolean }): ReactNode {
  const { t, lang } = useI18n();
  const { state, set } = useLoad(`${props.slug}/${props.id}`, () => api.credential(props.slug, props.id));
  const credential = state.status === 'ready' ? state.data : undefined;
  useDocumentTitle(credential ? credential.learner.name : t.credential.back);
  return (
    <>
      <p className="breadcrumb"><Link to={credentialsPath(props.slug)}>← {t.credential.back}</Link></p>
      {credential && <p className="eyebrow">{credential.title[lang] || credential.title.pl}</p>}
      {/* One heading element whatever the state: focus put on it by the navigation stays there once loaded. */}
      <div className="page-head">
        <h1 id="main-heading" tabIndex={-1}>{credential ? credential.learner.name : t.credential.back}</h1>
        {credential && <span id="credential-status"><CredentialStatusBadge status={credential.status} /></span>}
      </div>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorSummary error={state.error} />}
      {credential && <CredentialView slug={props.slug} credential={credential} canIssue={props.canIssue} onChange={set} />}
    </>
  );
}

function CredentialView(props: { readonly slug: string; readonly credential: IssuedCredential; readonly canIssue: boolean; onChange(c: IssuedCredential): void }): ReactNode {
  const { t, lang } = useI18n();
  const c = props.credential;
  const [done, setDone] = useState<Change | undefined>(undefined);
  const title = c.title[lang] || c.title.pl;
  const item = (label: string, value: ReactNode): ReactNode => <div className="item"><dt>{label}</dt><dd>{value}</dd></div>;

  return (
    <>
      {done && <Notice>{t.credential.done[done]}</Notice>}

      <dl className="details credential-details">
        {item(t.credential.learner, c.learner.name)}
        {item(t.credential.email, c.learner.email ?? '—')}
        {c.learner.studentNumber && item(t.credential.studentNumber, c.learner.studentNumber)}
        {item(t.credential.spec, c.specId ? <Link to={offerPath(c.specId, c.version)}>{title}</Link> : title)}
        {c.version !== null && item(t.credential.version, String(c.version))}
        {item(t.credential.issuedAt, formatDateTime(c.issuedAt, lang))}
        {item(t.credential.status, (
          <>
            <CredentialStatusBadge status={c.status} />
            {c.revokedAt && <span className="status-note"> {t.credential.revoked(formatDateTime(c.revokedAt, lang), c.revocationReason ?? '—')}</span>}
            {!c.revokedAt && c.suspendedAt && <span className="status-note"> {t.credential.suspended(formatDateTime(c.suspendedAt, lang), c.suspensionReason ?? '—')}</span>}
          </>
        ))}
        {item(t.credential.suspendable, c.suspendable ? t.credential.suspendableYes : t.credential.suspendableNo)}
        {c.externalReference && item(t.credential.externalReference, c.externalReference)}
        {c.batchId && item(t.credential.batch, <Link to={batchPath(props.slug, c.batchId)}>{t.credential.batchLink}</Link>)}
        {item(t.credential.credentialId, <code>{c.credentialId}</code>)}
      </dl>

      <CredentialDownloads slug={props.slug} id={c.id} headingId="credential-downloads" />
      {c.verifyUrl && (
        <section aria-labelledby="credential-verify" className="verify">
          <h2 id="credential-verify">{t.credential.verification}</h2>
          <CopyField id="credential-verify-url" label={t.issuance.verifyUrl} value={c.verifyUrl} hint={t.issuance.verifyUrlHint} open />
        </section>
      )}

      {props.canIssue && (
        <StatusActions slug={props.slug} credential={c} onChanged={(next, change) => { props.onChange(next); setDone(change); }} onStart={() => setDone(undefined)} />
      )}
    </>
  );
}

function StatusActions(props: {
  readonly slug: string;
  readonly credential: IssuedCredential;
  onChanged(credential: IssuedCredential, change: Change): void;
  onStart(): void;
}): ReactNode {
  const { t } = useI18n();
  const c = props.credential;
  const [open, setOpen] = useState<Change | undefined>(undefined);
  const openerRef = useRef<HTMLDivElement>(null);

  if (c.status === 'revoked') {
    return (
      <section aria-labelledby="credential-actions" className="section">
        <h2 id="credential-actions">{t.credential.actions}</h2>
        <p>{t.credential.finalNote}</p>
      </section>
    );
  }

  const start = (change: Change): void => {
    props.onStart();
    setOpen(change);
    window.setTimeout(() => document.getElementById('credential-reason')?.focus(), 0);
  };
  const close = (): void => {
    setOpen(undefined);
    window.setTimeout(() => openerRef.current?.querySelector<HTMLButtonElement>('button')?.focus(), 0);
  };

  return (
    <section aria-labelledby="credential-actions" className="section">
      <h2 id="credential-actions">{t.credential.actions}</h2>
      {open === undefined ? (
        <div className="inline-list" ref={openerRef}>
          {c.status === 'suspended' && <button type="button" className="button button--secondary" onClick={() => start('reinstate')}>{t.credential.reinstate}</button>}
          {c.status === 'active' && c.suspendable && <button type="button" className="button" onClick={() => start('suspend')}>{t.credential.suspend}</button>}
          <button type="button" className="button button--danger" onClick={() => start('revoke')}>{t.credential.revoke}</button>
        </div>
      ) : (
        <ChangeForm
          key={open} slug={props.slug} credential={c} change={open} onCancel={close}
          onDone={(next) => {
            setOpen(undefined);
            props.onChanged(next, open);
            window.setTimeout(() => document.getElementById('main-heading')?.focus(), 0);
          }}
        />
      )}
    </section>
  );
}

function ChangeForm(props: {
  readonly slug: string;
  readonly credential: IssuedCredential;
  readonly change: Change;
  onCancel(): void;
  onDone(credential: IssuedCredential): void;
}): ReactNode {
  const { t } = useI18n();
  const { change } = props;
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [missing, setMissing] = useState(false);

  async function send(): Promise<void> {
    setBusy(true);
    setError(undefined);
    try {
      const trimmed = reason.trim();
      props.onDone(await api.changeStatus(props.slug, props.credential.id, change, change === 'reinstate' && trimmed === '' ? undefined : trimmed));
    } catch (caught) {
      setError(caught);
      setConfirming(false);
      window.setTimeout(() => document.getElementById('credential-reason')?.focus(), 0);
    } finally {
      setBusy(false);
    }
  }

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    setMissing(false);
    if (change !== 'reinstate' && reason.trim() === '') {
      setMissing(true);
      document.getElementById('credential-reason')?.focus();
      return;
    }
    if (change === 'revoke') {
      // Revocation is final: ask once more.
      setConfirming(true);
      window.setTimeout(() => document.getElementById('credential-confirm-revoke')?.focus(), 0);
      return;
    }
    void send();
  }

  const problems = fieldProblems(error);
  const reasonError = missing ? { pl: DICTIONARIES.pl.credential.reasonMissing, en: DICTIONARIES.en.credential.reasonMissing } : problems.get('reason');
  const heading = { revoke: t.credential.revokeTitle, suspend: t.credential.suspendTitle, reinstate: t.credential.reinstateTitle }[change];
  const submitLabel = { revoke: t.credential.revoke, suspend: t.credential.suspend, reinstate: t.credential.reinstate }[change];
  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="credential-change-title">
      <h3 id="credential-change-title">{heading}</h3>
      {change === 'revoke' && <p className="warning" id="credential-revoke-warning"><span className="warning-icon" aria-hidden="true">!</span>{t.credential.revokeWarning}</p>}
      {change === 'suspend' && <p className="field-hint">{t.credential.suspendHint}</p>}
      {error !== undefined && !problems.has('reason') && <ErrorSummary error={error} />}
      <TextAreaField
        id="credential-reason" label={change === 'reinstate' ? t.credential.reasonOptional : t.credential.reason} value={reason}
        onChange={(v) => { setReason(v); setConfirming(false); }} required={change !== 'reinstate'} maxLength={500} rows={2}
        hint={t.credential.reasonHint} error={reasonError}
      />
      {confirming ? (
        <div className="confirm-box" role="group" aria-labelledby="credential-revoke-question">
          <p id="credential-revoke-question">{t.credential.revokeQuestion(props.credential.learner.name)}</p>
          <button type="button" id="credential-confirm-revoke" className="button button--danger" disabled={busy} onClick={() => void send()}>
            {busy ? t.credential.working : t.credential.confirmRevoke}
          </button>
          <button type="button" className="button" onClick={() => setConfirming(false)}>{t.credential.cancel}</button>
        </div>
      ) : (
        <div className="form-actions">
          <button type="submit" className={`button ${change === 'revoke' ? 'button--danger' : 'button--primary'}`} disabled={busy}>
            {busy ? t.credential.working : submitLabel}
          </button>
          <button type="button" className="button" onClick={props.onCancel}>{t.credential.cancel}</button>
        </div>
      )}
    </form>
  );
}
