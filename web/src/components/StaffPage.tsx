/** Staff and roles: who has access to the institution, and giving an existing account a role (owners only). */
import { useState, type FormEvent, type ReactNode } from 'react';
import { api, fieldProblems, ROLES, type Role } from '../api.ts';
import { useDocumentTitle, useLoad } from '../hooks.ts';
import { roleName, useI18n } from '../i18n.ts';
import { ErrorSummary, Loading, Notice, SelectField, TextField } from './fields.tsx';

export function StaffPage(props: { readonly slug: string; readonly userId: string; onRoleChanged(): void }): ReactNode {
  const { t } = useI18n();
  useDocumentTitle(t.staff.title);
  const { state, reload } = useLoad(props.slug, () => api.members(props.slug));
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('issuer');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [saved, setSaved] = useState<{ email: string; role: Role } | undefined>(undefined);
  const [removal, setRemoval] = useState<{ error?: unknown; removed?: string }>({});

  async function remove(member: { userId: string; name: string }): Promise<void> {
    if (!window.confirm(t.staff.confirmRemove(member.name))) return;
    setRemoval({});
    try {
      await api.removeMember(props.slug, member.userId);
      setRemoval({ removed: member.name });
      reload();
      if (member.userId === props.userId) props.onRoleChanged();
    } catch (caught) {
      setRemoval({ error: caught });
    }
  }

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setSaved(undefined);
    const target = email.trim();
    try {
      await api.setMember(props.slug, target, role);
      setSaved({ email: target.toLowerCase(), role });
      setEmail('');
      reload();
      props.onRoleChanged();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const problems = fieldProblems(error);
  const general = error !== undefined && !problems.has('email') && !problems.has('role');

  return (
    <>
      <h1 id="main-heading" tabIndex={-1}>{t.staff.title}</h1>
      <p className="lead">{t.staff.intro}</p>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorSummary error={state.error} />}
      {state.status === 'ready' && (
        state.data.length === 0 ? <p className="muted">{t.staff.empty}</p> : (
          <div className="table-wrap">
            <table>
              <caption>{t.staff.caption}</caption>
              <thead>
                <tr><th scope="col">{t.staff.name}</th><th scope="col">{t.staff.email}</th><th scope="col">{t.staff.role}</th><th scope="col">{t.staff.actions}</th></tr>
              </thead>
              <tbody>
                {state.data.map((member) => (
                  <tr key={member.userId}>
                    <th scope="row">{member.name}{member.userId === props.userId && <span className="muted"> {t.staff.you}</span>}</th>
                    <td>{member.email}</td>
                    <td><span className={`role role--${member.role}`}>{roleName(t, member.role)}</span></td>
                    <td>
                      <button type="button" className="button button--quiet" aria-label={t.staff.removeLabel(member.name)} onClick={() => void remove(member)}>
                        {t.staff.remove}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      )}

      {removal.error !== undefined && <ErrorSummary error={removal.error} />}
      {removal.removed !== undefined && <Notice>{t.staff.removed(removal.removed)}</Notice>}

      <section className="card" aria-labelledby="staff-form-title">
        <h2 id="staff-form-title">{t.staff.formTitle}</h2>
        <p className="field-hint">{t.staff.formHint}</p>
        <form className="form" onSubmit={(event) => void submit(event)} noValidate>
          <div className="field-row">
            <TextField
              id="staff-email" label={t.staff.formEmail} type="email" inputMode="email" autoComplete="off" spellCheck={false}
              required value={email} onChange={setEmail} error={problems.get('email')} className="grow"
            />
            <SelectField<Role>
              id="staff-role" label={t.staff.formRole} value={role} onChange={setRole}
              options={ROLES.map((r) => ({ value: r, label: roleName(t, r) }))}
              hint={t.roleHints[role]} hintBelow error={problems.get('role')}
            />
          </div>
          {general && <ErrorSummary error={error} fields={new Map([['email', { id: 'staff-email', label: t.staff.formEmail }], ['role', { id: 'staff-role', label: t.staff.formRole }]])} />}
          <div className="form-actions">
            <button type="submit" className="button button--primary" disabled={busy}>{busy ? t.staff.saving : t.staff.submit}</button>
            {saved && <Notice>{t.staff.saved(saved.email, roleName(t, saved.role))}</Notice>}
          </div>
        </form>
      </section>
    </>
  );
}
