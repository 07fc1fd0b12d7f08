/**
 * The specification editor (/institutions/:slug/specifications/new and /…/:specId): every element of the
 * specification in sections; "Save draft" (the server answers with the draft's problems, shown at their fields,
 * errors and warnings apart, and in a summary linking to the fields), "Publish" (saves, then publishes; a 422 puts
 * every problem at its field), "Archive", "Discard draft". A published or archived version is read-only; "Edit (new
 * version)" starts a draft from it.
 */
import { useState, type ReactNode } from 'react';
import {
  api, ApiError, IDENTIFIER_SCHEMES, specProblemsOf, type Bilingual, type SpecificationVersion, type SpecProblem, type VersionSummary,
} from '../api.ts';
import { useDocumentTitle, useLoad } from '../hooks.ts';
import { useI18n, type Dictionary, type Lang } from '../i18n.ts';
import { navigate, offerPath, pathOf, specificationPath } from '../router.ts';
import {
  blankForm, documentOf, emptyEsco, emptyIdentifier, emptyOutcome, emptyTarget, fieldId, formOf, loadedSnapshot, placeProblems,
  VALIDITY_UNITS, type EscoRow, type LangPair, type OutcomeRow, type PlacedProblem, type RowSnapshot, type SpecForm,
  type TargetRow, type ValidityUnit,
} from '../specForm.ts';
import { codeOptions, EQF_CODES, eqfLabel, EU_LANGUAGES, formatDateTime, languageName, OTHER_LANGUAGES, prkLabel } from '../vocab.ts';
import { describedBy, ErrorSummary, Loading, Notice, SelectField, TextAreaField, TextField } from './fields.tsx';
import { IscedSelect } from './IscedSelect.tsx';
import { Link } from './Link.tsx';

/** Specifications created by a /new editor: the address changes to the new id but the editor stays (see App). */
const createdHere = new Set<string>();

/** The editor's React key for a route: a specification it has just created keeps the key of `new`. */
export function editorKey(slug: string, specId: string | null): string {
  return `${slug}:${specId === null || createdHere.has(specId) ? 'new' : specId}`;
}

interface Loaded {
  readonly version: SpecificationVersion | null;
  readonly versions: readonly VersionSummary[];
}

export function SpecEditorPage(props: { readonly slug: string; readonly specId: string | null; readonly canEdit: boolean }): ReactNode {
  const { t } = useI18n();
  // The specification this editor opened with: a /new editor that has created one keeps going with its own state.
  const [initialId] = useState(props.specId);
  const { state } = useLoad<Loaded>(`${props.slug}/${initialId ?? 'new'}`, async () => {
    if (initialId === null) return { version: null, versions: [] };
    const detail = await api.specification(props.slug, initialId);
    return { version: detail.latest, versions: detail.versions };
  });

  if (state.status === 'loading') return <><Heading text={t.spec.newTitle} /><Loading /></>;
  if (state.status === 'error') {
    const missing = state.error instanceof ApiError && state.error.status === 404;
    return (
      <>
        <Heading text={t.shell.notFoundTitle} />
        {missing ? <p>{t.spec.notFound}</p> : <ErrorSummary error={state.error} />}
        <p><Link to={pathOf(props.slug, 'specifications')}>{t.spec.back}</Link></p>
      </>
    );
  }
  return <SpecEditor slug={props.slug} specId={initialId} loaded={state.data} canEdit={props.canEdit} />;
}

function Heading(props: { readonly text: string }): ReactNode {
  useDocumentTitle(props.text);
  return <h1 id="main-heading" tabIndex={-1}>{props.text}</h1>;
}

type Action = 'save' | 'publish' | 'archive' | 'discard' | 'edit';

interface FormState {
  readonly form: SpecForm;
  /** The list rows of the document the problems are about. */
  readonly rows: RowSnapshot;
}

function stateOf(version: SpecificationVersion | null): FormState {
  const form = version ? formOf(version.document) : blankForm();
  return { form, rows: loadedSnapshot(form) };
}

function joined(list: readonly Bilingual[]): Bilingual | undefined {
  if (list.length === 0) return undefined;
  return { pl: list.map((m) => m.pl).join(' '), en: list.map((m) => m.en).join(' ') };
}

function focusSoon(id: string): void {
  window.setTimeout(() => document.getElementById(id)?.focus(), 0);
}

function titleIn(form: SpecForm, lang: Lang): string {
  const other: Lang = lang === 'pl' ? 'en' : 'pl';
  return form.title[lang].trim() || form.title[other].trim();
}

function SpecEditor(props: { readonly slug: string; readonly specId: string | null; readonly loaded: Loaded; readonly canEdit: boolean }): ReactNode {
  const { t, lang } = useI18n();
  const { slug } = props;
  const [specId, setSpecId] = useState(props.specId);
  const [version, setVersion] = useState(props.loaded.version);
  const [versions, setVersions] = useState(props.loaded.versions);
  const [{ form, rows }, setFormState] = useState<FormState>(() => stateOf(props.loaded.version));
  const [problems, setProblems] = useState<readonly SpecProblem[]>(props.loaded.version?.problems ?? []);
  const [publishFailed, setPublishFailed] = useState(false);
  const [busy, setBusy] = useState<Action | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [notice, setNotice] = useState<{ text: string; link?: string } | null>(null);
  const [confirming, setConfirming] = useState<'archive' | 'discard' | null>(null);
  const [dirty, setDirty] = useState(false);
  const [announcement, setAnnouncement] = useState('');

  const savedTitle = version ? titleIn(formOf(version.document), lang) : '';
  const heading = savedTitle || (version ? t.specList.untitled : t.spec.newTitle);
  useDocumentTitle(heading);

  const editable = props.canEdit && (version === null || version.status === 'draft');
  const publishedVersion = versions.find((v) => v.status === 'published' && !v.superseded);

  /* ----- form updates ----- */
  const change = (next: (f: SpecForm) => SpecForm): void => {
    setFormState((s) => ({ ...s, form: next(s.form) }));
    setDirty(true);
  };
  const set = <K extends keyof SpecForm>(key: K) => (value: SpecForm[K]): void => change((f) => ({ ...f, [key]: value }));
  const setPair = (key: { [K in keyof SpecForm]: SpecForm[K] extends LangPair ? K : never }[keyof SpecForm], l: 'pl' | 'en') =>
    (value: string): void => change((f) => ({ ...f, [key]: { ...f[key], [l]: value } }));
  const updateOutcome = (key: number, next: (o: OutcomeRow) => OutcomeRow): void =>
    change((f) => ({ ...f, outcomes: f.outcomes.map((o) => (o.key === key ? next(o) : o)) }));
  const updateEsco = (outcome: number, key: number, patch: Partial<EscoRow>): void =>
    updateOutcome(outcome, (o) => ({ ...o, esco: o.esco.map((s) => (s.key === key ? { ...s, ...patch } : s)) }));
  const updateTarget = (key: number, next: (r: TargetRow) => TargetRow): void =>
    change((f) => ({ ...f, targets: f.targets.map((r) => (r.key === key ? next(r) : r)) }));

  function moveOutcome(index: number, by: -1 | 1): void {
    const target = index + by;
    if (target < 0 || target >= form.outcomes.length) return;
    const row = form.outcomes[index] as OutcomeRow;
    change((f) => {
      const list = [...f.outcomes];
      list.splice(index, 1);
      list.splice(target, 0, row);
      return { ...f, outcomes: list };
    });
    setAnnouncement(t.spec.moved(index + 1, target + 1));
    // Keep focus on the moved row's button (or its other move button at either end of the list).
    const atEnd = by === -1 ? target === 0 : target === form.outcomes.length - 1;
    focusSoon(`spec-outcome-${row.key}-${atEnd ? (by === -1 ? 'down' : 'up') : (by === -1 ? 'up' : 'down')}`);
  }

  function removeOutcome(index: number): void {
    const row = form.outcomes[index];
    if (!row) return;
    change((f) => ({ ...f, outcomes: f.outcomes.filter((o) => o.key !== row.key) }));
    setAnnouncement(t.spec.removedOutcome(index + 1));
    const next = form.outcomes[index + 1] ?? form.outcomes[index - 1];
    focusSoon(next ? `spec-outcome-${next.key}-remove` : fieldId('learningOutcomes'));
  }

  function addOutcome(): void {
    const row = emptyOutcome(form.outcomes.length);
    change((f) => ({ ...f, outcomes: [...f.outcomes, row] }));
    focusSoon(fieldId('learningOutcomes', row.key, 'text', 'pl'));
  }

  /* ----- server actions ----- */
  function loadVersion(saved: SpecificationVersion, extraProblems: readonly SpecProblem[] = []): void {
    setVersion(saved);
    setFormState(stateOf(saved));
    setProblems([...saved.problems, ...extraProblems]);
    setDirty(false);
  }

  async function refreshVersions(id: string): Promise<void> {
    try {
      setVersions((await api.specification(slug, id)).versions);
    } catch {
      // The list of versions is a convenience: keep the one shown.
    }
  }

  /** Saves the form as the draft (creating the specification the first time); the saved version, or throws. */
  async function saveDraft(): Promise<SpecificationVersion> {
    const document = documentOf(form, version?.document ?? {});
    const saved = specId === null ? await api.createSpecification(slug, document) : await api.saveDraft(slug, specId, document);
    loadVersion(saved);
    if (specId === null) {
      createdHere.add(saved.specId);
      setSpecId(saved.specId);
      navigate(specificationPath(slug, saved.specId), { replace: true, keepFocus: true });
    }
    void refreshVersions(saved.specId);
    return saved;
  }

  /** Starts an action; false when another one is running (buttons stay focusable while busy, so they are not disabled). */
  function start(action: Action): boolean {
    if (busy !== null) return false;
    setBusy(action);
    setError(undefined);
    setNotice(null);
    setPublishFailed(false);
    return true;
  }

  async function save(): Promise<void> {
    if (!start('save')) return;
    try {
      const saved = await saveDraft();
      setNotice({ text: t.spec.saved(saved.version) });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  }

  async function publish(): Promise<void> {
    if (!start('publish')) return;
    let draft: SpecificationVersion;
    try {
      draft = await saveDraft();
    } catch (caught) {
      setError(caught);
      setBusy(null);
      return;
    }
    try {
      const published = await api.publish(slug, draft.specId);
      loadVersion(published);
      setNotice({ text: t.spec.published(published.version), link: offerPath(published.specId, published.version) });
      void refreshVersions(published.specId);
      focusSoon('spec-notice');
    } catch (caught) {
      const found = specProblemsOf(caught);
      if (caught instanceof ApiError && caught.status === 422 && found.length > 0) {
        // The publish answer lists the errors; the draft's warnings still apply.
        const seen = new Set(found.map((p) => `${p.path} ${p.code}`));
        setProblems([...found, ...draft.problems.filter((p) => !seen.has(`${p.path} ${p.code}`))]);
        setPublishFailed(true);
        focusSoon('spec-problems');
      } else {
        setError(caught);
      }
    } finally {
      setBusy(null);
    }
  }

  async function editNewVersion(): Promise<void> {
    if (!version || specId === null) return;
    if (!start('edit')) return;
    try {
      const draft = await api.saveDraft(slug, specId, version.document);
      loadVersion(draft);
      setNotice({ text: t.spec.draftStarted(draft.version) });
      void refreshVersions(specId);
      focusSoon(fieldId('title', 'pl'));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  }

  async function archive(): Promise<void> {
    if (specId === null) return;
    if (!start('archive')) return;
    try {
      await api.archive(slug, specId);
      const detail = await api.specification(slug, specId);
      setVersions(detail.versions);
      loadVersion(detail.latest);
      setConfirming(null);
      setNotice({ text: t.spec.archived });
      focusSoon('spec-notice');
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  }

  async function discard(): Promise<void> {
    if (specId === null) return;
    if (!start('discard')) return;
    try {
      await api.discardDraft(slug, specId);
      setConfirming(null);
      try {
        const detail = await api.specification(slug, specId);
        setVersions(detail.versions);
        loadVersion(detail.latest);
        setNotice({ text: t.spec.discarded });
        focusSoon('spec-notice');
      } catch (caught) {
        // Discarding the only version removes the specification.
        if (caught instanceof ApiError && caught.status === 404) navigate(pathOf(slug, 'specifications'));
        else throw caught;
      }
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  }

  /* ----- problems at their fields ----- */
  const placed: PlacedProblem[] = placeProblems(problems, rows, form);
  const atField = new Map<string, { errors: Bilingual[]; warnings: Bilingual[] }>();
  for (const p of placed) {
    if (p.fieldId === undefined) continue;
    const entry = atField.get(p.fieldId) ?? { errors: [], warnings: [] };
    (p.severity === 'error' ? entry.errors : entry.warnings).push(p.message);
    atField.set(p.fieldId, entry);
  }
  const labels = new Map<string, string>();
  /** The id, label and problems of a field (and its label remembered for the summary). */
  const fp = (id: string, label: string): { id: string; label: string; error: Bilingual | undefined; warning: Bilingual | undefined } => {
    labels.set(id, label);
    const entry = atField.get(id);
    return { id, label, error: joined(entry?.errors ?? []), warning: joined(entry?.warnings ?? []) };
  };
  const req = { required: true, requiredText: t.spec.required };
  const choose = (options: Array<{ value: string; label: string }>): Array<{ value: string; label: string }> =>
    [{ value: '', label: t.spec.notChosen }, ...options];

  const langPair = (key: Parameters<typeof setPair>[0], path: string[], labelPl: string, labelEn: string, options: { area?: boolean; required?: boolean; max?: number; hint?: string } = {}): ReactNode => {
    const Field = options.area ? TextAreaField : TextField;
    return (
      <div className="lang-pair">
        {(['pl', 'en'] as const).map((l) => (
          <Field
            key={l} {...fp(fieldId(...path, l), l === 'pl' ? labelPl : labelEn)} {...(options.required ? req : {})} lang={l}
            value={form[key][l]} onChange={setPair(key, l)} maxLength={options.max} hint={options.hint}
          />
        ))}
      </div>
    );
  };

  /* ----- sections ----- */
  const basics = (
    <fieldset className="section">
      <legend><h2>{t.spec.sections.basics}</h2></legend>
      {langPair('title', ['title'], t.spec.titlePl, t.spec.titleEn, { required: true, max: 300 })}
      {langPair('description', ['description'], t.spec.descriptionPl, t.spec.descriptionEn, { area: true, max: 2000, hint: t.spec.descriptionHint })}
      <IscedSelect {...fp(fieldId('iscedF'), t.elements.iscedF)} value={form.iscedF} onChange={set('iscedF')} hint={t.spec.iscedHint} readOnly={!editable} />
      <LanguagesField {...fp(fieldId('languages'), t.elements.languages)} value={form.languages} onChange={set('languages')} required={t.spec.required} />
      <div className="field-row">
        <TextField {...fp(fieldId('humanCode'), t.elements.humanCode)} value={form.humanCode} onChange={set('humanCode')} maxLength={50} hint={t.spec.humanCodeHint} spellCheck={false} />
        <TextField {...fp(fieldId('homepage'), t.elements.homepage)} className="grow" type="url" inputMode="url" value={form.homepage} onChange={set('homepage')} hint={t.spec.homepageHint} spellCheck={false} />
      </div>
    </fieldset>
  );

  const awardingBody = (
    <fieldset className="section">
      <legend><h2>{t.spec.sections.awardingBody}</h2></legend>
      <p className="field-hint">{t.spec.awardingBodyHint}</p>
      <div className="lang-pair">
        <TextField {...fp(fieldId('awardingBody', 'legalName', 'pl'), t.spec.legalNamePl)} {...req} lang="pl" value={form.abLegalName.pl} onChange={(v) => change((f) => ({ ...f, abLegalName: { ...f.abLegalName, pl: v } }))} maxLength={300} />
        <TextField {...fp(fieldId('awardingBody', 'legalName', 'en'), t.spec.legalNameEn)} {...req} lang="en" value={form.abLegalName.en} onChange={(v) => change((f) => ({ ...f, abLegalName: { ...f.abLegalName, en: v } }))} maxLength={300} />
      </div>
      <fieldset className="subsection">
        <legend>{t.elements.legalIdentifiers}</legend>
        <ul className="identifier-list">
          {form.abIdentifiers.map((row, index) => (
            <li key={row.key} className="identifier-row">
              <SelectField
                {...fp(fieldId('awardingBody', 'identifiers', row.key, 'scheme'), t.profile.scheme(index + 1))} value={row.scheme}
                options={IDENTIFIER_SCHEMES.map((s) => ({ value: s, label: t.schemes[s] }))}
                onChange={(scheme) => change((f) => ({ ...f, abIdentifiers: f.abIdentifiers.map((r) => (r.key === row.key ? { ...r, scheme } : r)) }))}
              />
              <TextField
                {...fp(fieldId('awardingBody', 'identifiers', row.key, 'value'), t.profile.value(index + 1))} value={row.value} spellCheck={false} maxLength={100}
                onChange={(value) => change((f) => ({ ...f, abIdentifiers: f.abIdentifiers.map((r) => (r.key === row.key ? { ...r, value } : r)) }))}
              />
              {editable && (
                <button
                  type="button" className="button button--quiet" aria-label={t.profile.removeIdentifierLabel(index + 1)}
                  onClick={() => { change((f) => ({ ...f, abIdentifiers: f.abIdentifiers.filter((r) => r.key !== row.key) })); focusSoon(fieldId('awardingBody', 'identifiers')); }}
                >
                  {t.profile.removeIdentifier}
                </button>
              )}
            </li>
          ))}
        </ul>
        <ListButton
          {...fp(fieldId('awardingBody', 'identifiers'), t.elements.legalIdentifiers)} text={t.profile.addIdentifier} hidden={!editable}
          onClick={() => { const row = emptyIdentifier(); change((f) => ({ ...f, abIdentifiers: [...f.abIdentifiers, row] })); focusSoon(fieldId('awardingBody', 'identifiers', row.key, 'scheme')); }}
        />
      </fieldset>
      <div className="field-row">
        <TextField {...fp(fieldId('awardingBody', 'homepage'), t.spec.abHomepage)} {...req} className="grow" type="url" inputMode="url" spellCheck={false} value={form.abHomepage} onChange={set('abHomepage')} />
        <TextField {...fp(fieldId('awardingBody', 'email'), t.spec.abEmail)} className="grow" type="email" inputMode="email" spellCheck={false} value={form.abEmail} onChange={set('abEmail')} />
      </div>
      <fieldset className="subsection">
        <legend>{t.elements.address}</legend>
        <TextField {...fp(fieldId('awardingBody', 'address', 'street'), t.profile.street)} value={form.abStreet} onChange={set('abStreet')} maxLength={200} />
        <div className="field-row">
          <TextField {...fp(fieldId('awardingBody', 'address', 'postalCode'), t.profile.postalCode)} value={form.abPostalCode} onChange={set('abPostalCode')} maxLength={20} inputClassName="input-medium" />
          <TextField {...fp(fieldId('awardingBody', 'address', 'locality'), t.profile.locality)} {...req} className="grow" value={form.abLocality} onChange={set('abLocality')} maxLength={100} />
        </div>
        <div className="field-row">
          <TextField {...fp(fieldId('awardingBody', 'address', 'region'), t.profile.region)} className="grow" value={form.abRegion} onChange={set('abRegion')} maxLength={100} />
          <TextField {...fp(fieldId('awardingBody', 'address', 'country'), t.spec.addressCountry)} {...req} value={form.abCountry} onChange={(v) => set('abCountry')(v.toUpperCase())} maxLength={2} inputClassName="input-short" spellCheck={false} />
        </div>
      </fieldset>
      <div className="field-row">
        <TextField {...fp(fieldId('issuerCountry'), t.spec.issuerCountry)} {...req} value={form.issuerCountry} onChange={(v) => set('issuerCountry')(v.toUpperCase())} maxLength={2} inputClassName="input-short" spellCheck={false} />
        <TextField {...fp(fieldId('issuerRegion'), t.spec.issuerRegion)} className="grow" value={form.issuerRegion} onChange={set('issuerRegion')} maxLength={100} />
      </div>
    </fieldset>
  );

  const outcomeTypes = choose(codeOptions('outcomeType', lang));
  const outcomes = (
    <fieldset className="section">
      <legend><h2>{t.spec.sections.outcomes}</h2></legend>
      <p className="field-hint">{t.spec.outcomesHint}</p>
      {form.outcomes.length === 0 && <p className="muted">{t.spec.noOutcomes}</p>}
      <ol className="outcome-list">
        {form.outcomes.map((row, index) => {
          const n = index + 1;
          const base = ['learningOutcomes', row.key] as const;
          return (
            <li key={row.key} className="outcome" aria-labelledby={`spec-outcome-${row.key}-title`}>
              <div className="outcome-head">
                <h3 id={`spec-outcome-${row.key}-title`}>{t.spec.outcome(n)}</h3>
                {editable && (
                  <div className="outcome-actions">
                    <button type="button" id={`spec-outcome-${row.key}-up`} className="button button--small" disabled={index === 0} aria-label={t.spec.moveUpLabel(n)} onClick={() => moveOutcome(index, -1)}>
                      <span aria-hidden="true">↑</span> {t.spec.moveUp}
                    </button>
                    <button type="button" id={`spec-outcome-${row.key}-down`} className="button button--small" disabled={index === form.outcomes.length - 1} aria-label={t.spec.moveDownLabel(n)} onClick={() => moveOutcome(index, 1)}>
                      <span aria-hidden="true">↓</span> {t.spec.moveDown}
                    </button>
                    <button type="button" id={`spec-outcome-${row.key}-remove`} className="button button--small button--quiet" aria-label={t.spec.removeOutcomeLabel(n)} onClick={() => removeOutcome(index)}>
                      {t.spec.remove}
                    </button>
                  </div>
                )}
              </div>
              <div className="field-row">
                <TextField {...fp(fieldId(...base, 'id'), t.spec.outcomeCode(n))} {...req} value={row.id} onChange={(id) => updateOutcome(row.key, (o) => ({ ...o, id }))} maxLength={40} spellCheck={false} hint={t.spec.outcomeCodeHint} hintBelow inputClassName="input-medium" />
                <SelectField {...fp(fieldId(...base, 'type'), t.spec.outcomeType(n))} value={row.type} options={outcomeTypes} onChange={(type) => updateOutcome(row.key, (o) => ({ ...o, type }))} className="grow" />
              </div>
              <div className="lang-pair">
                {(['pl', 'en'] as const).map((l) => (
                  <TextAreaField
                    key={l} {...fp(fieldId(...base, 'text', l), l === 'pl' ? t.spec.outcomeTextPl(n) : t.spec.outcomeTextEn(n))} {...req} lang={l} maxLength={2000}
                    value={row.text[l]} onChange={(v) => updateOutcome(row.key, (o) => ({ ...o, text: { ...o.text, [l]: v } }))}
                  />
                ))}
              </div>
              <fieldset className="subsection">
                <legend>{t.spec.escoLegend(n)}</legend>
                <ul className="esco-list">
                  {row.esco.map((skill, j) => (
                    <li key={skill.key} className="esco-row">
                      <TextField {...fp(fieldId(...base, 'escoSkills', skill.key, 'uri'), t.spec.escoUri(n, j + 1))} type="url" inputMode="url" spellCheck={false} value={skill.uri} onChange={(uri) => updateEsco(row.key, skill.key, { uri })} hint={t.spec.escoUriHint} hintBelow />
                      <TextField {...fp(fieldId(...base, 'escoSkills', skill.key, 'label', 'pl'), t.spec.escoLabelPl(n, j + 1))} lang="pl" value={skill.labelPl} onChange={(labelPl) => updateEsco(row.key, skill.key, { labelPl })} maxLength={300} />
                      <TextField {...fp(fieldId(...base, 'escoSkills', skill.key, 'label', 'en'), t.spec.escoLabelEn(n, j + 1))} lang="en" value={skill.labelEn} onChange={(labelEn) => updateEsco(row.key, skill.key, { labelEn })} maxLength={300} />
                      {editable && (
                        <button
                          type="button" className="button button--quiet" aria-label={t.spec.removeEscoLabel(n, j + 1)}
                          onClick={() => { updateOutcome(row.key, (o) => ({ ...o, esco: o.esco.filter((s) => s.key !== skill.key) })); focusSoon(fieldId(...base, 'escoSkills')); }}
                        >
                          {t.spec.remove}
                        </button>
                      )}
                    </li>
                  ))}
                </ul>
                <ListButton
                  {...fp(fieldId(...base, 'escoSkills'), t.spec.escoLegend(n))} text={t.spec.addEsco} ariaLabel={t.spec.addEscoLabel(n)} hidden={!editable}
                  onClick={() => { const skill = emptyEsco(); updateOutcome(row.key, (o) => ({ ...o, esco: [...o.esco, skill] })); focusSoon(fieldId(...base, 'escoSkills', skill.key, 'uri')); }}
                />
              </fieldset>
            </li>
          );
        })}
      </ol>
      <ListButton {...fp(fieldId('learningOutcomes'), t.elements.learningOutcomes)} text={t.spec.addOutcome} hidden={!editable} onClick={addOutcome} primary />
      <p className="visually-hidden" aria-live="polite">{announcement}</p>
    </fieldset>
  );

  const levels = [{ value: '', label: t.spec.notChosen }, { value: 'null', label: t.spec.notApplicable }];
  const level = (
    <fieldset className="section">
      <legend><h2>{t.spec.sections.level}</h2></legend>
      <div className="field-row">
        <TextField {...fp(fieldId('ectsCredits'), t.elements.ectsCredits)} {...req} inputMode="decimal" value={form.ectsCredits} onChange={set('ectsCredits')} hint={t.spec.ectsHint} hintBelow inputClassName="input-medium" />
        <TextField {...fp(fieldId('workloadHours'), t.elements.workloadHours)} inputMode="numeric" value={form.workloadHours} onChange={set('workloadHours')} hint={t.spec.hoursHint} hintBelow inputClassName="input-medium" />
      </div>
      <div className="field-row">
        <SelectField {...fp(fieldId('eqfLevel'), t.elements.eqfLevel)} {...req} value={form.eqfLevel} onChange={set('eqfLevel')} options={[...levels, ...EQF_CODES.map((n) => ({ value: String(n), label: eqfLabel(n, lang) }))]} />
        <SelectField {...fp(fieldId('prkLevel'), t.elements.prkLevel)} value={form.prkLevel} onChange={set('prkLevel')} hint={t.spec.prkHint} hintBelow options={[...levels, ...EQF_CODES.map((n) => ({ value: String(n), label: prkLabel(n, lang) }))]} />
        <SelectField {...fp(fieldId('qfEheaCycle'), t.elements.qfEheaCycle)} value={form.qfEheaCycle} onChange={set('qfEheaCycle')} options={[...levels, ...codeOptions('qfEheaCycle', lang)]} />
      </div>
    </fieldset>
  );

  const assessment = (
    <fieldset className="section">
      <legend><h2>{t.spec.sections.assessment}</h2></legend>
      <div className="field-row">
        <SelectField {...fp(fieldId('assessmentType'), t.elements.assessmentType)} {...req} className="grow" value={form.assessmentType} onChange={set('assessmentType')} options={choose(codeOptions('assessmentType', lang))} />
        <SelectField {...fp(fieldId('participationMode'), t.elements.participationMode)} {...req} className="grow" value={form.participationMode} onChange={set('participationMode')} options={choose(codeOptions('participationMode', lang))} />
      </div>
      {langPair('assessmentDescription', ['assessmentDescription'], t.spec.assessmentDescriptionPl, t.spec.assessmentDescriptionEn, { area: true, max: 2000 })}
      <div className="field-row">
        <SelectField {...fp(fieldId('supervisionVerification'), t.elements.supervisionVerification)} className="grow" value={form.supervisionVerification} onChange={set('supervisionVerification')} options={choose(codeOptions('supervisionVerification', lang))} />
        <SelectField {...fp(fieldId('gradingScheme'), t.elements.gradingScheme)} className="grow" value={form.gradingScheme} onChange={set('gradingScheme')} options={choose(codeOptions('gradingScheme', lang))} />
      </div>
      <fieldset className="subsection">
        <legend>{t.elements.qualityAssurance}</legend>
        <SelectField {...fp(fieldId('qualityAssurance', 'type'), t.elements.qaType)} {...req} value={form.qaType} onChange={set('qaType')} options={choose(codeOptions('qualityAssurance', lang))} />
        {langPair('qaDescription', ['qualityAssurance', 'description'], t.spec.qaDescriptionPl, t.spec.qaDescriptionEn, { area: true, required: true, max: 2000 })}
        <div className="field-row">
          <TextField {...fp(fieldId('qualityAssurance', 'accreditationId'), t.elements.accreditationId)} className="grow" value={form.qaAccreditationId} onChange={set('qaAccreditationId')} maxLength={200} />
          <TextField {...fp(fieldId('qualityAssurance', 'agency'), t.elements.agency)} className="grow" value={form.qaAgency} onChange={set('qaAgency')} maxLength={300} />
        </div>
      </fieldset>
    </fieldset>
  );

  const options = (
    <fieldset className="section">
      <legend><h2>{t.spec.sections.options}</h2></legend>
      {langPair('prerequisites', ['prerequisites'], t.spec.prerequisitesPl, t.spec.prerequisitesEn, { area: true, max: 2000 })}
      <fieldset className="subsection">
        <legend>{t.elements.stackability}</legend>
        <SelectField {...fp(fieldId('stackability', 'mode'), t.spec.stackMode)} value={form.stackMode} onChange={set('stackMode')} options={choose(codeOptions('stackability', lang))} />
        <ol className="target-list">
          {form.targets.map((row, index) => {
            const n = index + 1;
            const base = ['stackability', 'stacksInto', row.key] as const;
            return (
              <li key={row.key} className="target">
                <div className="lang-pair">
                  {(['pl', 'en'] as const).map((l) => (
                    <TextField
                      key={l} {...fp(fieldId(...base, 'title', l), l === 'pl' ? t.spec.targetTitlePl(n) : t.spec.targetTitleEn(n))} lang={l} maxLength={300}
                      value={row.title[l]} onChange={(v) => updateTarget(row.key, (r) => ({ ...r, title: { ...r.title, [l]: v } }))}
                    />
                  ))}
                </div>
                <div className="field-row">
                  <TextField {...fp(fieldId(...base, 'url'), t.spec.targetUrl(n))} className="grow" type="url" inputMode="url" spellCheck={false} value={row.url} onChange={(url) => updateTarget(row.key, (r) => ({ ...r, url }))} />
                  <TextField {...fp(fieldId(...base, 'id'), t.spec.targetId(n))} className="grow" spellCheck={false} value={row.id} onChange={(id) => updateTarget(row.key, (r) => ({ ...r, id }))} />
                </div>
                {editable && (
                  <button
                    type="button" className="button button--quiet" aria-label={t.spec.removeTargetLabel(n)}
                    onClick={() => { change((f) => ({ ...f, targets: f.targets.filter((r) => r.key !== row.key) })); focusSoon(fieldId('stackability', 'stacksInto')); }}
                  >
                    {t.spec.remove}
                  </button>
                )}
              </li>
            );
          })}
        </ol>
        <ListButton
          {...fp(fieldId('stackability', 'stacksInto'), t.elements.stacksInto)} text={t.spec.addTarget} hidden={!editable}
          onClick={() => { const row = emptyTarget(); change((f) => ({ ...f, targets: [...f.targets, row] })); focusSoon(fieldId('stackability', 'stacksInto', row.key, 'title', 'pl')); }}
        />
      </fieldset>
      <SelectField {...fp(fieldId('learningSetting'), t.elements.learningSetting)} value={form.learningSetting} onChange={set('learningSetting')} options={choose(codeOptions('learningSetting', lang))} />
      {langPair('furtherInfo', ['furtherInfo'], t.spec.furtherInfoPl, t.spec.furtherInfoEn, { area: true, max: 5000 })}
      <TextField {...fp(fieldId('zskCode'), t.elements.zskCode)} value={form.zskCode} onChange={set('zskCode')} maxLength={50} spellCheck={false} inputClassName="input-medium" />
      <ValidityField
        {...fp(fieldId('validityPeriod'), t.elements.validityPeriod)} amount={form.validityAmount} unit={form.validityUnit} custom={form.validityCustom}
        onAmount={set('validityAmount')} onUnit={set('validityUnit')} onCustom={set('validityCustom')}
      />
    </fieldset>
  );

  /* ----- summary of problems ----- */
  const errors = placed.filter((p) => p.severity === 'error');
  const warnings = placed.filter((p) => p.severity === 'warning');
  const item = (p: PlacedProblem, index: number): ReactNode => {
    const label = p.fieldId !== undefined ? labels.get(p.fieldId) : undefined;
    const prefix = p.severity === 'warning' ? t.spec.warningPrefix : '';
    return (
      <li key={`${p.path}-${p.code}-${index}`}>
        {p.fieldId !== undefined
          ? <a href={`#${p.fieldId}`} onClick={(event) => { event.preventDefault(); document.getElementById(p.fieldId ?? '')?.focus(); }}>{label ?? p.path}: {prefix}{p.message[lang]}</a>
          : <>{p.path === '' ? t.spec.wholeDocument : p.path}: {prefix}{p.message[lang]}</>}
      </li>
    );
  };
  const showSummary = editable && (version !== null || publishFailed);
  const summary = showSummary && (
    <section id="spec-problems" tabIndex={-1} className={`card problems focus-target${errors.length > 0 ? ' problems--errors' : ''}`} aria-labelledby="spec-problems-title">
      <h2 id="spec-problems-title">{t.spec.problemsTitle}</h2>
      {publishFailed && <p className="alert alert--error" role="alert">{t.spec.publishFailed}</p>}
      {errors.length === 0 && warnings.length === 0
        ? <p className="problems-ok">{t.spec.noProblems}</p>
        : <p className="field-hint">{t.spec.problemsIntro}</p>}
      {errors.length > 0 && (
        <>
          <h3 className="problems-heading problems-heading--error">{t.spec.errorsHeading(errors.length)}</h3>
          <ul className="problems-list problems-list--error">{errors.map(item)}</ul>
        </>
      )}
      {warnings.length > 0 && (
        <>
          <h3 className="problems-heading problems-heading--warning">{t.spec.warningsHeading(warnings.length)}</h3>
          <ul className="problems-list problems-list--warning">{warnings.map(item)}</ul>
        </>
      )}
    </section>
  );

  const status = version ? t.status[version.status] : t.status.draft;
  return (
    <>
      <p className="breadcrumb"><Link to={pathOf(slug, 'specifications')}>{t.spec.back}</Link></p>
      <h1 id="main-heading" tabIndex={-1}>{heading}</h1>
      <p className="spec-meta">
        <span className={`status status--${version?.status ?? 'draft'}`}>{status}</span>
        {version && <span> · {t.spec.version(version.version)}{version.superseded ? ` · ${t.status.superseded}` : ''}</span>}
        {dirty && editable && <span className="unsaved"> · {t.spec.unsaved}</span>}
      </p>
      <p className="lead">{t.spec.intro}</p>
      {!props.canEdit && <Notice tone="info">{t.spec.readOnlyRole}</Notice>}
      {props.canEdit && version?.status === 'published' && <Notice tone="info">{t.spec.readOnlyPublished}</Notice>}
      {props.canEdit && version?.status === 'archived' && <Notice tone="info">{t.spec.readOnlyArchived}</Notice>}
      {version?.status === 'draft' && publishedVersion && <Notice tone="info">{t.spec.draftOfPublished(publishedVersion.version)}</Notice>}
      {notice && (
        <div id="spec-notice" tabIndex={-1} className="focus-target">
          <Notice>{notice.text}{notice.link && <> <Link to={notice.link}>{t.spec.viewPublic}</Link></>}</Notice>
        </div>
      )}
      {error !== undefined && <ErrorSummary error={error} />}
      {summary}

      <form className="form form--wide" onSubmit={(event) => { event.preventDefault(); if (editable) void save(); }} noValidate>
        <fieldset disabled={!editable} className="fieldset-plain">
          {basics}
          {awardingBody}
          {outcomes}
          {level}
          {assessment}
          {options}
        </fieldset>
        <div className="form-actions form-actions--sticky">
          {editable && (
            <>
              <button type="submit" className="button" aria-disabled={busy !== null}>{busy === 'save' ? t.spec.saving : t.spec.save}</button>
              <button type="button" className="button button--primary" aria-disabled={busy !== null} onClick={() => void publish()}>{busy === 'publish' ? t.spec.publishing : t.spec.publish}</button>
            </>
          )}
          {props.canEdit && version !== null && version.status !== 'draft' && (
            <button type="button" className="button button--primary" aria-disabled={busy !== null} onClick={() => void editNewVersion()}>
              {busy === 'edit' ? t.spec.startingDraft : t.spec.editNewVersion}
            </button>
          )}
          {version?.status === 'published' && specId !== null && <Link to={offerPath(specId, version.version)}>{t.spec.viewPublic}</Link>}
          {props.canEdit && specId !== null && version?.status === 'draft' && (
            <button type="button" className="button button--quiet" aria-disabled={busy !== null} onClick={() => { setConfirming('discard'); focusSoon('spec-confirm-yes'); }}>{t.spec.discard}</button>
          )}
          {props.canEdit && specId !== null && publishedVersion !== undefined && (
            <button type="button" className="button button--quiet" aria-disabled={busy !== null} onClick={() => { setConfirming('archive'); focusSoon('spec-confirm-yes'); }}>{t.spec.archive}</button>
          )}
        </div>
        {confirming !== null && (
          <div className="confirm-box" role="group" aria-labelledby="spec-confirm-question">
            <p id="spec-confirm-question">{confirming === 'archive' ? t.spec.archiveQuestion : t.spec.discardQuestion}</p>
            <button type="button" id="spec-confirm-yes" className="button button--danger" aria-disabled={busy !== null} onClick={() => void (confirming === 'archive' ? archive() : discard())}>
              {confirming === 'archive' ? t.spec.confirmArchive : t.spec.confirmDiscard}
            </button>
            <button type="button" className="button" onClick={() => setConfirming(null)}>{t.spec.cancel}</button>
          </div>
        )}
      </form>

      {versions.length > 0 && specId !== null && <Versions specId={specId} versions={versions} t={t} lang={lang} />}
    </>
  );
}

/** A button that adds a row to a list; problems about the list as a whole are shown under it. */
function ListButton(props: {
  readonly id: string; readonly label: string; readonly text: string; readonly ariaLabel?: string; readonly hidden: boolean;
  readonly primary?: boolean; readonly error: Bilingual | undefined; readonly warning: Bilingual | undefined; onClick(): void;
}): ReactNode {
  const { lang } = useI18n();
  return (
    <div className="list-button">
      {!props.hidden && (
        <button
          type="button" id={props.id} className={`button${props.primary ? ' button--secondary' : ''}`} onClick={props.onClick} aria-label={props.ariaLabel}
          aria-describedby={describedBy(props.error && `${props.id}-error`, props.warning && `${props.id}-warning`)}
        >
          <span aria-hidden="true">+</span> {props.text}
        </button>
      )}
      {props.error && <p id={`${props.id}-error`} className="field-error">{props.error[lang]}</p>}
      {props.warning && <p id={`${props.id}-warning`} className="field-warning">{props.warning[lang]}</p>}
    </div>
  );
}

/** Languages of instruction: the EU's official languages, and others behind a disclosure; the value keeps its order. */
function LanguagesField(props: {
  readonly id: string; readonly label: string; readonly value: readonly string[]; onChange(value: string[]): void; readonly required: string;
  readonly error: Bilingual | undefined; readonly warning: Bilingual | undefined;
}): ReactNode {
  const { t, lang } = useI18n();
  const byName = (a: string, b: string): number => languageName(a, lang).localeCompare(languageName(b, lang), lang);
  const main = [...EU_LANGUAGES].sort(byName);
  const others = [...new Set<string>([...OTHER_LANGUAGES, ...props.value.filter((c) => !(EU_LANGUAGES as readonly string[]).includes(c))])].sort(byName);
  const toggle = (code: string, on: boolean): void => props.onChange(on ? [...props.value, code] : props.value.filter((c) => c !== code));
  const box = (code: string): ReactNode => (
    <label key={code} className="check">
      <input type="checkbox" id={`${props.id}-${code}`} checked={props.value.includes(code)} onChange={(event) => toggle(code, event.target.checked)} />
      <span>{languageName(code, lang)} <span className="muted">({code})</span></span>
    </label>
  );
  const otherChosen = others.some((c) => props.value.includes(c));
  return (
    <fieldset
      id={props.id} tabIndex={-1} className={`field checks focus-target${props.error ? ' field--invalid' : ''}`}
      aria-describedby={describedBy(`${props.id}-hint`, props.error && `${props.id}-error`, props.warning && `${props.id}-warning`)}
    >
      <legend>{props.label} <span className="field-required">({props.required})</span></legend>
      <p id={`${props.id}-hint`} className="field-hint">{t.spec.languagesHint}</p>
      <div className="check-grid">{main.map(box)}</div>
      <details open={otherChosen}>
        <summary>{t.spec.otherLanguages}</summary>
        <div className="check-grid">{others.map(box)}</div>
      </details>
      {props.error && <p id={`${props.id}-error`} className="field-error">{props.error[lang]}</p>}
      {props.warning && <p id={`${props.id}-warning`} className="field-warning">{props.warning[lang]}</p>}
    </fieldset>
  );
}

/** The validity period: a number and a unit (→ P3Y, P6M…), or any ISO 8601 duration. */
function ValidityField(props: {
  readonly id: string; readonly label: string; readonly amount: string; readonly unit: ValidityUnit; readonly custom: string;
  onAmount(value: string): void; onUnit(value: ValidityUnit): void; onCustom(value: string): void;
  readonly error: Bilingual | undefined; readonly warning: Bilingual | undefined;
}): ReactNode {
  const { t, lang } = useI18n();
  return (
    <fieldset
      id={props.id} tabIndex={-1} className={`field focus-target${props.error ? ' field--invalid' : ''}`}
      aria-describedby={describedBy(`${props.id}-hint`, props.error && `${props.id}-error`, props.warning && `${props.id}-warning`)}
    >
      <legend>{props.label}</legend>
      <p id={`${props.id}-hint`} className="field-hint">{t.spec.validityHint}</p>
      <div className="field-row">
        {props.unit === 'custom'
          ? <TextField id={`${props.id}-custom`} label={t.spec.validityCustom} value={props.custom} onChange={props.onCustom} spellCheck={false} inputClassName="input-medium" />
          : <TextField id={`${props.id}-amount`} label={t.spec.validityAmount} inputMode="numeric" value={props.amount} onChange={props.onAmount} inputClassName="input-short" />}
        <SelectField<ValidityUnit>
          id={`${props.id}-unit`} label={t.spec.validityUnit} value={props.unit} onChange={props.onUnit}
          options={VALIDITY_UNITS.map((u) => ({ value: u, label: t.spec.units[u] }))}
        />
      </div>
      {props.error && <p id={`${props.id}-error`} className="field-error">{props.error[lang]}</p>}
      {props.warning && <p id={`${props.id}-warning`} className="field-warning">{props.warning[lang]}</p>}
    </fieldset>
  );
}

function Versions(props: { readonly specId: string; readonly versions: readonly VersionSummary[]; readonly t: Dictionary; readonly lang: Lang }): ReactNode {
  const { t, lang } = props;
  return (
    <section className="versions" aria-labelledby="spec-versions-title">
      <h2 id="spec-versions-title">{t.spec.versions}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr><th scope="col">{t.spec.colVersion}</th><th scope="col">{t.spec.colStatus}</th><th scope="col">{t.spec.colCreated}</th><th scope="col">{t.spec.colPublished}</th></tr>
          </thead>
          <tbody>
            {[...props.versions].sort((a, b) => b.version - a.version).map((v) => (
              <tr key={v.version}>
                <th scope="row">{v.version}</th>
                <td>
                  <span className={`status status--${v.status}`}>{statusName(t, v.status)}</span>
                  {v.superseded && <span className="muted"> · {t.status.superseded}</span>}
                </td>
                <td>{formatDateTime(v.createdAt, lang)}</td>
                <td>
                  {v.publishedAt ? formatDateTime(v.publishedAt, lang) : '—'}
                  {v.status !== 'draft' && <> · <Link to={offerPath(props.specId, v.version)}>{t.spec.publicPage}</Link></>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function statusName(t: Dictionary, status: string): string {
  return status === 'draft' || status === 'published' || status === 'archived' ? t.status[status] : status;
}
