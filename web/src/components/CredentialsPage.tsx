/**
 * Issued credentials (/institutions/:slug/credentials): a table (learner, e-mail, title, issued at, status), newest
 * first, with a search (name, e-mail, student number), status and specification filters, a batch filter from the
 * address (?batchId=, e.g. from a finished batch) and pages. The filters live in the address; each row opens the
 * credential's page.
 */
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, CREDENTIAL_STATES, type CredentialState, type IssuedPage } from '../api.ts';
import { useDocumentTitle, useLoad } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { credentialPath, credentialsPath, navigate, useSearch } from '../router.ts';
import { formatDateTime } from '../vocab.ts';
import { ErrorSummary, Loading, SelectField, TextField } from './fields.tsx';
import { CredentialStatusBadge, Pagination, specTitle, useSpecifications } from './issuance.tsx';
import { Link } from './Link.tsx';

const PAGE_SIZE = 25;

interface Filter {
  readonly q: string;
  readonly status: CredentialState | '';
  readonly specId: string;
  readonly batchId: string;
  readonly page: number;
}

function parseFilter(search: string): Filter {
  const params = new URLSearchParams(search);
  const status = params.get('status') ?? '';
  const page = Number(params.get('page') ?? '1');
  const batchId = params.get('batchId') ?? '';
  return {
    q: params.get('q') ?? '',
    status: (CREDENTIAL_STATES as readonly string[]).includes(status) ? status as CredentialState : '',
    specId: params.get('specId') ?? '',
    batchId: /^[0-9a-f-]{36}$/i.test(batchId) ? batchId : '',
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

function focusResults(): void {
  window.setTimeout(() => document.getElementById('issued-results')?.focus(), 0);
}

export function CredentialsPage(props: { readonly slug: string }): ReactNode {
  const { t, lang } = useI18n();
  useDocumentTitle(t.issued.title);
  const search = useSearch();
  const filter = parseFilter(search);
  const specs = useSpecifications(props.slug);
  const [result, setResult] = useState<{ key: string; data?: IssuedPage; error?: unknown } | null>(null);
  const batch = useLoad(`batch:${filter.batchId}`, () => (filter.batchId ? api.batch(props.slug, filter.batchId) : Promise.resolve(undefined))).state;

  useEffect(() => {
    const controller = new AbortController();
    const f = parseFilter(search);
    api.issued(props.slug, {
      q: f.q, status: f.status, specId: f.specId, batchId: f.batchId, limit: PAGE_SIZE, offset: (f.page - 1) * PAGE_SIZE,
    }, controller.signal).then(
      (data) => setResult({ key: search, data }),
      (error: unknown) => { if (!controller.signal.aborted) setResult({ key: search, error }); },
    );
    return () => controller.abort();
  }, [search, props.slug]);

  const pending = result === null || result.key !== search;
  const data = result?.data;
  const go = (next: Partial<Filter>): void => navigate(credentialsPath(props.slug, { ...filter, ...next, page: next.page ?? 1 }));
  const specList = specs.status === 'ready' ? specs.data : undefined;
  const specOptions = [
    { value: '', label: t.issued.allSpecs },
    ...(specList ?? []).filter((s) => s.publishedVersion !== null || s.status !== 'draft').map((s) => ({ value: s.specId, label: specTitle(specList, s.specId, lang) })),
  ];
  if (filter.specId && !specOptions.some((o) => o.value === filter.specId)) specOptions.push({ value: filter.specId, label: filter.specId });
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  const batchName = batch.status === 'ready' && batch.data ? batch.data.fileName ?? t.cohort.unnamed : filter.batchId;

  return (
    <>
      <h1 id="main-heading" tabIndex={-1}>{t.issued.title}</h1>
      <p className="lead">{t.issued.intro}</p>

      <div className="list-filters">
        <SearchForm key={filter.q} initial={filter.q} onSearch={(q) => { go({ q }); focusResults(); }} />
        <div className="field-row">
          <SelectField<CredentialState | ''>
            id="issued-status" label={t.issued.status} value={filter.status} onChange={(status) => go({ status })}
            options={[{ value: '', label: t.issued.allStatuses }, ...CREDENTIAL_STATES.map((s) => ({ value: s, label: t.issuance.credentialStatus[s] }))]}
          />
          <SelectField id="issued-spec" label={t.issued.spec} value={filter.specId} onChange={(specId) => go({ specId })} options={specOptions} className="grow" />
        </div>
        {filter.batchId && (
          <p className="filter-chip">
            <span>{t.issued.batch(batchName)}</span>
            <Link to={credentialsPath(props.slug, { ...filter, batchId: '', page: 1 })}>{t.issued.allBatches}</Link>
          </p>
        )}
      </div>

      <section aria-labelledby="issued-results" aria-busy={pending}>
        <h2 id="issued-results" tabIndex={-1} className="visually-hidden">{t.issued.caption}</h2>
        <p className="results-count" role="status">{pending ? t.issued.searching : data ? t.issuance.credentials(data.total) : ''}</p>
        {result?.error !== undefined && !pending && <ErrorSummary error={result.error} />}
        {pending && !data && <Loading />}
        {data && data.items.length === 0 && <p className="empty">{t.issued.empty}</p>}
        {data && data.items.length > 0 && (
          <div className="table-wrap">
            <table className="issued-table">
              <caption className="visually-hidden">{t.issued.caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.issued.colLearner}</th>
                  <th scope="col">{t.issued.colEmail}</th>
                  <th scope="col">{t.issued.colTitle}</th>
                  <th scope="col">{t.issued.colIssued}</th>
                  <th scope="col">{t.issued.colStatus}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((c) => (
                  <tr key={c.id}>
                    <th scope="row"><Link to={credentialPath(props.slug, c.id)}>{c.learner.name}</Link></th>
                    <td>{c.learner.email ?? '—'}</td>
                    <td>{c.title[lang] || c.title.pl}</td>
                    <td className="nowrap">{formatDateTime(c.issuedAt, lang)}</td>
                    <td><CredentialStatusBadge status={c.status} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {data && (
          <Pagination
            page={filter.page} pages={pages} href={(page) => credentialsPath(props.slug, { ...filter, page })} label={t.issued.pagination}
            texts={t.issued} onNavigate={focusResults}
          />
        )}
      </section>
    </>
  );
}

function SearchForm(props: { readonly initial: string; onSearch(q: string): void }): ReactNode {
  const { t } = useI18n();
  const [text, setText] = useState(props.initial);
  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    props.onSearch(text);
  }
  return (
    <form role="search" className="search-box" onSubmit={submit}>
      <TextField id="issued-q" label={t.issued.search} type="search" value={text} onChange={setText} maxLength={200} hint={t.issued.searchHint} hintBelow className="grow" />
      <button type="submit" className="button button--primary">{t.issued.searchButton}</button>
    </form>
  );
}
