/** A pathway of the public catalogue (/pathways/:id): its title, rule, the credential it leads to and its offers. */
import type { ReactNode } from 'react';
import { api, ApiError, type PublicPathway } from '../api.ts';
import { useDocumentTitle, useLoad } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { institutionName, textIn } from '../vocab.ts';
import { ErrorSummary, Loading } from './fields.tsx';
import { Link } from './Link.tsx';
import { OfferCard } from './OfferCard.tsx';

export function PathwayPage(props: { readonly id: string }): ReactNode {
  const { t } = useI18n();
  const { state } = useLoad(props.id, () => api.publicPathway(props.id));
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') {
    const missing = state.error instanceof ApiError && state.error.status === 404;
    return <NotFound missing={missing} error={state.error} title={t.publicPathway.notFoundTitle} text={t.publicPathway.notFound} back={t.offer.backToCatalogue} />;
  }
  return <Pathway pathway={state.data} />;
}

function NotFound(props: { readonly missing: boolean; readonly error: unknown; readonly title: string; readonly text: string; readonly back: string }): ReactNode {
  useDocumentTitle(props.title);
  return (
    <>
      <h1 id="main-heading" tabIndex={-1}>{props.title}</h1>
      {props.missing ? <p>{props.text}</p> : <ErrorSummary error={props.error} />}
      <p><Link to="/catalogue">{props.back}</Link></p>
    </>
  );
}

function Pathway(props: { readonly pathway: PublicPathway }): ReactNode {
  const { t, lang } = useI18n();
  const { pathway } = props;
  const title = textIn(pathway.title, lang);
  const description = textIn(pathway.description, lang);
  const target = pathway.target ? textIn(pathway.target.title, lang) : undefined;
  const members = pathway.offers;
  useDocumentTitle(title.text);
  return (
    <article className="pathway">
      <p className="breadcrumb"><Link to="/catalogue">{t.offer.backToCatalogue}</Link></p>
      <p className="eyebrow">{t.publicPathway.label}</p>
      <h1 id="main-heading" tabIndex={-1} lang={title.lang === lang ? undefined : title.lang}>{title.text}</h1>
      {description.text !== '' && <p className="lead pre-line" lang={description.lang === lang ? undefined : description.lang}>{description.text}</p>}
      <dl className="facts">
        <div className="item"><dt>{t.publicPathway.institution}</dt><dd>{institutionName(pathway.institution, lang)}</dd></div>
        <div className="item"><dt>{t.publicPathway.rule}</dt><dd>{t.pathways.ruleText(pathway.rule, members.length || pathway.specIds.length)}</dd></div>
        {target && target.text !== '' && (
          <div className="item">
            <dt>{t.publicPathway.target}</dt>
            <dd lang={target.lang === lang ? undefined : target.lang}>{pathway.target?.url ? <a href={pathway.target.url}>{target.text}</a> : target.text}</dd>
          </div>
        )}
      </dl>
      <section aria-labelledby="pathway-members">
        <h2 id="pathway-members">{t.publicPathway.members}</h2>
        <ol className="offer-list">
          {members.map((offer) => <li key={offer.specId}><OfferCard offer={offer} /></li>)}
        </ol>
      </section>
    </article>
  );
}
