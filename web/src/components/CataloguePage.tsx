/**
 * The public catalogue (/catalogue): a search box, filters with facet counts, sorting and pages. The search lives in
 * the address's query string (so it can be shared and the back button works); results update without reloading
 * the page, and a polite status says how many offers were found.
 */
import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import {
  api, catalogueQueryString, parseCatalogueQuery, type CatalogueQuery, type CatalogueSearch, type CatalogueSort,
} from '../api.ts';
import { useDocumentTitle } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { navigate, useSearch } from '../router.ts';
import { codeLabel, eqfLabel, languageName, textIn } from '../vocab.ts';
import { ErrorSummary, Loading, SelectField, TextField } from './fields.tsx';
import { Link } from './Link.tsx';
import { OfferCard } from './OfferCard.tsx';

const PAGE_SIZE = 20;
type ListFilter = 'eqf' | 'isced' | 'language' | 'participation' | 'institution';

function catalogueUrl(query: CatalogueQuery): string {
  const qs = catalogueQueryString(query);
  return qs === '' ? '/catalogue' : `/catalogue?${qs}`;
}

function focusResults(): void {
  window.setTimeout(() => document.getElementById('results-heading')?.focus(), 0);
}

export function CataloguePage(): ReactNode {
  const { t, lang } = useI18n();
  useDocumentTitle(t.catalogue.title);
  const search = useSearch();
  const query = parseCatalogueQuery(search);
  const requestKey = `${lang}${search}`;
  const [result, setResult] = useState<{ key: string; data?: CatalogueSearch; error?: unknown } | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    api.catalogue(parseCatalogueQuery(search), lang, PAGE_SIZE, controller.signal).then(
      (data) => setResult({ key: `${lang}${search}`, data }),
      (error: unknown) => { if (!controller.signal.aborted) setResult({ key: `${lang}${search}`, error }); },
    );
    return () => controller.abort();
  }, [search, lang]);

  const pending = result === null || result.key !== requestKey;
  const data = result?.data;

  /** Goes to a new search: filters reset the page; the history gets an entry so that Back undoes it. */
  const go = (next: Partial<CatalogueQuery>, options: { keepPage?: boolean } = {}): void => {
    navigate(catalogueUrl({ ...query, ...next, page: options.keepPage ? next.page ?? query.page : 1 }));
  };
  const toggle = (name: ListFilter, value: string, on: boolean): void => {
    const current = query[name];
    go({ [name]: on ? [...current, value] : current.filter((v) => v !== value) });
  };

  const hasFilters = catalogueQueryString({ ...query, sort: '', page: 1 }) !== '';
  const sort: CatalogueSort = query.sort !== '' ? query.sort : query.q.trim() !== '' ? 'relevance' : 'newest';
  const sortOptions = (['relevance', 'newest', 'title', 'ects'] as const)
    .filter((s) => s !== 'relevance' || query.q.trim() !== '')
    .map((s) => ({ value: s, label: t.catalogue.sorts[s] }));
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  return (
    <div className="catalogue">
      <h1 id="main-heading" tabIndex={-1}>{t.catalogue.title}</h1>
      <p className="lead">{t.catalogue.intro}</p>
      <SearchBox key={query.q} initial={query.q} onSearch={(q) => go({ q, sort: query.sort === 'relevance' && q.trim() === '' ? '' : query.sort })} />

      <div className="catalogue-body">
        <aside className="filters" aria-labelledby="filters-heading">
          <h2 id="filters-heading">{t.catalogue.filters}</h2>
          {data && <Filters data={data} query={query} onToggle={toggle} onEcts={(ectsMin, ectsMax) => go({ ectsMin, ectsMax })} />}
          {!data && pending && <Loading />}
          {hasFilters && <p><Link to="/catalogue" onNavigate={focusResults}>{t.catalogue.clear}</Link></p>}
        </aside>

        <section className="results" aria-labelledby="results-heading" aria-busy={pending}>
          <div className="results-head">
            <h2 id="results-heading" tabIndex={-1}>{t.catalogue.resultsHeading}</h2>
            <SelectField<CatalogueSort>
              id="catalogue-sort" label={t.catalogue.sort} value={sort} options={sortOptions}
              onChange={(value) => go({ sort: value }, { keepPage: false })} className="sort"
            />
          </div>
          <p className="results-count" role="status">
            {pending ? t.catalogue.searching : data ? t.catalogue.results(data.total) : ''}
          </p>
          {result?.error !== undefined && !pending && <ErrorSummary error={result.error} />}
          {data && data.total === 0 && (
            <div className="empty">
              <p><strong>{t.catalogue.noResults}</strong></p>
              <p>{t.catalogue.noResultsHint}</p>
              {hasFilters && <p><Link to="/catalogue">{t.catalogue.clear}</Link></p>}
            </div>
          )}
          {data && data.items.length > 0 && (
            <ol className="offer-list" start={(data.page - 1) * data.pageSize + 1}>
              {data.items.map((offer) => <li key={offer.specId}><OfferCard offer={offer} /></li>)}
            </ol>
          )}
          {data && pages > 1 && (
            <nav className="pagination" aria-label={t.catalogue.pagination}>
              <p className="muted">{t.catalogue.pageOf(data.page, pages)}</p>
              <ul>
                {data.page > 1 && <li><Link to={catalogueUrl({ ...query, page: data.page - 1 })} onNavigate={focusResults}>{t.catalogue.previous}</Link></li>}
                {pageNumbers(data.page, pages).map((n, i) => (
                  <li key={`${n}-${i}`}>
                    {n === null ? <span aria-hidden="true">…</span> : (
                      <Link to={catalogueUrl({ ...query, page: n })} current={n === data.page} ariaLabel={t.catalogue.page(n)} onNavigate={focusResults}>{String(n)}</Link>
                    )}
                  </li>
                ))}
                {data.page < pages && <li><Link to={catalogueUrl({ ...query, page: data.page + 1 })} onNavigate={focusResults}>{t.catalogue.next}</Link></li>}
              </ul>
            </nav>
          )}
        </section>
      </div>
    </div>
  );
}

/** Page numbers to show: the first, the last and two around the current one, `null` for a gap. */
export function pageNumbers(current: number, total: number): Array<number | null> {
  const out: Array<number | null> = [];
  for (let n = 1; n <= total; n++) {
    if (n === 1 || n === total || Math.abs(n - current) <= 2) out.push(n);
    else if (out.at(-1) !== null) out.push(null);
  }
  return out;
}

function SearchBox(props: { readonly initial: string; onSearch(q: string): void }): ReactNode {
  const { t } = useI18n();
  const [text, setText] = useState(props.initial);
  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    props.onSearch(text);
    focusResults();
  }
  return (
    <form role="search" className="search-box" onSubmit={submit}>
      <TextField id="catalogue-q" label={t.catalogue.search} type="text" value={text} onChange={setText} maxLength={200} hint={t.catalogue.searchHint} hintBelow className="grow" />
      <button type="submit" className="button button--primary">{t.catalogue.searchButton}</button>
    </form>
  );
}

interface FacetOption {
  readonly value: string;
  readonly label: string;
  readonly count: number;
}

function Filters(props: {
  readonly data: CatalogueSearch;
  readonly query: CatalogueQuery;
  onToggle(name: ListFilter, value: string, on: boolean): void;
  onEcts(min: string, max: string): void;
}): ReactNode {
  const { t, lang } = useI18n();
  const { facets } = props.data;
  const { query } = props;
  /** The facet's values, and chosen values it does not list (with no offers). */
  const withChosen = (name: ListFilter, options: FacetOption[], label: (value: string) => string): FacetOption[] => {
    const listed = new Set(options.map((o) => o.value));
    return [...options, ...query[name].filter((v) => !listed.has(v)).map((value) => ({ value, label: label(value), count: 0 }))];
  };
  const eqf = withChosen('eqf', facets.eqf.filter((f) => f.value !== null).map((f) => ({ value: String(f.value), label: eqfLabel(Number(f.value), lang), count: f.count })), (v) => eqfLabel(Number(v), lang));
  const isced = withChosen('isced', facets.isced.map((f) => ({ value: f.value, label: `${f.value} ${textIn(f.label, lang).text}`, count: f.count })), (v) => v);
  const language = withChosen('language', facets.language.map((f) => ({ value: f.value, label: languageName(f.value, lang), count: f.count })), (v) => languageName(v, lang));
  const participation = withChosen('participation', facets.participation.map((f) => ({ value: f.value, label: codeLabel('participationMode', f.value, lang), count: f.count })), (v) => codeLabel('participationMode', v, lang));
  const institution = withChosen('institution', facets.institution.map((f) => ({ value: f.value, label: textIn(f.label, lang).text, count: f.count })), (v) => v);
  return (
    <>
      <FacetGroup name="eqf" legend={t.catalogue.eqf} options={eqf} chosen={query.eqf} onToggle={props.onToggle} />
      <EctsFilter key={`${query.ectsMin}|${query.ectsMax}`} buckets={facets.ects} min={query.ectsMin} max={query.ectsMax} onChange={props.onEcts} />
      <FacetGroup name="isced" legend={t.catalogue.field} options={isced} chosen={query.isced} onToggle={props.onToggle} />
      <FacetGroup name="language" legend={t.catalogue.language} options={language} chosen={query.language} onToggle={props.onToggle} />
      <FacetGroup name="participation" legend={t.catalogue.participation} options={participation} chosen={query.participation} onToggle={props.onToggle} />
      <FacetGroup name="institution" legend={t.catalogue.institution} options={institution} chosen={query.institution} onToggle={props.onToggle} />
    </>
  );
}

function FacetGroup(props: {
  readonly name: ListFilter; readonly legend: string; readonly options: readonly FacetOption[]; readonly chosen: readonly string[];
  onToggle(name: ListFilter, value: string, on: boolean): void;
}): ReactNode {
  if (props.options.length === 0) return null;
  return (
    <fieldset className="facet">
      <legend>{props.legend}</legend>
      <ul>
        {props.options.map((option) => {
          const id = `facet-${props.name}-${option.value}`;
          const checked = props.chosen.includes(option.value);
          return (
            <li key={option.value}>
              <input type="checkbox" id={id} checked={checked} onChange={(event) => props.onToggle(props.name, option.value, event.target.checked)} />
              <label htmlFor={id}>{option.label} <span className="facet-count">({option.count})</span></label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

function EctsFilter(props: {
  readonly buckets: CatalogueSearch['facets']['ects']; readonly min: string; readonly max: string; onChange(min: string, max: string): void;
}): ReactNode {
  const { t } = useI18n();
  const name = useId();
  const [min, setMin] = useState(props.min);
  const [max, setMax] = useState(props.max);
  const bucketOf = (b: { min: number; max: number | null }): { min: string; max: string } => ({ min: String(b.min), max: b.max === null ? '' : String(b.max) });
  const isBucket = props.buckets.some((b) => bucketOf(b).min === props.min && bucketOf(b).max === props.max);
  const any = props.min === '' && props.max === '';
  return (
    <fieldset className="facet">
      <legend>{t.catalogue.ects}</legend>
      <ul>
        <li>
          <input type="radio" id={`${name}-any`} name={name} checked={any} onChange={() => props.onChange('', '')} />
          <label htmlFor={`${name}-any`}>{t.catalogue.ectsAny}</label>
        </li>
        {props.buckets.map((bucket) => {
          const value = bucketOf(bucket);
          const id = `facet-ects-${value.min}-${value.max || 'up'}`;
          return (
            <li key={id}>
              <input type="radio" id={id} name={name} checked={value.min === props.min && value.max === props.max} onChange={() => props.onChange(value.min, value.max)} />
              <label htmlFor={id}>{t.catalogue.ectsBucket(bucket.min, bucket.max)} <span className="facet-count">({bucket.count})</span></label>
            </li>
          );
        })}
      </ul>
      <form className="ects-range" onSubmit={(event) => { event.preventDefault(); props.onChange(min.replace(',', '.'), max.replace(',', '.')); }}>
        <p className="field-hint">{t.catalogue.ectsCustom}{!any && !isBucket ? ` (${props.min || '0'}–${props.max || '∞'})` : ''}</p>
        <div className="field-row">
          <TextField id="catalogue-ects-min" label={t.catalogue.ectsMin} inputMode="decimal" value={min} onChange={setMin} inputClassName="input-short" />
          <TextField id="catalogue-ects-max" label={t.catalogue.ectsMax} inputMode="decimal" value={max} onChange={setMax} inputClassName="input-short" />
        </div>
        <button type="submit" className="button button--small">{t.catalogue.ectsApply}</button>
      </form>
    </fieldset>
  );
}
