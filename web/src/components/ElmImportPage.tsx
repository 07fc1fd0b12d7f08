/**
 * Importing an ELM document (Europass / EDC) into the catalogue (/institutions/:slug/specifications/import; designers,
 * docs/catalogue.md "Import from ELM (Europass)"): a .json / .jsonld file, chosen or dropped, is read and parsed in
 * the browser (a file that is not JSON is refused here, with no request), then sent as a dry run. The page shows
 * what the document is, the elements carried over, what is kept as further information, what is left out and why,
 * and the problems the draft will have; "Create draft" sends the real import and opens the new draft in the editor.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { api, type ElmDocument, type ElmImportResult, type SpecProblem } from '../api.ts';
import { useDocumentTitle } from '../hooks.ts';
import { useI18n, type Dictionary, type Lang } from '../i18n.ts';
import { navigate, pathOf, specificationPath } from '../router.ts';
import { specPathLabel } from '../specLabels.ts';
import { languageName } from '../vocab.ts';
import { Notice, problemMessage } from './fields.tsx';
import { Link } from './Link.tsx';
import { FileDrop } from './verification.tsx';

/** The server's limit for an ELM document (src/http/routes/specifications.ts). */
const MAX_FILE = 6 * 1024 * 1024;

type LocalProblem = 'notJson' | 'notObject' | 'tooLarge';

/** What the page shows about the chosen file. */
type Stage =
  | { readonly step: 'none' }
  | { readonly step: 'local'; readonly fileName: string; readonly problem: LocalProblem }
  | { readonly step: 'checking'; readonly fileName: string }
  | { readonly step: 'refused'; readonly fileName: string; readonly error: unknown }
  | { readonly step: 'preview'; readonly fileName: string; readonly document: ElmDocument; readonly result: ElmImportResult };

function parseDocument(text: string): ElmDocument | 'notJson' | 'notObject' {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'notJson';
  }
  const isObject = (v: unknown): v is Readonly<Record<string, unknown>> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(value)) return value;
  if (Array.isArray(value) && value.length > 0 && value.every(isObject)) return value;
  return 'notObject';
}

export function ElmImportPage(props: { readonly slug: string; readonly canEdit: boolean }): ReactNode {
  const { t, lang } = useI18n();
  useDocumentTitle(t.elmImport.title);
  const [stage, setStage] = useState<Stage>({ step: 'none' });
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<unknown>(undefined);
  /** The newest file chosen: answers about an earlier one are dropped. */
  const generation = useRef(0);
  const fileRef = useRef<HTMLInputElement>(null);

  // A new preview: focus moves to it (its heading), so keyboard and screen reader users start there.
  useEffect(() => {
    if (stage.step === 'preview') document.getElementById('elm-result')?.focus();
  }, [stage]);

  async function check(file: File): Promise<void> {
    const current = ++generation.current;
    setCreateError(undefined);
    const fileName = file.name;
    if (file.size > MAX_FILE) return setStage({ step: 'local', fileName, problem: 'tooLarge' });
    setStage({ step: 'checking', fileName });
    let parsed: ReturnType<typeof parseDocument>;
    try {
      parsed = parseDocument(await file.text());
    } catch {
      parsed = 'notJson';
    }
    if (current !== generation.current) return;
    if (typeof parsed === 'string') return setStage({ step: 'local', fileName, problem: parsed });
    try {
      const result = await api.importElm(props.slug, parsed, true);
      if (current !== generation.current) return;
      setStage({ step: 'preview', fileName, document: parsed, result });
    } catch (caught) {
      if (current === generation.current) setStage({ step: 'refused', fileName, error: caught });
    }
  }

  async function create(): Promise<void> {
    if (stage.step !== 'preview' || creating) return;
    setCreating(true);
    setCreateError(undefined);
    try {
      const result = await api.importElm(props.slug, stage.document, false);
      if (result.draft) navigate(specificationPath(props.slug, result.draft.specId));
      else setCreateError(new Error('no draft'));
    } catch (caught) {
      setCreateError(caught);
      window.setTimeout(() => document.getElementById('elm-create-error')?.focus(), 0);
    } finally {
      setCreating(false);
    }
  }

  function another(): void {
    generation.current++;
    setStage({ step: 'none' });
    setCreateError(undefined);
    window.setTimeout(() => fileRef.current?.focus(), 0);
  }

  const back = <p className="breadcrumb"><Link to={pathOf(props.slug, 'specifications')}>{t.spec.back}</Link></p>;
  if (!props.canEdit) {
    return (
      <>
        {back}
        <h1 id="main-heading" tabIndex={-1}>{t.elmImport.title}</h1>
        <Notice tone="info">{t.elmImport.designersOnly}</Notice>
      </>
    );
  }

  const fileProblem = stage.step === 'local' || stage.step === 'refused';
  return (
    <>
      {back}
      <h1 id="main-heading" tabIndex={-1}>{t.elmImport.title}</h1>
      <p className="lead">{t.elmImport.intro}</p>
      <div className="form card card--wide">
        <FileDrop
          id="elm-file" label={t.elmImport.file} hint={t.elmImport.fileHint} inputRef={fileRef} clearAfterChoice
          accept=".json,.jsonld,application/json,application/ld+json" disabled={creating}
          onFile={(file) => void check(file)} errorId={fileProblem ? 'elm-file-problem' : undefined}
        />
        {stage.step !== 'none' && <p className="chosen-file">{t.elmImport.chosen(stage.fileName)}</p>}
        {stage.step === 'local' && (
          <div className="alert alert--error" role="alert" id="elm-file-problem"><p>{t.elmImport[stage.problem](stage.fileName)}</p></div>
        )}
        {stage.step === 'refused' && (
          <div className="alert alert--error" role="alert" id="elm-file-problem">
            <p>{t.elmImport.refused(stage.fileName)} {problemMessage(stage.error, lang, t)}</p>
          </div>
        )}
        <p role="status" className="muted">{stage.step === 'checking' ? t.elmImport.checking : ''}</p>
      </div>

      {stage.step === 'preview' && (
        <ImportPreview
          result={stage.result} creating={creating} createError={createError}
          onCreate={() => void create()} onAnother={another}
        />
      )}
    </>
  );
}

function textOf(value: unknown, lang: Lang): { text: string; lang: string } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const texts = value as Readonly<Record<string, unknown>>;
  const order = [lang, lang === 'pl' ? 'en' : 'pl', ...Object.keys(texts)];
  for (const code of order) {
    const text = texts[code];
    if (typeof text === 'string' && text.trim() !== '') return { text, lang: code };
  }
  return undefined;
}

function ImportPreview(props: {
  readonly result: ElmImportResult;
  readonly creating: boolean;
  readonly createError: unknown;
  onCreate(): void;
  onAnother(): void;
}): ReactNode {
  const { t, lang } = useI18n();
  const { result } = props;
  const { report } = result;
  const title = textOf(result.document.title, lang);
  return (
    <section className="card card--wide elm-preview" aria-labelledby="elm-result">
      <h2 id="elm-result" tabIndex={-1}>{t.elmImport.resultTitle}</h2>
      <dl className="details">
        <div className="item"><dt>{t.elmImport.kind}</dt><dd>{t.elmImport.kinds[result.kind]}</dd></div>
        <div className="item">
          <dt>{t.elmImport.docTitle}</dt>
          <dd>{title ? <strong lang={title.lang === lang ? undefined : title.lang}>{title.text}</strong> : <span className="muted">{t.elmImport.noTitle}</span>}</dd>
        </div>
        {result.sourceIdentifiers.length > 0 && (
          <div className="item">
            <dt>{t.elmImport.sourceIdentifiers}</dt>
            <dd>{result.sourceIdentifiers.map((id) => `${id.schemeName}: ${id.notation}`).join(' · ')}</dd>
          </div>
        )}
        {result.sourceId !== null && (
          <div className="item"><dt>{t.elmImport.sourceId}</dt><dd><code>{result.sourceId}</code></dd></div>
        )}
      </dl>
      {result.kind === 'credential' && <Notice tone="info">{t.elmImport.learnerNote}</Notice>}

      <h3 id="elm-mapped">{t.elmImport.mappedTitle(report.mapped.length)}</h3>
      {report.mapped.length === 0 ? <p className="muted">{t.elmImport.none}</p> : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t.elmImport.mappedCaption}</caption>
            <thead><tr><th scope="col">{t.elmImport.colElement}</th><th scope="col">{t.elmImport.colFrom}</th></tr></thead>
            <tbody>
              {report.mapped.map((m, index) => {
                const label = specPathLabel(m.path, t);
                return (
                  <tr key={`${m.path}-${index}`}>
                    <th scope="row">{label ?? <code>{m.path}</code>}</th>
                    <td><code>{m.from}</code></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      <h3 id="elm-kept">{t.elmImport.keptTitle(report.keptAsFurtherInfo.length)}</h3>
      <p className="field-hint">{t.elmImport.keptIntro}</p>
      {report.keptAsFurtherInfo.length === 0 ? <p className="muted">{t.elmImport.none}</p> : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t.elmImport.keptCaption}</caption>
            <thead><tr><th scope="col">{t.elmImport.colLabel}</th><th scope="col">{t.elmImport.colText}</th><th scope="col">{t.elmImport.colFrom}</th></tr></thead>
            <tbody>
              {report.keptAsFurtherInfo.map((kept, index) => (
                <tr key={`${kept.from}-${index}`}>
                  <th scope="row">{kept.label[lang]}</th>
                  <td>
                    {Object.entries(kept.text).map(([code, text]) => (
                      <p key={code} className="pre-line elm-kept-text">
                        <span lang={code === lang ? undefined : code}>{text}</span>
                        {code !== lang && <span className="muted"> ({languageName(code, lang)})</span>}
                      </p>
                    ))}
                  </td>
                  <td><code>{kept.from}</code></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h3 id="elm-ignored">{t.elmImport.ignoredTitle(report.ignored.length)}</h3>
      <p className="field-hint">{t.elmImport.ignoredIntro}</p>
      {report.ignored.length === 0 ? <p className="muted">{t.elmImport.none}</p> : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t.elmImport.ignoredCaption}</caption>
            <thead><tr><th scope="col">{t.elmImport.colIgnored}</th><th scope="col">{t.elmImport.colReason}</th></tr></thead>
            <tbody>
              {report.ignored.map((ignored, index) => (
                <tr key={`${ignored.from}-${index}`}>
                  <th scope="row"><code>{ignored.from}</code></th>
                  <td>{ignored.reason[lang]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <DraftProblems problems={result.problems} t={t} lang={lang} />

      {props.createError !== undefined && (
        <div className="alert alert--error focus-target" role="alert" id="elm-create-error" tabIndex={-1}>
          <p>{problemMessage(props.createError, lang, t)}</p>
        </div>
      )}
      <div className="form-actions">
        <button type="button" className="button button--primary" aria-disabled={props.creating} onClick={props.onCreate}>
          {props.creating ? t.elmImport.creating : t.elmImport.create}
        </button>
        <button type="button" className="button" onClick={props.onAnother}>{t.elmImport.another}</button>
        <p role="status" className="muted">{props.creating ? t.elmImport.creating : ''}</p>
      </div>
    </section>
  );
}

/** The problems the draft will have, as the editor's summary lists them (errors and warnings apart). */
function DraftProblems(props: { readonly problems: readonly SpecProblem[]; readonly t: Dictionary; readonly lang: Lang }): ReactNode {
  const { t, lang } = props;
  const errors = props.problems.filter((p) => p.severity === 'error');
  const warnings = props.problems.filter((p) => p.severity === 'warning');
  const item = (p: SpecProblem, index: number): ReactNode => (
    <li key={`${p.path}-${p.code}-${index}`}>
      {specPathLabel(p.path, t, { asProblem: true }) ?? (p.path === '' ? t.spec.wholeDocument : p.path)}: {p.severity === 'warning' ? t.spec.warningPrefix : ''}{p.message[lang]}
    </li>
  );
  return (
    <section id="elm-problems" className={`problems elm-problems${errors.length > 0 ? ' problems--errors' : ''}`} aria-labelledby="elm-problems-title">
      <h3 id="elm-problems-title">{t.elmImport.problemsTitle}</h3>
      {errors.length === 0 && warnings.length === 0
        ? <p className="problems-ok">{t.elmImport.noProblems}</p>
        : <p className="field-hint">{t.elmImport.problemsIntro}</p>}
      {errors.length > 0 && (
        <>
          <h4 className="problems-heading problems-heading--error">{t.spec.errorsHeading(errors.length)}</h4>
          <ul className="problems-list problems-list--error">{errors.map(item)}</ul>
        </>
      )}
      {warnings.length > 0 && (
        <>
          <h4 className="problems-heading problems-heading--warning">{t.spec.warningsHeading(warnings.length)}</h4>
          <ul className="problems-list problems-list--warning">{warnings.map(item)}</ul>
        </>
      )}
    </section>
  );
}
