/**
 * Issuing (/institutions/:slug/issue): two tabs, one credential (a form: the published specification, the learner,
 * the result with a grade from the specification's grading scheme, the options; field problems next to their fields)
 * and a cohort from a CSV/XLSX file (read in the browser, sent as base64; the preview opens on the batch's page),
 * with the recent batches. The tab lives in the address (?tab=cohort). Issuers and owners issue; others only look.
 */
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import {
  api, fieldProblems, type Bilingual, type IssueResult, type IssueRequest, type SpecificationSummary,
} from '../api.ts';
import { useDocumentTitle, useLoad } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { batchPath, credentialPath, navigate, useSearch } from '../router.ts';
import { codeOptions, formatDateTime, gradeLabel, gradeScale } from '../vocab.ts';
import { CheckboxField, ErrorSummary, Loading, Notice, SelectField, TextField } from './fields.tsx';
import {
  base64Of, BatchStatusBadge, CopyField, CredentialDownloads, CredentialStatusBadge, publishedOf, specTitle, useSpecifications,
} from './issuance.tsx';
import { Link } from './Link.tsx';

type Tab = 'one' | 'cohort';
const TABS: readonly Tab[] = ['one', 'cohort'];

/** Largest file the server takes (src/http/routes/issuance.ts UPLOAD_LIMIT). */
const UPLOAD_LIMIT = 10 * 1024 * 1024;

export function IssuePage(props: { readonly slug: string; readonly canIssue: boolean }): ReactNode {
  const { t } = useI18n();
  useDocumentTitle(t.issue.title);
  const search = useSearch();
  const tab: Tab = new URLSearchParams(search).get('tab') === 'cohort' ? 'cohort' : 'one';
  const specs = useSpecifications(props.slug);

  function choose(next: Tab, focus: boolean): void {
    navigate(`/institutions/${props.slug}/issue${next === 'cohort' ? '?tab=cohort' : ''}`, { replace: true, keepFocus: true });
    if (focus) window.setTimeout(() => document.getElementById(`issue-tab-${next}`)?.focus(), 0);
  }

  function onTabKey(event: KeyboardEvent<HTMLButtonElement>): void {
    const index = TABS.indexOf(tab);
    let next: Tab | undefined;
    if (event.key === 'ArrowRight') next = TABS[(index + 1) % TABS.length];
    else if (event.key === 'ArrowLeft') next = TABS[(index + TABS.length - 1) % TABS.length];
    else if (event.key === 'Home') next = TABS[0];
    else if (event.key === 'End') next = TABS[TABS.length - 1];
    if (next === undefined) return;
    event.preventDefault();
    choose(next, true);
  }

  const label: Record<Tab, string> = { one: t.issue.tabOne, cohort: t.issue.tabCohort };
  return (
    <>
      <h1 id="main-heading" tabIndex={-1}>{t.issue.title}</h1>
      <p className="lead">{t.issue.intro}</p>
      {!props.canIssue && <Notice tone="info">{t.issuance.roleOnly}</Notice>}

      <div className="tabs" role="tablist" aria-label={t.issue.tabs}>
        {TABS.map((name) => (
          <button
            key={name} type="button" role="tab" id={`issue-tab-${name}`} aria-selected={tab === name} aria-controls={tab === name ? 'issue-panel' : undefined}
            tabIndex={tab === name ? 0 : -1} className="tab" onClick={() => choose(name, false)} onKeyDown={onTabKey}
          >
            {label[name]}
          </button>
        ))}
      </div>

      <div role="tabpanel" id="issue-panel" aria-labelledby={`issue-tab-${tab}`} className="tab-panel">
        {specs.status === 'loading' && <Loading />}
        {specs.status === 'error' && <ErrorSummary error={specs.error} />}
        {specs.status === 'ready' && (
          tab === 'one'
            ? <IssueOne slug={props.slug} specs={publishedOf(specs.data)} canIssue={props.canIssue} />
            : (
              <>
                {props.canIssue && <CohortUpload slug={props.slug} specs={publishedOf(specs.data)} />}
                <RecentBatches slug={props.slug} specs={specs.data} />
              </>
            )
        )}
      </div>
    </>
  );
}

/* ---------- One credential ---------- */

interface OneForm {
  readonly specId: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly email: string;
  readonly dateOfBirth: string;
  readonly studentNumber: string;
  readonly assessmentDate: string;
  readonly grade: string;
  readonly supervision: string;
  readonly externalReference: string;
  readonly language: 'pl' | 'en';
  readonly suspendable: boolean;
  readonly notify: boolean;
}

const LEARNER_RESET = {
  givenName: '', familyName: '', email: '', dateOfBirth: '', studentNumber: '', assessmentDate: '', grade: '', supervision: '', externalReference: '',
} as const;

/** Problem path (without `body.`) → field id. */
const FIELD_IDS: Record<string, string> = {
  specId: 'issue-spec', version: 'issue-spec', learner: 'issue-givenName',
  'learner.givenName': 'issue-givenName', 'learner.familyName': 'issue-familyName', 'learner.fullName': 'issue-givenName',
  'learner.email': 'issue-email', 'learner.dateOfBirth': 'issue-dateOfBirth', 'learner.studentNumber': 'issue-studentNumber',
  'result.assessmentDate': 'issue-assessmentDate', 'result.issuedAt': 'issue-assessmentDate', 'result.grade': 'issue-grade',
  'result.supervisionVerificationUsed': 'issue-supervision', 'result.externalReference': 'issue-externalReference',
  'options.language': 'issue-language-pl', 'options.suspendable': 'issue-suspendable', 'options.notify': 'issue-notify',
};

/** The field a problem path belongs to (`learner.email` also for `learner.email.x`). */
function fieldIdOf(path: string): string | undefined {
  let best: string | undefined;
  for (const key of Object.keys(FIELD_IDS)) {
    if ((path === key || path.startsWith(`${key}.`) || path.startsWith(`${key}[`)) && (best === undefined || key.length > best.length)) best = key;
  }
  return best === undefined ? undefined : FIELD_IDS[best];
}

function requestOf(form: OneForm, version: number | undefined): IssueRequest {
  const text = (value: string): string | undefined => (value.trim() === '' ? undefined : value.trim());
  const learner = {
    givenName: form.givenName.trim(), familyName: form.familyName.trim(),
    ...(text(form.email) !== undefined && { email: text(form.email) }),
    ...(text(form.dateOfBirth) !== undefined && { dateOfBirth: text(form.dateOfBirth) }),
    ...(text(form.studentNumber) !== undefined && { studentNumber: text(form.studentNumber) }),
  };
  const result = {
    ...(text(form.assessmentDate) !== undefined && { assessmentDate: text(form.assessmentDate) }),
    ...(text(form.grade) !== undefined && { grade: text(form.grade) }),
    ...(text(form.supervision) !== undefined && { supervisionVerificationUsed: text(form.supervision) }),
    ...(text(form.externalReference) !== undefined && { externalReference: text(form.externalReference) }),
  };
  return {
    specId: form.specId, ...(version !== undefined && { version }), learner, result,
    options: { language: form.language, suspendable: form.suspendable, notify: form.notify },
  };
}

function IssueOne(props: { readonly slug: string; readonly specs: readonly SpecificationSummary[]; readonly canIssue: boolean }): ReactNode {
  const { t, lang } = useI18n();
  const [form, setForm] = useState<OneForm>(() => ({
    specId: props.specs.length === 1 ? props.specs[0]?.specId ?? '' : '', ...LEARNER_RESET, language: 'pl', suspendable: false, notify: true,
  }));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [issued, setIssued] = useState<IssueResult | undefined>(undefined);

  const spec = props.specs.find((s) => s.specId === form.specId);
  const version = spec?.publishedVersion ?? undefined;
  // The published version's document: its grading scheme gives the grades to choose from.
  const specVersion = useLoad(`${props.slug}/${form.specId}/${version ?? ''}`, () => (
    spec && version !== undefined ? api.specificationVersion(props.slug, spec.specId, version) : Promise.resolve(undefined)
  )).state;
  const scale = specVersion.status === 'ready' ? gradeScale(specVersion.data?.document.gradingScheme) : undefined;

  const set = <K extends keyof OneForm>(key: K) => (value: OneForm[K]): void => setForm((f) => ({ ...f, [key]: value }));

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setIssued(undefined);
    try {
      const result = await api.issue(props.slug, requestOf(form, version));
      setIssued(result);
      setForm((f) => ({ ...f, ...LEARNER_RESET }));
    } catch (caught) {
      setError(caught);
      window.setTimeout(() => document.getElementById('issue-errors')?.focus(), 0);
    } finally {
      setBusy(false);
    }
  }

  if (props.specs.length === 0) return <p className="muted">{t.issuance.noPublished}</p>;

  const problems = new Map<string, Bilingual>();
  const summaryFields = new Map<string, { id: string; label: string }>();
  const labels: Record<string, string> = {
    'issue-spec': t.issue.spec, 'issue-givenName': t.issue.givenName, 'issue-familyName': t.issue.familyName, 'issue-email': t.issue.email,
    'issue-dateOfBirth': t.issue.dateOfBirth, 'issue-studentNumber': t.issue.studentNumber, 'issue-assessmentDate': t.issue.assessmentDate,
    'issue-grade': t.issue.grade, 'issue-supervision': t.issue.supervision, 'issue-externalReference': t.issue.externalReference,
    'issue-language-pl': t.issuance.language, 'issue-suspendable': t.issuance.suspendable, 'issue-notify': t.issuance.notify,
  };
  for (const [path, message] of fieldProblems(error)) {
    const id = fieldIdOf(path);
    if (id === undefined) continue;
    if (!problems.has(id)) problems.set(id, message);
    summaryFields.set(path, { id, label: labels[id] ?? path });
  }
  const specOptions = [
    { value: '', label: t.issuance.notChosen },
    ...props.specs.map((s) => ({ value: s.specId, label: t.issuance.specOption(specTitle(props.specs, s.specId, lang), s.publishedVersion ?? s.version) })),
  ];

  return (
    <>
      {issued && (
        <IssuedSummary slug={props.slug} result={issued} onAnother={() => { setIssued(undefined); document.getElementById('issue-givenName')?.focus(); }} />
      )}
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        {error !== undefined && (
          <div id="issue-errors" tabIndex={-1} className="focus-target">
            <ErrorSummary error={error} fields={summaryFields} />
          </div>
        )}
        <fieldset disabled={!props.canIssue || busy} className="fieldset-plain">
          <div className="section">
            <SelectField
              id="issue-spec" label={t.issue.spec} value={form.specId} onChange={(specId) => setForm((f) => ({ ...f, specId, grade: '' }))}
              options={specOptions} required hint={t.issue.specHint} error={problems.get('issue-spec')}
            />
          </div>

          <fieldset className="section">
            <legend>{t.issue.learner}</legend>
            <div className="field-row">
              <TextField id="issue-givenName" label={t.issue.givenName} value={form.givenName} onChange={set('givenName')} required maxLength={100} autoComplete="off" className="grow" error={problems.get('issue-givenName')} />
              <TextField id="issue-familyName" label={t.issue.familyName} value={form.familyName} onChange={set('familyName')} required maxLength={100} autoComplete="off" className="grow" error={problems.get('issue-familyName')} />
            </div>
            <TextField
              id="issue-email" label={t.issue.email} type="email" inputMode="email" spellCheck={false} autoComplete="off" value={form.email}
              onChange={set('email')} maxLength={254} hint={t.issue.emailHint} error={problems.get('issue-email')}
            />
            <div className="field-row">
              <TextField id="issue-dateOfBirth" label={t.issue.dateOfBirth} type="date" value={form.dateOfBirth} onChange={set('dateOfBirth')} error={problems.get('issue-dateOfBirth')} />
              <TextField id="issue-studentNumber" label={t.issue.studentNumber} value={form.studentNumber} onChange={set('studentNumber')} maxLength={40} spellCheck={false} autoComplete="off" error={problems.get('issue-studentNumber')} />
            </div>
          </fieldset>

          <fieldset className="section">
            <legend>{t.issue.result}</legend>
            <div className="field-row">
              <TextField id="issue-assessmentDate" label={t.issue.assessmentDate} type="date" value={form.assessmentDate} onChange={set('assessmentDate')} error={problems.get('issue-assessmentDate')} />
              {scale && (
                <SelectField
                  id="issue-grade" label={t.issue.grade} value={form.grade} onChange={set('grade')} className="grow"
                  options={[
                    { value: '', label: t.issue.noGrade },
                    ...[...scale.values].reverse().map((v) => ({
                      value: v, label: `${gradeLabel(scale.code, v, lang)}${scale.passing.includes(v) ? '' : ` — ${t.issue.failing}`}`,
                    })),
                  ]}
                  hint={t.issue.gradeHint(scale.label[lang])} error={problems.get('issue-grade')}
                />
              )}
            </div>
            <SelectField
              id="issue-supervision" label={t.issue.supervision} value={form.supervision} onChange={set('supervision')}
              options={[{ value: '', label: t.issuance.notChosen }, ...codeOptions('supervisionVerification', lang)]} error={problems.get('issue-supervision')}
            />
            <TextField
              id="issue-externalReference" label={t.issue.externalReference} value={form.externalReference} onChange={set('externalReference')}
              maxLength={200} spellCheck={false} autoComplete="off" hint={t.issue.externalReferenceHint} error={problems.get('issue-externalReference')}
            />
          </fieldset>

          <fieldset className="section">
            <legend>{t.issue.options}</legend>
            <OptionsFields
              idPrefix="issue" language={form.language} suspendable={form.suspendable} notify={form.notify}
              onChange={(change) => setForm((f) => ({ ...f, ...change }))}
            />
          </fieldset>
        </fieldset>
        {props.canIssue && (
          <div className="form-actions">
            <button type="submit" className="button button--primary" disabled={busy}>{busy ? t.issue.submitting : t.issue.submit}</button>
          </div>
        )}
      </form>
    </>
  );
}

/** The options every credential is issued with: language, a suspension entry, an e-mail to the learner. */
export function OptionsFields(props: {
  readonly idPrefix: string;
  readonly language: 'pl' | 'en';
  readonly suspendable: boolean;
  readonly notify: boolean;
  onChange(change: { language?: 'pl' | 'en'; suspendable?: boolean; notify?: boolean }): void;
}): ReactNode {
  const { t } = useI18n();
  const { idPrefix } = props;
  return (
    <>
      <fieldset className="field" aria-describedby={`${idPrefix}-language-hint`}>
        <legend>{t.issuance.language}</legend>
        <p id={`${idPrefix}-language-hint`} className="field-hint">{t.issuance.languageHint}</p>
        {(['pl', 'en'] as const).map((l) => (
          <div className="radio" key={l}>
            <input type="radio" id={`${idPrefix}-language-${l}`} name={`${idPrefix}-language`} checked={props.language === l} onChange={() => props.onChange({ language: l })} />
            <label htmlFor={`${idPrefix}-language-${l}`}>{t.issuance.languages[l]}</label>
          </div>
        ))}
      </fieldset>
      <CheckboxField id={`${idPrefix}-suspendable`} label={t.issuance.suspendable} checked={props.suspendable} onChange={(suspendable) => props.onChange({ suspendable })} hint={t.issuance.suspendableHint} />
      <CheckboxField id={`${idPrefix}-notify`} label={t.issuance.notify} checked={props.notify} onChange={(notify) => props.onChange({ notify })} hint={t.issuance.notifyHint} />
    </>
  );
}

function IssuedSummary(props: {
  readonly slug: string;
  readonly result: IssueResult;
  onAnother(): void;
}): ReactNode {
  const { t, lang } = useI18n();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // A new result: focus its heading, so that the outcome is read out and the links follow.
    headingRef.current?.focus();
  }, [props.result]);
  const { credential, created } = props.result;
  const title = credential.title[lang] || credential.title.pl;
  return (
    <section className={`card card--wide ${created ? 'card--success' : 'card--notice'}`} aria-labelledby="issued-title">
      <h2 id="issued-title" ref={headingRef} tabIndex={-1}>{created ? t.issue.issuedTitle : t.issue.existedTitle}</h2>
      {!created && <p role="status">{t.issue.existed}</p>}
      <dl className="facts facts--inline">
        <div><dt>{t.issue.issuedTo}</dt><dd>{credential.learner.name}{credential.learner.email && ` <${credential.learner.email}>`}</dd></div>
        <div><dt>{t.issue.spec}</dt><dd>{title}</dd></div>
        <div><dt>{t.credential.issuedAt}</dt><dd>{formatDateTime(credential.issuedAt, lang)}</dd></div>
        <div><dt>{t.credential.status}</dt><dd><CredentialStatusBadge status={credential.status} /></dd></div>
      </dl>
      <CredentialDownloads slug={props.slug} id={credential.id} headingId="issued-downloads" level={3} />
      {credential.verifyUrl && <CopyField id="issued-verify-url" label={t.issuance.verifyUrl} value={credential.verifyUrl} hint={t.issuance.verifyUrlHint} open />}
      <p className="inline-list">
        <Link to={credentialPath(props.slug, credential.id)}>{t.issue.details}</Link>
        <button type="button" className="button button--quiet" onClick={props.onAnother}>{t.issue.another}</button>
      </p>
    </section>
  );
}

/* ---------- A cohort from a file ---------- */

function CohortUpload(props: { readonly slug: string; readonly specs: readonly SpecificationSummary[] }): ReactNode {
  const { t, lang } = useI18n();
  const [specId, setSpecId] = useState(() => (props.specs.length === 1 ? props.specs[0]?.specId ?? '' : ''));
  const [file, setFile] = useState<File | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [fileError, setFileError] = useState<'noFile' | 'tooLarge' | undefined>(undefined);

  if (props.specs.length === 0) return <p className="muted">{t.issuance.noPublished}</p>;

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    setError(undefined);
    setFileError(undefined);
    if (!file) {
      setFileError('noFile');
      document.getElementById('cohort-file')?.focus();
      return;
    }
    if (file.size > UPLOAD_LIMIT) {
      setFileError('tooLarge');
      document.getElementById('cohort-file')?.focus();
      return;
    }
    setBusy(true);
    try {
      const spec = props.specs.find((s) => s.specId === specId);
      const batch = await api.uploadBatch(props.slug, {
        specId, ...(spec?.publishedVersion ? { version: spec.publishedVersion } : {}), fileName: file.name, content: await base64Of(file),
      });
      navigate(batchPath(props.slug, batch.id));
    } catch (caught) {
      setError(caught);
      setBusy(false);
      window.setTimeout(() => document.getElementById('cohort-errors')?.focus(), 0);
    }
  }

  const problems = fieldProblems(error);
  const serverFileProblem = problems.get('content') ?? problems.get('file') ?? problems.get('fileName');
  const fileProblem = fileError !== undefined ? t.cohort[fileError] : serverFileProblem?.[lang];
  const specOptions = [
    { value: '', label: t.issuance.notChosen },
    ...props.specs.map((s) => ({ value: s.specId, label: t.issuance.specOption(specTitle(props.specs, s.specId, lang), s.publishedVersion ?? s.version) })),
  ];
  return (
    <section className="card card--wide" aria-labelledby="cohort-title">
      <h2 id="cohort-title">{t.cohort.formTitle}</h2>
      <p className="field-hint">{t.cohort.formIntro}</p>
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        {error !== undefined && (
          <div id="cohort-errors" tabIndex={-1} className="focus-target">
            <ErrorSummary error={error} fields={new Map([
              ['specId', { id: 'cohort-spec', label: t.issue.spec }], ['version', { id: 'cohort-spec', label: t.issue.spec }],
              ['content', { id: 'cohort-file', label: t.cohort.file }], ['file', { id: 'cohort-file', label: t.cohort.file }],
            ])} />
          </div>
        )}
        <fieldset disabled={busy} className="fieldset-plain">
          <SelectField
            id="cohort-spec" label={t.issue.spec} value={specId} onChange={setSpecId} options={specOptions} required
            hint={t.issue.specHint} error={problems.get('specId') ?? problems.get('version')}
          />
          <div className={['field', fileProblem ? 'field--invalid' : ''].filter(Boolean).join(' ')}>
            <label htmlFor="cohort-file">{t.cohort.file}<span className="field-required"> ({t.required})</span></label>
            <p id="cohort-file-hint" className="field-hint">{t.cohort.fileHint}</p>
            <input
              id="cohort-file" type="file" required
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(event) => { setFile(event.target.files?.[0]); setFileError(undefined); }}
              aria-invalid={fileProblem ? true : undefined}
              aria-describedby={['cohort-file-hint', fileProblem ? 'cohort-file-error' : ''].filter(Boolean).join(' ')}
            />
            {fileProblem && <p id="cohort-file-error" className="field-error">{fileProblem}</p>}
          </div>
          <p><a href="/api/v1/samples/cohort.csv" download>{t.cohort.sample}</a></p>
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={busy}>{busy ? t.cohort.uploading : t.cohort.submit}</button>
          {busy && <p role="status" className="muted">{t.cohort.uploading}</p>}
        </div>
      </form>
    </section>
  );
}

function RecentBatches(props: { readonly slug: string; readonly specs: readonly SpecificationSummary[] }): ReactNode {
  const { t, lang } = useI18n();
  const { state } = useLoad(`batches:${props.slug}`, () => api.batches(props.slug));
  return (
    <section aria-labelledby="recent-batches">
      <h2 id="recent-batches">{t.cohort.recent}</h2>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorSummary error={state.error} />}
      {state.status === 'ready' && (state.data.length === 0 ? <p className="muted">{t.cohort.noBatches}</p> : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t.cohort.recent}</caption>
            <thead>
              <tr>
                <th scope="col">{t.cohort.colFile}</th>
                <th scope="col">{t.cohort.colSpec}</th>
                <th scope="col">{t.cohort.colCreated}</th>
                <th scope="col">{t.cohort.colStatus}</th>
                <th scope="col" className="num">{t.cohort.colRows}</th>
                <th scope="col" className="num">{t.cohort.colIssued}</th>
              </tr>
            </thead>
            <tbody>
              {state.data.map((batch) => (
                <tr key={batch.id}>
                  <th scope="row"><Link to={batchPath(props.slug, batch.id)}>{batch.fileName ?? t.cohort.unnamed}</Link></th>
                  <td>{specTitle(props.specs, batch.specId, lang)}</td>
                  <td>{formatDateTime(batch.createdAt, lang)}</td>
                  <td><BatchStatusBadge status={batch.status} /></td>
                  <td className="num">{batch.counts.total}</td>
                  <td className="num">{batch.counts.issued}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}
