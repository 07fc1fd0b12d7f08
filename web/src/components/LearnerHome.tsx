/**
 * The learner's home (/me): their micro-credentials (institution, title, issued, status), chosen ones downloaded
 * together as a Verifiable Presentation; credentials added from elsewhere with their verification result; progress
 * on the pathways their credentials count toward; and their data: the export, the applications with access to it
 * (/me/apps), and erasure.
 */
import { useRef, useState, type ReactNode } from 'react';
import { learnerApi, learnerDownloads, type ImportedCredential, type OwnCredential } from '../api.ts';
import { useDocumentTitle, useLoad } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { learnerCredentialPath } from '../router.ts';
import { formatDate, institutionName, textIn } from '../vocab.ts';
import { ErrorSummary, Loading, Notice } from './fields.tsx';
import { credentialIssuer, credentialTitle, LearnerStatusBadge, PathwayProgressView } from './learner.tsx';
import { Link } from './Link.tsx';
import { CheckList, saveJson, VerdictBadge } from './verification.tsx';

export function LearnerHome(): ReactNode {
  const { t } = useI18n();
  useDocumentTitle(t.learner.home.title);
  return (
    <div className="learner-home">
      <h1 id="main-heading" tabIndex={-1}>{t.learner.home.title}</h1>
      <p className="lead">{t.learner.home.intro}</p>
      <OwnCredentials />
      <Imports />
      <Pathways />
      <section aria-labelledby="learner-data" className="section learner-data">
        <h2 id="learner-data">{t.learner.home.data}</h2>
        <p className="field-hint">{t.learner.home.dataHint}</p>
        <ul className="inline-list">
          <li><a className="button button--small" href={learnerDownloads.export} download>{t.learner.home.export}</a></li>
          <li><Link to="/me/apps" className="button button--small">{t.learner.apps.title}</Link></li>
          <li><Link to="/me/erase" className="button button--small button--danger">{t.learner.home.erase}</Link></li>
        </ul>
      </section>
    </div>
  );
}

function OwnCredentials(): ReactNode {
  const { t, lang } = useI18n();
  const { state } = useLoad('own', () => learnerApi.credentials());
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ readonly done: number } | { readonly error: unknown } | { readonly none: true } | undefined>(undefined);

  function toggle(id: string, on: boolean): void {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    setChosen(next);
    setResult(undefined);
  }

  async function downloadPresentation(credentials: readonly OwnCredential[]): Promise<void> {
    const ids = credentials.filter((c) => chosen.has(c.id)).map((c) => c.id);
    if (ids.length === 0) {
      setResult({ none: true });
      return;
    }
    setBusy(true);
    setResult(undefined);
    try {
      saveJson('presentation.json', await learnerApi.presentation(ids));
      setResult({ done: ids.length });
    } catch (error) {
      setResult({ error });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="learner-credentials" className="learner-credentials">
      <h2 id="learner-credentials" className="visually-hidden">{t.learner.home.caption}</h2>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorSummary error={state.error} />}
      {state.status === 'ready' && state.data.length === 0 && <p className="empty">{t.learner.home.empty}</p>}
      {state.status === 'ready' && state.data.length > 0 && (
        <>
          <div className="table-wrap">
            <table className="learner-table">
              <caption>{t.learner.home.caption}</caption>
              <thead>
                <tr>
                  <th scope="col" className="choose">{t.learner.home.colChoose}</th>
                  <th scope="col">{t.learner.home.colTitle}</th>
                  <th scope="col">{t.learner.home.colInstitution}</th>
                  <th scope="col">{t.learner.home.colIssued}</th>
                  <th scope="col">{t.learner.home.colStatus}</th>
                </tr>
              </thead>
              <tbody>
                {state.data.map((c) => {
                  const title = textIn(c.title, lang);
                  return (
                    <tr key={c.id} data-credential={c.id}>
                      <td className="choose">
                        <input
                          type="checkbox" className="choose-box" id={`choose-${c.id}`} checked={chosen.has(c.id)}
                          aria-label={t.learner.home.choose(title.text)} onChange={(event) => toggle(c.id, event.target.checked)}
                        />
                      </td>
                      <th scope="row"><Link to={learnerCredentialPath(c.id)} lang={title.lang === lang ? undefined : title.lang}>{title.text}</Link></th>
                      <td>{institutionName(c.institution, lang)}</td>
                      <td className="nowrap">{formatDate(c.issuedAt, lang)}</td>
                      <td><LearnerStatusBadge status={c.status} /></td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <div className="card card--wide presentation" role="group" aria-labelledby="learner-presentation">
            <h3 id="learner-presentation">{t.learner.home.presentation}</h3>
            <p className="field-hint" id="learner-presentation-hint">{t.learner.home.presentationHint}</p>
            <button
              type="button" className="button button--secondary" disabled={busy} aria-describedby="learner-presentation-hint"
              onClick={() => void downloadPresentation(state.data)}
            >
              {busy ? t.learner.home.presentationBusy : t.learner.home.presentationButton(chosen.size)}
            </button>
            <div role="status" className="presentation-status">
              {result && 'done' in result && <p className="problems-ok">{t.learner.home.presentationDone(result.done)}</p>}
              {result && 'none' in result && <p className="field-error">{t.learner.home.presentationNone}</p>}
            </div>
            {result && 'error' in result && <ErrorSummary error={result.error} />}
          </div>
        </>
      )}
    </section>
  );
}

function Imports(): ReactNode {
  const { t } = useI18n();
  const { state, set } = useLoad('imports', () => learnerApi.imports());
  const [removed, setRemoved] = useState<string | undefined>(undefined);
  const headingRef = useRef<HTMLHeadingElement>(null);
  return (
    <section aria-labelledby="learner-imports" className="learner-imports">
      <h2 id="learner-imports" tabIndex={-1} ref={headingRef}>{t.learner.home.imports}</h2>
      <p className="field-hint">{t.learner.home.importsHint}</p>
      {removed && <Notice>{t.learner.home.removed(removed)}</Notice>}
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorSummary error={state.error} />}
      {state.status === 'ready' && (state.data.length === 0 ? <p className="muted">{t.learner.home.importsEmpty}</p> : (
        <ul className="import-list">
          {state.data.map((item) => (
            <ImportItem
              key={item.id} item={item}
              onRemoved={(title) => {
                set(state.data.filter((i) => i.id !== item.id));
                setRemoved(title);
                window.setTimeout(() => headingRef.current?.focus(), 0);
              }}
            />
          ))}
        </ul>
      ))}
      <p><Link to="/me/import" className="button button--secondary">{t.learner.home.addImport}</Link></p>
    </section>
  );
}

function ImportItem(props: { readonly item: ImportedCredential; onRemoved(title: string): void }): ReactNode {
  const { t, lang } = useI18n();
  const { item } = props;
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const title = credentialTitle(item.credential, lang) ?? t.learner.home.untitled;
  const issuer = credentialIssuer(item.credential, lang);

  async function remove(): Promise<void> {
    setBusy(true);
    setError(undefined);
    try {
      await learnerApi.deleteImport(item.id);
      props.onRemoved(title);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  return (
    <li className="import-item card card--wide" data-import={item.id}>
      <div className="page-head">
        <h3 className="import-title">{title}</h3>
        <VerdictBadge report={item.report} />
      </div>
      <p className="muted">
        {issuer && <>{t.learner.home.issuedBy(issuer)} · </>}{t.learner.home.importedOn(formatDate(item.importedAt, lang))} · {item.format.toUpperCase()}
      </p>
      <div className="inline-list">
        <button type="button" className="button button--small" aria-expanded={open} aria-controls={`import-checks-${item.id}`} onClick={() => setOpen(!open)}>
          {open ? t.learner.home.hideChecks : t.learner.home.showChecks}
        </button>
        {!confirming && (
          <button
            type="button" id={`import-remove-${item.id}`} className="button button--small" aria-label={t.learner.home.removeImportLabel(title)}
            onClick={() => { setConfirming(true); window.setTimeout(() => document.getElementById(`import-confirm-${item.id}`)?.focus(), 0); }}
          >
            {t.learner.home.removeImport}
          </button>
        )}
      </div>
      {confirming && (
        <div className="confirm-box" role="group" aria-labelledby={`import-question-${item.id}`}>
          <p id={`import-question-${item.id}`}>{t.learner.home.removeImportQuestion(title)}</p>
          <button type="button" id={`import-confirm-${item.id}`} className="button button--danger" disabled={busy} onClick={() => void remove()}>
            {t.learner.home.confirmRemove}
          </button>
          <button
            type="button" className="button"
            onClick={() => { setConfirming(false); window.setTimeout(() => document.getElementById(`import-remove-${item.id}`)?.focus(), 0); }}
          >
            {t.learner.home.cancel}
          </button>
        </div>
      )}
      {error !== undefined && <ErrorSummary error={error} />}
      <div id={`import-checks-${item.id}`} hidden={!open}>
        {open && <CheckList checks={item.report.checks} headingId={`import-checks-heading-${item.id}`} level={4} />}
      </div>
    </li>
  );
}

function Pathways(): ReactNode {
  const { t } = useI18n();
  const { state } = useLoad('pathways', () => learnerApi.pathways());
  return (
    <section aria-labelledby="learner-pathways" className="learner-pathways">
      <h2 id="learner-pathways">{t.learner.home.pathways}</h2>
      <p className="field-hint">{t.learner.home.pathwaysHint}</p>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorSummary error={state.error} />}
      {state.status === 'ready' && (state.data.length === 0
        ? <p className="muted">{t.learner.home.pathwaysEmpty}</p>
        : state.data.map((progress, index) => <PathwayProgressView key={progress.pathway.id} progress={progress} index={index} />))}
    </section>
  );
}
