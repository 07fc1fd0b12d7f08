/**
 * API keys (owners only): the list, creating a key with a name and a role (the key is shown once, with a copy
 * button and a warning), and revoking a key after a confirmation.
 */
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api, fieldProblems, ROLES, type ApiKeyInfo, type Role } from '../api.ts';
import { useDocumentTitle, useLoad } from '../hooks.ts';
import { localeOf, roleName, useI18n } from '../i18n.ts';
import { ErrorSummary, Loading, Notice, SelectField, TextField } from './fields.tsx';

export function ApiKeysPage(props: { readonly slug: string }): ReactNode {
  const { t, lang } = useI18n();
  useDocumentTitle(t.apiKeys.title);
  const { state, reload } = useLoad(props.slug, () => api.apiKeys(props.slug));
  const [created, setCreated] = useState<{ key: string; info: ApiKeyInfo } | undefined>(undefined);
  const [confirming, setConfirming] = useState<string | undefined>(undefined);
  const [revokeError, setRevokeError] = useState<unknown>(undefined);
  const [revoked, setRevoked] = useState<string | undefined>(undefined);
  const [revoking, setRevoking] = useState(false);

  const dates = new Intl.DateTimeFormat(localeOf(lang), { dateStyle: 'medium', timeStyle: 'short' });
  const formatDate = (value: string | null): string => (value === null ? t.apiKeys.never : dates.format(new Date(value)));

  async function revoke(key: ApiKeyInfo): Promise<void> {
    setRevoking(true);
    setRevokeError(undefined);
    try {
      await api.revokeApiKey(props.slug, key.id);
      setConfirming(undefined);
      setRevoked(key.name);
      if (created?.info.id === key.id) setCreated(undefined);
      reload();
      document.getElementById('main-heading')?.focus();
    } catch (error) {
      setRevokeError(error);
    } finally {
      setRevoking(false);
    }
  }

  return (
    <>
      <h1 id="main-heading" tabIndex={-1}>{t.apiKeys.title}</h1>
      <p className="lead">{t.apiKeys.intro}</p>

      {created && <NewKey created={created} onHide={() => setCreated(undefined)} />}
      {revoked && <Notice>{t.apiKeys.revoked(revoked)}</Notice>}

      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorSummary error={state.error} />}
      {state.status === 'ready' && (
        state.data.length === 0 ? <p className="muted">{t.apiKeys.empty}</p> : (
          <div className="table-wrap">
            <table>
              <caption>{t.apiKeys.caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.apiKeys.name}</th>
                  <th scope="col">{t.apiKeys.prefix}</th>
                  <th scope="col">{t.apiKeys.role}</th>
                  <th scope="col">{t.apiKeys.created}</th>
                  <th scope="col">{t.apiKeys.lastUsed}</th>
                  <th scope="col"><span className="visually-hidden">{t.apiKeys.actions}</span></th>
                </tr>
              </thead>
              <tbody>
                {state.data.map((key) => (
                  <tr key={key.id}>
                    <th scope="row">{key.name}</th>
                    <td><code>{key.prefix}…</code></td>
                    <td><span className={`role role--${key.role}`}>{roleName(t, key.role)}</span></td>
                    <td>{formatDate(key.createdAt)}</td>
                    <td>{formatDate(key.lastUsedAt)}</td>
                    <td className="actions">
                      {confirming === key.id ? (
                        <div className="confirm" role="group" aria-labelledby={`revoke-question-${key.id}`}>
                          <p id={`revoke-question-${key.id}`}>{t.apiKeys.revokeQuestion(key.name)}</p>
                          {revokeError !== undefined && <ErrorSummary error={revokeError} />}
                          <button type="button" className="button button--danger" disabled={revoking} onClick={() => void revoke(key)}>
                            {t.apiKeys.confirmRevoke}
                          </button>
                          <button type="button" className="button" onClick={() => { setConfirming(undefined); setRevokeError(undefined); }}>
                            {t.apiKeys.cancel}
                          </button>
                        </div>
                      ) : (
                        <button
                          type="button" className="button button--quiet" aria-label={t.apiKeys.revokeLabel(key.name)}
                          onClick={() => { setConfirming(key.id); setRevokeError(undefined); setRevoked(undefined); }}
                        >
                          {t.apiKeys.revoke}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      )}

      <CreateKeyForm slug={props.slug} onCreated={(result) => { setCreated(result); setRevoked(undefined); reload(); }} />
    </>
  );
}

function CreateKeyForm(props: { readonly slug: string; onCreated(result: { key: string; info: ApiKeyInfo }): void }): ReactNode {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('issuer');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      props.onCreated(await api.createApiKey(props.slug, name.trim(), role));
      setName('');
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const problems = fieldProblems(error);
  const general = error !== undefined && !problems.has('name') && !problems.has('role');
  return (
    <section className="card" aria-labelledby="api-key-form-title">
      <h2 id="api-key-form-title">{t.apiKeys.formTitle}</h2>
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="field-row">
          <TextField
            id="api-key-name" label={t.apiKeys.name} value={name} onChange={setName} required maxLength={100}
            hint={t.apiKeys.nameHint} error={problems.get('name')} className="grow" autoComplete="off"
          />
          <SelectField<Role>
            id="api-key-role" label={t.apiKeys.role} value={role} onChange={setRole}
            options={ROLES.map((r) => ({ value: r, label: roleName(t, r) }))} hint={t.roleHints[role]} hintBelow error={problems.get('role')}
          />
        </div>
        {general && <ErrorSummary error={error} fields={new Map([['name', { id: 'api-key-name', label: t.apiKeys.name }], ['role', { id: 'api-key-role', label: t.apiKeys.role }]])} />}
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={busy}>{busy ? t.apiKeys.creating : t.apiKeys.create}</button>
        </div>
      </form>
    </section>
  );
}

/** The new key, shown once: a read-only field, a copy button and the warning. */
function NewKey(props: { readonly created: { key: string; info: ApiKeyInfo }; onHide(): void }): ReactNode {
  const { t } = useI18n();
  const [copy, setCopy] = useState<'copied' | 'failed' | undefined>(undefined);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, [props.created.key]);

  async function copyKey(): Promise<void> {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(props.created.key);
      setCopy('copied');
    } catch {
      inputRef.current?.select();
      setCopy('failed');
    }
  }

  return (
    <section className="card card--key" aria-labelledby="new-key-title">
      <h2 id="new-key-title" ref={headingRef} tabIndex={-1}>{t.apiKeys.newKeyTitle}</h2>
      <p className="warning" id="new-key-warning"><span className="warning-icon" aria-hidden="true">!</span>{t.apiKeys.warning}</p>
      <div className="key-row">
        <TextField
          id="new-key-value" label={t.apiKeys.newKeyLabel(props.created.info.name)} value={props.created.key} onChange={() => undefined}
          readOnly spellCheck={false} inputClassName="key-value" inputRef={inputRef} describedByExtra="new-key-warning" className="grow"
        />
        <button type="button" className="button button--primary" onClick={() => void copyKey()}>{t.apiKeys.copy}</button>
      </div>
      {copy === 'copied' && <Notice>{t.apiKeys.copied}</Notice>}
      {copy === 'failed' && <Notice tone="info">{t.apiKeys.copyFailed}</Notice>}
      <button type="button" className="button" onClick={props.onHide}>{t.apiKeys.hide}</button>
    </section>
  );
}
