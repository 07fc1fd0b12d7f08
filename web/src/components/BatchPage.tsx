/**
 * One cohort batch (/institutions/:slug/batches/:id). A preview: the counts (rows, valid, with problems, already
 * issued), the column mapping as one select per target field (every change re-checks all rows on the server), the
 * row problems by row and column in the chosen language, the full report as CSV, and "Issue N credentials" with the
 * options. Once started: a progress bar (role=progressbar, polled every second until the batch is done) and the
 * final counts, with a link to the batch's credentials. Issuers and owners map, start and cancel; others look.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { api, ApiError, downloads, type Batch, type Bilingual } from '../api.ts';
import { useDocumentTitle, useLoad } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { credentialsPath } from '../router.ts';
import { cohortFieldLabel, COHORT_FIELDS, formatDateTime } from '../vocab.ts';
import { ErrorSummary, Loading, Notice, SelectField } from './fields.tsx';
import { BatchStatusBadge, columnLetter, specTitle, useSpecifications } from './issuance.tsx';
import { OptionsFields } from './IssuePage.tsx';
import { Link } from './Link.tsx';

const POLL_MS = 1000;

export function BatchPage(props: { readonly slug: string; readonly id: string; readonly canIssue: boolean }): ReactNode {
  const { t } = useI18n();
  const { state, set } = useLoad(`${props.slug}/${props.id}`, () => api.batch(props.slug, props.id));
  const batch = state.status === 'ready' ? state.data : undefined;
  useDocumentTitle(batch ? t.batch.title(batch.fileName ?? t.cohort.unnamed) : t.batch.back);
  const [tick, setTick] = useState(0);

  // While the batch is issuing, ask for its progress every second.
  useEffect(() => {
    if (!batch || (batch.status !== 'queued' && batch.status !== 'running')) return undefined;
    let current = true;
    const timer = window.setTimeout(() => {
      api.batch(props.slug, props.id).then(
        (next) => { if (current) set(next); },
        () => { if (current) setTick((n) => n + 1); },
      );
    }, POLL_MS);
    return () => { current = false; window.clearTimeout(timer); };
  }, [batch, tick, props.slug, props.id, set]);

  return (
    <>
      <p className="breadcrumb"><Link to={`/institutions/${props.slug}/issue?tab=cohort`}>← {t.batch.back}</Link></p>
      {/* One heading element whatever the state: focus put on it by the navigation stays there once loaded. */}
      <h1 id="main-heading" tabIndex={-1}>{batch ? t.batch.title(batch.fileName ?? t.cohort.unnamed) : t.batch.back}</h1>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorSummary error={state.error} />}
      {batch && <BatchView slug={props.slug} batch={batch} canIssue={props.canIssue} onChange={set} />}
    </>
  );
}

function BatchView(props: { readonly slug: string; readonly batch: Batch; readonly canIssue: boolean; onChange(batch: Batch): void }): ReactNode {
  const { t, lang } = useI18n();
  const { batch } = props;
  const specs = useSpecifications(props.slug);
  const [startError, setStartError] = useState<unknown>(undefined);
  // Started here: the start form is gone, so focus goes to the progress.
  const [focusProgress, setFocusProgress] = useState(false);
  const started = batch.status !== 'preview';

  // Problems of the mapping from a refused start (`mapping.<field>`), next to their fields too.
  const startMappingProblems = new Map<string, Bilingual>();
  if (startError instanceof ApiError) {
    for (const e of startError.problem?.errors ?? []) {
      if (e.path.startsWith('mapping.')) startMappingProblems.set(e.path.slice('mapping.'.length), e.message);
    }
  }

  return (
    <>
      <dl className="facts facts--inline batch-meta">
        <div><dt>{t.batch.spec}</dt><dd>{t.issuance.specOption(specTitle(specs.status === 'ready' ? specs.data : undefined, batch.specId, lang), batch.version)}</dd></div>
        <div><dt>{t.batch.created}</dt><dd>{formatDateTime(batch.createdAt, lang)}</dd></div>
        <div><dt>{t.batch.status}</dt><dd><BatchStatusBadge status={batch.status} /></dd></div>
      </dl>

      {!started && <PreviewCounts batch={batch} />}
      {started && <Progress batch={batch} focus={focusProgress} slug={props.slug} />}

      {!started && batch.headers.length > 0 && (
        <MappingForm slug={props.slug} batch={batch} canIssue={props.canIssue} extraProblems={startMappingProblems} onChange={props.onChange} />
      )}

      <RowProblems slug={props.slug} batch={batch} />

      {!started && props.canIssue && (
        <StartForm slug={props.slug} batch={batch} error={startError} onError={setStartError} onChange={(next) => { setFocusProgress(true); props.onChange(next); }} />
      )}
      {!started && !props.canIssue && <Notice tone="info">{t.batch.readOnly}</Notice>}
      {props.canIssue && (batch.status === 'preview' || batch.status === 'queued' || batch.status === 'running') && (
        <CancelBatch slug={props.slug} batch={batch} onChange={props.onChange} />
      )}
    </>
  );
}

function PreviewCounts(props: { readonly batch: Batch }): ReactNode {
  const { t } = useI18n();
  const { counts } = props.batch;
  return (
    <section aria-labelledby="batch-summary">
      <h2 id="batch-summary">{t.batch.summary}</h2>
      <dl className="facts counts" id="batch-counts">
        <div className="count"><dt>{t.batch.rows}</dt><dd data-count="total">{counts.total}</dd></div>
        <div className="count count--ok"><dt>{t.batch.valid}</dt><dd data-count="valid">{counts.pending}</dd></div>
        <div className={`count ${counts.invalid > 0 ? 'count--bad' : ''}`}><dt>{t.batch.invalid}</dt><dd data-count="invalid">{counts.invalid}</dd></div>
        <div className="count"><dt>{t.batch.duplicates}</dt><dd data-count="duplicates">{counts.duplicates}</dd></div>
      </dl>
    </section>
  );
}

function Progress(props: { readonly slug: string; readonly batch: Batch; readonly focus: boolean }): ReactNode {
  const { t } = useI18n();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (props.focus) headingRef.current?.focus();
  }, [props.focus]);
  const { batch } = props;
  const { counts } = batch;
  const percent = Math.max(0, Math.min(100, Math.round(batch.progress * 100)));
  const issuable = counts.total - counts.invalid;
  const handled = counts.issued + counts.duplicates + counts.failed;
  const live = batch.status === 'queued' ? t.batch.live.queued
    : batch.status === 'running' ? t.batch.live.running
      : batch.status === 'done' ? t.batch.live.done(counts.issued)
        : t.batch.live.cancelled;
  const finished = batch.status === 'done' || batch.status === 'cancelled';
  return (
    <section aria-labelledby="batch-progress-heading">
      <h2 id="batch-progress-heading" ref={headingRef} tabIndex={-1}>{t.batch.progress}</h2>
      <div
        className="progress" role="progressbar" aria-labelledby="batch-progress-heading" aria-valuemin={0} aria-valuemax={100}
        aria-valuenow={percent} aria-valuetext={`${percent}% (${t.batch.progressText(handled, issuable)})`}
      >
        <div className={`progress-fill ${batch.status === 'done' ? 'progress-fill--done' : ''}`} style={{ width: `${percent}%` }} />
      </div>
      <p className="progress-text" aria-hidden="true">{percent}% · {t.batch.progressText(handled, issuable)}</p>
      <p role="status" className="progress-live">{live}</p>
      {batch.status === 'cancelled' && <p className="muted">{t.batch.cancelledNote}</p>}
      {finished && (
        <>
          <h3>{t.batch.result}</h3>
          <dl className="facts counts" id="batch-final">
            <div className="count count--ok"><dt>{t.batch.issued}</dt><dd data-count="issued">{counts.issued}</dd></div>
            <div className="count"><dt>{t.batch.duplicates}</dt><dd data-count="duplicates">{counts.duplicates}</dd></div>
            <div className={`count ${counts.failed > 0 ? 'count--bad' : ''}`}><dt>{t.batch.failed}</dt><dd data-count="failed">{counts.failed}</dd></div>
            <div className="count"><dt>{t.batch.skipped}</dt><dd data-count="invalid">{counts.invalid}</dd></div>
          </dl>
          {counts.issued + counts.duplicates > 0 && (
            <p><Link to={credentialsPath(props.slug, { batchId: batch.id })} className="button button--primary">{t.batch.viewIssued}</Link></p>
          )}
        </>
      )}
    </section>
  );
}

function MappingForm(props: {
  readonly slug: string;
  readonly batch: Batch;
  readonly canIssue: boolean;
  readonly extraProblems: ReadonlyMap<string, Bilingual>;
  onChange(batch: Batch): void;
}): ReactNode {
  const { t, lang } = useI18n();
  const { batch } = props;
  const [mapping, setMapping] = useState<Readonly<Record<string, number>>>(batch.mapping);
  const [pending, setPending] = useState(0);
  const [error, setError] = useState<unknown>(undefined);
  const [rechecked, setRechecked] = useState(false);
  const sequence = useRef(0);

  async function change(field: string, value: string): Promise<void> {
    const next: Record<string, number> = { ...mapping };
    if (value === '') delete next[field];
    else next[field] = Number(value);
    setMapping(next);
    setError(undefined);
    setRechecked(false);
    const mine = ++sequence.current;
    setPending((n) => n + 1);
    try {
      const updated = await api.setBatchMapping(props.slug, batch.id, next);
      // Only the answer to the latest change counts (the user may change several selects quickly).
      if (mine === sequence.current) {
        props.onChange(updated);
        setRechecked(true);
      }
    } catch (caught) {
      if (mine === sequence.current) setError(caught);
    } finally {
      setPending((n) => n - 1);
    }
  }

  const problems = new Map<string, Bilingual>();
  for (const p of batch.mappingProblems) if (!problems.has(p.field)) problems.set(p.field, p.message);
  for (const [field, message] of props.extraProblems) if (!problems.has(field)) problems.set(field, message);
  const known = new Set(COHORT_FIELDS.map((f) => f.field));
  const other = batch.mappingProblems.filter((p) => !known.has(p.field));
  const columnOptions = [
    { value: '', label: t.batch.notMapped },
    ...batch.headers.map((header, index) => ({ value: String(index), label: t.batch.column(columnLetter(index), header) })),
  ];
  const fullNameMapped = mapping['learner.fullName'] !== undefined;

  return (
    <section aria-labelledby="batch-mapping" aria-busy={pending > 0} className="section mapping">
      <h2 id="batch-mapping">{t.batch.mapping}</h2>
      <p className="field-hint">{t.batch.mappingIntro}</p>
      {error !== undefined && <ErrorSummary error={error} />}
      {other.length > 0 && (
        <div className="alert alert--error" role="alert"><ul>{other.map((p, i) => <li key={`${p.field}-${i}`}>{p.field}: {p.message[lang]}</li>)}</ul></div>
      )}
      <div className="mapping-grid">
        {COHORT_FIELDS.map((f) => {
          const value = mapping[f.field];
          return (
            <SelectField
              key={f.field} id={`mapping-${f.field.replace('.', '-')}`} label={f.label[lang]}
              value={value === undefined ? '' : String(value)} options={columnOptions}
              onChange={(v) => void change(f.field, v)} disabled={!props.canIssue}
              required={f.required && !fullNameMapped} hint={f.required && !fullNameMapped ? t.batch.nameHint : undefined}
              error={problems.get(f.field)}
            />
          );
        })}
      </div>
      <p role="status" className="muted mapping-status">{pending > 0 ? t.batch.rechecking : rechecked ? t.batch.rechecked : ''}</p>
    </section>
  );
}

function RowProblems(props: { readonly slug: string; readonly batch: Batch }): ReactNode {
  const { t, lang } = useI18n();
  const { problems } = props.batch;
  return (
    <section aria-labelledby="batch-problems">
      <h2 id="batch-problems">{t.batch.problems}</h2>
      {problems.length === 0 ? <p className="problems-ok">{t.batch.noProblems}</p> : (
        <>
          <p className="muted">{t.batch.problemsCount(problems.length)}{problems.length >= 200 ? ` · ${t.batch.firstProblems(problems.length)}` : ''}</p>
          <div className="table-wrap">
            <table className="problems-table">
              <caption className="visually-hidden">{t.batch.problems}</caption>
              <thead>
                <tr><th scope="col" className="num">{t.batch.colRow}</th><th scope="col">{t.batch.colColumn}</th><th scope="col">{t.batch.colProblem}</th></tr>
              </thead>
              <tbody>
                {problems.map((p, i) => (
                  <tr key={`${p.row}-${p.field}-${p.code}-${i}`} data-row={p.row}>
                    <th scope="row" className="num">{p.row}</th>
                    <td>{p.column ?? <span className="muted">({cohortFieldLabel(p.field, lang)})</span>}</td>
                    <td className={p.severity === 'warning' ? 'problem--warning' : 'problem--error'}>
                      {p.severity === 'warning' && t.batch.warning}{p.message[lang]}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <p><a href={downloads.report(props.slug, props.batch.id, lang)} download>{t.batch.report}</a></p>
    </section>
  );
}

function StartForm(props: { readonly slug: string; readonly batch: Batch; readonly error: unknown; onError(error: unknown): void; onChange(batch: Batch): void }): ReactNode {
  const { t, lang } = useI18n();
  const { batch } = props;
  const [options, setOptions] = useState<{ language: 'pl' | 'en'; suspendable: boolean; notify: boolean }>({ language: 'pl', suspendable: false, notify: true });
  const [busy, setBusy] = useState(false);

  async function start(): Promise<void> {
    setBusy(true);
    props.onError(undefined);
    try {
      props.onChange(await api.startBatch(props.slug, batch.id, options));
    } catch (caught) {
      props.onError(caught);
      window.setTimeout(() => document.getElementById('batch-start-errors')?.focus(), 0);
    } finally {
      setBusy(false);
    }
  }

  const fields = new Map(COHORT_FIELDS.map((f) => [`mapping.${f.field}`, { id: `mapping-${f.field.replace('.', '-')}`, label: f.label[lang] }]));
  return (
    <section aria-labelledby="batch-start" className="section">
      <h2 id="batch-start">{t.batch.start}</h2>
      {props.error !== undefined && (
        <div id="batch-start-errors" tabIndex={-1} className="focus-target"><ErrorSummary error={props.error} fields={fields} /></div>
      )}
      {batch.counts.pending === 0 ? <p>{batch.counts.duplicates > 0 ? t.batch.allIssued : t.batch.nothingToIssue}</p> : (
        <>
          {batch.counts.invalid > 0 && <p className="muted">{t.batch.invalidSkipped(batch.counts.invalid)}</p>}
          <fieldset disabled={busy} className="fieldset-plain" aria-label={t.batch.options}>
            <OptionsFields idPrefix="batch" {...options} onChange={(change) => setOptions((o) => ({ ...o, ...change }))} />
          </fieldset>
          <div className="form-actions">
            <button type="button" className="button button--primary" disabled={busy} onClick={() => void start()}>
              {busy ? t.batch.starting : t.batch.startButton(batch.counts.pending)}
            </button>
          </div>
        </>
      )}
    </section>
  );
}

function CancelBatch(props: { readonly slug: string; readonly batch: Batch; onChange(batch: Batch): void }): ReactNode {
  const { t } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  async function cancel(): Promise<void> {
    setBusy(true);
    setError(undefined);
    try {
      props.onChange(await api.cancelBatch(props.slug, props.batch.id));
      setConfirming(false);
      document.getElementById('main-heading')?.focus();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const running = props.batch.status !== 'preview';
  if (!confirming) {
    return (
      <p>
        <button type="button" className="button" onClick={() => setConfirming(true)}>{running ? t.batch.cancelRunning : t.batch.cancel}</button>
      </p>
    );
  }
  return (
    <div className="confirm-box" role="group" aria-labelledby="batch-cancel-question">
      <p id="batch-cancel-question">{t.batch.cancelQuestion}</p>
      {error !== undefined && <ErrorSummary error={error} />}
      <button type="button" className="button button--danger" disabled={busy} onClick={() => void cancel()}>{t.batch.confirmCancel}</button>
      <button type="button" className="button" onClick={() => { setConfirming(false); setError(undefined); }}>{t.batch.keep}</button>
    </div>
  );
}
