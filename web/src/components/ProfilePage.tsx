/**
 * The institution profile: names in Polish and English, country, legal identifiers, website, e-mail and address.
 * Owners change it (PATCH); the server's field problems (`errors[].path`) show next to their fields.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { api, fieldProblems, IDENTIFIER_SCHEMES, type Address, type Identifier, type IdentifierScheme, type Institution, type ProfileChanges } from '../api.ts';
import { useDocumentTitle, useLoad } from '../hooks.ts';
import { countryName, useI18n } from '../i18n.ts';
import { ErrorSummary, Loading, Notice, SelectField, TextField } from './fields.tsx';

interface IdentifierRow {
  readonly key: number;
  readonly scheme: IdentifierScheme;
  readonly value: string;
}

interface Form {
  readonly namePl: string;
  readonly nameEn: string;
  readonly country: string;
  readonly identifiers: readonly IdentifierRow[];
  readonly website: string;
  readonly email: string;
  readonly street: string;
  readonly postalCode: string;
  readonly locality: string;
  readonly region: string;
  readonly addressCountry: string;
}

const ADDRESS_FIELDS = ['street', 'postalCode', 'locality', 'region', 'addressCountry'] as const;

let nextRowKey = 1;

function asScheme(scheme: string): IdentifierScheme {
  return (IDENTIFIER_SCHEMES as readonly string[]).includes(scheme) ? scheme as IdentifierScheme : 'other';
}

function formOf(institution: Institution): Form {
  return {
    namePl: institution.namePl,
    nameEn: institution.nameEn,
    country: institution.country,
    identifiers: institution.identifiers.map((id) => ({ key: nextRowKey++, scheme: asScheme(id.scheme), value: id.value })),
    website: institution.website ?? '',
    email: institution.email ?? '',
    street: institution.address?.street ?? '',
    postalCode: institution.address?.postalCode ?? '',
    locality: institution.address?.locality ?? '',
    region: institution.address?.region ?? '',
    addressCountry: institution.address?.country ?? '',
  };
}

/** The PATCH body, and which identifier row each sent identifier came from (to place its problems). */
function changesOf(form: Form): { changes: ProfileChanges; rowKeys: number[] } {
  const rows = form.identifiers.filter((row) => row.value.trim() !== '');
  const identifiers: Identifier[] = rows.map((row) => ({ scheme: row.scheme, value: row.value.trim() }));
  const hasAddress = ADDRESS_FIELDS.some((field) => form[field].trim() !== '');
  let address: Address | null = null;
  if (hasAddress) {
    const street = form.street.trim();
    const postalCode = form.postalCode.trim();
    const region = form.region.trim();
    address = {
      ...(street !== '' && { street }),
      ...(postalCode !== '' && { postalCode }),
      locality: form.locality.trim(),
      ...(region !== '' && { region }),
      country: form.addressCountry.trim().toUpperCase(),
    };
  }
  return {
    changes: {
      namePl: form.namePl,
      nameEn: form.nameEn,
      country: form.country.trim().toUpperCase(),
      identifiers,
      website: form.website.trim() === '' ? null : form.website.trim(),
      email: form.email.trim() === '' ? null : form.email.trim(),
      address,
    },
    rowKeys: rows.map((row) => row.key),
  };
}

/** Problem path (without `body.`) to field id. */
function fieldId(path: string, rowKeys: readonly number[]): string | undefined {
  const identifier = /^identifiers\[(\d+)\](?:\.(scheme|value))?$/.exec(path);
  if (identifier) {
    const key = rowKeys[Number(identifier[1])];
    return key === undefined ? 'profile-add-identifier' : `profile-identifier-${key}-${identifier[2] ?? 'value'}`;
  }
  const direct: Record<string, string> = {
    namePl: 'profile-namePl', nameEn: 'profile-nameEn', country: 'profile-country', identifiers: 'profile-add-identifier',
    website: 'profile-website', email: 'profile-email', address: 'profile-locality',
    'address.street': 'profile-street', 'address.postalCode': 'profile-postalCode', 'address.locality': 'profile-locality',
    'address.region': 'profile-region', 'address.country': 'profile-addressCountry',
  };
  return direct[path];
}

export function ProfilePage(props: { readonly slug: string; readonly canEdit: boolean; onSaved(institution: Institution): void }): ReactNode {
  const { t } = useI18n();
  useDocumentTitle(t.profile.title);
  const { state } = useLoad(props.slug, () => api.institution(props.slug));

  return (
    <>
      <h1 id="main-heading" tabIndex={-1}>{t.profile.title}</h1>
      <p className="lead">{t.profile.intro}</p>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorSummary error={state.error} />}
      {state.status === 'ready' && (
        <ProfileForm institution={state.data} canEdit={props.canEdit} onSaved={props.onSaved} />
      )}
    </>
  );
}

function ProfileForm(props: { readonly institution: Institution; readonly canEdit: boolean; onSaved(institution: Institution): void }): ReactNode {
  const { t, lang } = useI18n();
  const [form, setForm] = useState<Form>(() => formOf(props.institution));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [sentRows, setSentRows] = useState<number[]>([]);
  const [saved, setSaved] = useState(false);

  const update = <K extends keyof Form>(key: K) => (value: Form[K]): void => {
    setForm((f) => ({ ...f, [key]: value }));
    setSaved(false);
  };
  const updateRow = (key: number, change: Partial<Omit<IdentifierRow, 'key'>>): void => {
    setForm((f) => ({ ...f, identifiers: f.identifiers.map((row) => (row.key === key ? { ...row, ...change } : row)) }));
    setSaved(false);
  };
  const addRow = (): void => {
    const key = nextRowKey++;
    setForm((f) => ({ ...f, identifiers: [...f.identifiers, { key, scheme: 'REGON', value: '' }] }));
    setSaved(false);
    // Focus the new row's type once it is rendered.
    window.setTimeout(() => document.getElementById(`profile-identifier-${key}-scheme`)?.focus(), 0);
  };
  const removeRow = (key: number, index: number): void => {
    setForm((f) => ({ ...f, identifiers: f.identifiers.filter((row) => row.key !== key) }));
    setSaved(false);
    window.setTimeout(() => {
      const rows = document.querySelectorAll<HTMLElement>('.identifier-row select');
      (rows[Math.min(index, rows.length - 1)] ?? document.getElementById('profile-add-identifier'))?.focus();
    }, 0);
  };

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const { changes, rowKeys } = changesOf(form);
    setBusy(true);
    setError(undefined);
    setSaved(false);
    setSentRows(rowKeys);
    try {
      const institution = await api.updateInstitution(props.institution.slug, changes);
      setForm(formOf(institution));
      setSaved(true);
      props.onSaved(institution);
    } catch (caught) {
      setError(caught);
      window.setTimeout(() => document.getElementById('profile-errors')?.focus(), 0);
    } finally {
      setBusy(false);
    }
  }

  // Field problems by field id; the summary links to those fields.
  const problems = new Map<string, { pl: string; en: string }>();
  for (const [path, message] of fieldProblems(error)) {
    const id = fieldId(path, sentRows);
    if (id !== undefined && !problems.has(id)) problems.set(id, message);
  }
  const labels: Record<string, string> = {
    'profile-namePl': t.profile.namePl, 'profile-nameEn': t.profile.nameEn, 'profile-country': t.profile.country,
    'profile-website': t.profile.website, 'profile-email': t.profile.email, 'profile-street': t.profile.street,
    'profile-postalCode': t.profile.postalCode, 'profile-locality': t.profile.locality, 'profile-region': t.profile.region,
    'profile-addressCountry': t.profile.addressCountry, 'profile-add-identifier': t.profile.identifiers,
  };
  const summaryFields = new Map<string, { id: string; label: string }>();
  for (const [path] of fieldProblems(error)) {
    const id = fieldId(path, sentRows);
    if (id === undefined) continue;
    const rowIndex = form.identifiers.findIndex((row) => id.startsWith(`profile-identifier-${row.key}-`));
    const label = rowIndex >= 0
      ? (id.endsWith('-scheme') ? t.profile.scheme(rowIndex + 1) : t.profile.value(rowIndex + 1))
      : labels[id] ?? path;
    summaryFields.set(path, { id, label });
  }

  const country = countryName(lang, form.country.trim().toUpperCase());
  const addressCountry = countryName(lang, form.addressCountry.trim().toUpperCase());
  const schemeOptions = IDENTIFIER_SCHEMES.map((scheme) => ({ value: scheme, label: t.schemes[scheme] }));

  return (
    <form className="form" onSubmit={(event) => void submit(event)} noValidate>
      <p className="did"><span className="did-label">{t.profile.did}</span> <code>{props.institution.did}</code></p>
      {!props.canEdit && <Notice tone="info">{t.profile.readOnly}</Notice>}
      {error !== undefined && (
        <div id="profile-errors" tabIndex={-1} className="focus-target">
          <ErrorSummary error={error} fields={summaryFields} />
        </div>
      )}
      <fieldset disabled={!props.canEdit || busy} className="fieldset-plain">
        <fieldset className="section">
          <legend>{t.profile.names}</legend>
          <TextField id="profile-namePl" label={t.profile.namePl} value={form.namePl} onChange={update('namePl')} required lang="pl" maxLength={300} error={problems.get('profile-namePl')} />
          <TextField id="profile-nameEn" label={t.profile.nameEn} value={form.nameEn} onChange={update('nameEn')} required lang="en" maxLength={300} error={problems.get('profile-nameEn')} />
          <TextField
            id="profile-country" label={t.profile.country} value={form.country} onChange={(v) => update('country')(v.toUpperCase())}
            required maxLength={2} autoComplete="country" spellCheck={false} inputClassName="input-short"
            hint={country} error={problems.get('profile-country')}
          />
        </fieldset>

        <fieldset className="section">
          <legend>{t.profile.identifiers}</legend>
          <p className="field-hint">{t.profile.identifiersHint}</p>
          {form.identifiers.length === 0 && <p className="muted">{t.profile.noIdentifiers}</p>}
          <ul className="identifier-list">
            {form.identifiers.map((row, index) => (
              <li key={row.key} className="identifier-row">
                <SelectField
                  id={`profile-identifier-${row.key}-scheme`} label={t.profile.scheme(index + 1)} value={row.scheme}
                  options={schemeOptions} onChange={(scheme) => updateRow(row.key, { scheme })}
                  error={problems.get(`profile-identifier-${row.key}-scheme`)}
                />
                <TextField
                  id={`profile-identifier-${row.key}-value`} label={t.profile.value(index + 1)} value={row.value}
                  onChange={(value) => updateRow(row.key, { value })} maxLength={100} spellCheck={false}
                  error={problems.get(`profile-identifier-${row.key}-value`)}
                />
                <button type="button" className="button button--quiet" onClick={() => removeRow(row.key, index)} aria-label={t.profile.removeIdentifierLabel(index + 1)}>
                  {t.profile.removeIdentifier}
                </button>
              </li>
            ))}
          </ul>
          <button
            type="button" id="profile-add-identifier" className="button" onClick={addRow}
            aria-describedby={problems.has('profile-add-identifier') ? 'profile-identifiers-error' : undefined}
          >
            {t.profile.addIdentifier}
          </button>
          {problems.has('profile-add-identifier') && (
            <p id="profile-identifiers-error" className="field-error">{problems.get('profile-add-identifier')?.[lang]}</p>
          )}
        </fieldset>

        <fieldset className="section">
          <legend>{t.profile.contact}</legend>
          <TextField
            id="profile-website" label={t.profile.website} type="url" inputMode="url" autoComplete="url" value={form.website}
            onChange={update('website')} hint={t.profile.websiteHint} spellCheck={false} error={problems.get('profile-website')}
          />
          <TextField
            id="profile-email" label={t.profile.email} type="email" inputMode="email" autoComplete="email" value={form.email}
            onChange={update('email')} spellCheck={false} error={problems.get('profile-email')}
          />
        </fieldset>

        <fieldset className="section">
          <legend>{t.profile.address}</legend>
          <p className="field-hint">{t.profile.addressHint}</p>
          <TextField id="profile-street" label={t.profile.street} value={form.street} onChange={update('street')} autoComplete="address-line1" maxLength={200} error={problems.get('profile-street')} />
          <div className="field-row">
            <TextField id="profile-postalCode" label={t.profile.postalCode} value={form.postalCode} onChange={update('postalCode')} autoComplete="postal-code" maxLength={20} inputClassName="input-medium" error={problems.get('profile-postalCode')} />
            <TextField id="profile-locality" label={t.profile.locality} value={form.locality} onChange={update('locality')} autoComplete="address-level2" maxLength={100} error={problems.get('profile-locality')} className="grow" />
          </div>
          <TextField id="profile-region" label={t.profile.region} value={form.region} onChange={update('region')} autoComplete="address-level1" maxLength={100} error={problems.get('profile-region')} />
          <TextField
            id="profile-addressCountry" label={t.profile.addressCountry} value={form.addressCountry}
            onChange={(v) => update('addressCountry')(v.toUpperCase())} maxLength={2} spellCheck={false} inputClassName="input-short"
            hint={addressCountry} error={problems.get('profile-addressCountry')}
          />
        </fieldset>
      </fieldset>

      {props.canEdit && (
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={busy}>{busy ? t.profile.saving : t.profile.save}</button>
          {saved && <Notice>{t.profile.saved}</Notice>}
        </div>
      )}
    </form>
  );
}
