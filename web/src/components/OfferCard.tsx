/** One offer of the catalogue in a list: title, institution, ECTS, level, languages and form of participation. */
import type { ReactNode } from 'react';
import type { CatalogueOffer } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { offerPath } from '../router.ts';
import { codeLabel, eqfLabel, formatNumber, institutionName, languageName, textIn } from '../vocab.ts';
import { Link } from './Link.tsx';

export function OfferCard(props: { readonly offer: CatalogueOffer; readonly headingLevel?: 2 | 3; readonly children?: ReactNode }): ReactNode {
  const { t, lang } = useI18n();
  const { offer } = props;
  const title = textIn(offer.title, lang);
  const description = textIn(offer.description, lang);
  const Heading = props.headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article className="offer-card">
      <Heading className="offer-card-title">
        <Link to={offerPath(offer.specId)} lang={title.lang === lang ? undefined : title.lang}>{title.text}</Link>
      </Heading>
      <p className="offer-card-institution">{institutionName(offer.institution, lang)}</p>
      {description.text !== '' && <p className="offer-card-description" lang={description.lang === lang ? undefined : description.lang}>{description.text}</p>}
      <dl className="facts facts--inline">
        <div><dt>{t.elements.ectsCredits}</dt><dd>{formatNumber(offer.ectsCredits, lang)}</dd></div>
        <div><dt>{t.elements.eqfLevel}</dt><dd>{offer.eqfLevel === null ? t.elements.notApplicable : eqfLabel(offer.eqfLevel, lang)}</dd></div>
        <div><dt>{t.catalogue.language}</dt><dd>{offer.languages.map((code) => languageName(code, lang)).join(', ')}</dd></div>
        <div><dt>{t.elements.participationMode}</dt><dd>{codeLabel('participationMode', offer.participationMode, lang)}</dd></div>
      </dl>
      {props.children}
    </article>
  );
}
