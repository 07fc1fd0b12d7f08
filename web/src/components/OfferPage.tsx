/**
 * An offer of the public catalogue (/catalogue/:specId, /catalogue/:specId/v/:version): every standard element of
 * the micro-credential with its label in the chosen language (code lists by their labels, not their codes), the
 * institution, the pathways it counts toward, the published versions and links to the machine-readable forms.
 */
import type { ReactNode } from 'react';
import { api, ApiError, type CatalogueEntry } from '../api.ts';
import { useDocumentTitle, useLoad } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { offerPath, pathwayPath } from '../router.ts';
import { formOf } from '../specForm.ts';
import { formatDate, institutionName, textIn } from '../vocab.ts';
import { ErrorSummary, Loading } from './fields.tsx';
import { Link } from './Link.tsx';
import { has, SpecElements, Text } from './SpecElements.tsx';

export function OfferPage(props: { readonly specId: string; readonly version: number | null }): ReactNode {
  const { t } = useI18n();
  const { state } = useLoad(`${props.specId}/${props.version ?? ''}`, () => api.offer(props.specId, props.version));
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') {
    const missing = state.error instanceof ApiError && state.error.status === 404;
    return (
      <>
        <TitledHeading text={t.offer.notFoundTitle} />
        {missing ? <p>{t.offer.notFound}</p> : <ErrorSummary error={state.error} />}
        <p><Link to="/catalogue">{t.offer.backToCatalogue}</Link></p>
      </>
    );
  }
  return <Offer entry={state.data} requested={props.version} />;
}

function TitledHeading(props: { readonly text: string }): ReactNode {
  useDocumentTitle(props.text);
  return <h1 id="main-heading" tabIndex={-1}>{props.text}</h1>;
}

function versionNumbers(entry: CatalogueEntry): number[] {
  return [...new Set(entry.versions.map((v) => v.version))].sort((a, b) => b - a);
}

function Offer(props: { readonly entry: CatalogueEntry; readonly requested: number | null }): ReactNode {
  const { t, lang } = useI18n();
  const { entry } = props;
  const doc = formOf(entry.document);
  const title = textIn(doc.title, lang);
  useDocumentTitle(title.text);

  const newest = Math.max(entry.version, ...versionNumbers(entry));
  const isOlder = entry.superseded || entry.version < newest;
  const archived = entry.status === 'archived';
  const here = offerPath(entry.specId, props.requested);

  return (
    <article className="offer">
      <p className="breadcrumb"><Link to="/catalogue">{t.offer.backToCatalogue}</Link></p>
      <h1 id="main-heading" tabIndex={-1} lang={title.lang === lang ? undefined : title.lang}>{title.text}</h1>
      <p className="offer-institution">
        <span className="visually-hidden">{t.offer.institution}: </span>
        <Link to={`/catalogue?institution=${encodeURIComponent(entry.institution.slug)}`}>{institutionName(entry.institution, lang)}</Link>
      </p>
      <p className="spec-meta">
        {t.offer.version(entry.version)}
        {entry.publishedAt && <> · {t.offer.publishedOn(formatDate(entry.publishedAt, lang))}</>}
      </p>
      {archived && <div className="alert alert--info" role="note">{t.offer.archived}</div>}
      {isOlder && !archived && (
        <div className="alert alert--info" role="note">
          {t.offer.olderVersion(entry.version)} <Link to={offerPath(entry.specId)}>{t.offer.newest}</Link>
        </div>
      )}
      {has(doc.description) && <Text value={doc.description} as="p" />}

      <SpecElements document={entry.document} institution={entry.institution} idPrefix="offer" />

      <section aria-labelledby="offer-pathways">
        <h2 id="offer-pathways">{t.offer.pathways}</h2>
        {entry.pathways.length === 0 ? <p className="muted">{t.offer.noPathways}</p> : (
          <ul>
            {entry.pathways.map((p) => {
              const name = textIn(p.title, lang);
              return <li key={p.id}><Link to={pathwayPath(p.id)} lang={name.lang === lang ? undefined : name.lang}>{name.text}</Link></li>;
            })}
          </ul>
        )}
      </section>

      {versionNumbers(entry).length > 1 && (
        <section aria-labelledby="offer-versions">
          <h2 id="offer-versions">{t.offer.versions}</h2>
          <ul className="inline-list">
            {versionNumbers(entry).map((v) => (
              <li key={v}><Link to={offerPath(entry.specId, v)} current={v === entry.version}>{t.offer.version(v)}</Link></li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="offer-formats">
        <h2 id="offer-formats">{t.offer.formats}</h2>
        <p className="field-hint">{t.offer.formatsHint}</p>
        <ul className="formats">
          <li><a href={`${here}?format=json`} type="application/json">{t.offer.formatJson}</a></li>
          <li><a href={`${here}?format=ob3`} type="application/ld+json">{t.offer.formatOb3}</a></li>
          <li><a href={`${here}?format=elm`} type="application/ld+json">{t.offer.formatElm}</a></li>
          <li><a href={`${here}?format=schema-org`} type="application/ld+json">{t.offer.formatSchemaOrg}</a></li>
        </ul>
      </section>
    </article>
  );
}
