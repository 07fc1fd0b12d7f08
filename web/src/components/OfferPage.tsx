/**
 * An offer of the public catalogue (/catalogue/:specId, /catalogue/:specId/v/:version): every standard element of
 * the micro-credential with its label in the chosen language (code lists by their labels, not their codes), the
 * institution, the pathways it counts toward, the published versions and links to the machine-readable forms.
 */
import type { ReactNode } from 'react';
import { api, ApiError, type CatalogueEntry } from '../api.ts';
import { useDocumentTitle, useLoad } from '../hooks.ts';
import { countryName, useI18n, type Lang } from '../i18n.ts';
import { offerPath, pathwayPath } from '../router.ts';
import { formOf, type LangPair } from '../specForm.ts';
import {
  codeLabel, eqfLabel, formatDate, formatDuration, formatNumber, institutionName, iscedLabel, languageName, prkLabel, textIn,
} from '../vocab.ts';
import { ErrorSummary, Loading } from './fields.tsx';
import { Link } from './Link.tsx';

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

/** A text in the chosen language (or the other, marked with its language). */
function Text(props: { readonly value: LangPair; readonly as?: 'p' | 'span' | 'div' }): ReactNode {
  const { lang } = useI18n();
  const { text, lang: textLang } = textIn(props.value, lang);
  const As = props.as ?? 'span';
  return <As lang={textLang === lang ? undefined : textLang} className="pre-line">{text}</As>;
}

function has(value: LangPair): boolean {
  return value.pl.trim() !== '' || value.en.trim() !== '';
}

/** A `<dt>`/`<dd>` pair, left out when there is nothing to show. */
function Item(props: { readonly label: string; readonly children: ReactNode; readonly show?: boolean }): ReactNode {
  if (props.show === false) return null;
  return <div className="item"><dt>{props.label}</dt><dd>{props.children}</dd></div>;
}

function obj(value: unknown): Readonly<Record<string, unknown>> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Readonly<Record<string, unknown>> : {};
}

function versionNumbers(entry: CatalogueEntry): number[] {
  return [...new Set(entry.versions.map((v) => v.version))].sort((a, b) => b - a);
}

function Offer(props: { readonly entry: CatalogueEntry; readonly requested: number | null }): ReactNode {
  const { t, lang } = useI18n();
  const { entry } = props;
  const doc = formOf(entry.document);
  const raw = entry.document;
  const title = textIn(doc.title, lang);
  useDocumentTitle(title.text);

  const newest = Math.max(entry.version, ...versionNumbers(entry));
  const isOlder = entry.superseded || entry.version < newest;
  const archived = entry.status === 'archived';
  const here = offerPath(entry.specId, props.requested);
  const ab = obj(raw.awardingBody);
  const identifiers = Array.isArray(ab.identifiers) ? ab.identifiers.map(obj) : [];
  const abName = has(doc.abLegalName) ? doc.abLegalName : { pl: entry.institution.namePl, en: entry.institution.nameEn };
  const address = [doc.abStreet, [doc.abPostalCode, doc.abLocality].filter(Boolean).join(' '), doc.abRegion, countryName(lang, doc.abCountry) ?? doc.abCountry]
    .map((s) => s.trim()).filter(Boolean).join(', ');
  const ects = entry.ectsCredits ?? Number(doc.ectsCredits);
  const hours = entry.workloadHours ?? (doc.workloadHours === '' ? null : Number(doc.workloadHours));
  const validity = typeof raw.validityPeriod === 'string' ? raw.validityPeriod : '';
  const level = (value: string, label: (n: number, l: Lang) => string): string =>
    value === 'null' ? t.elements.notApplicable : label(Number(value), lang);

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

      <dl className="facts">
        <Item label={t.elements.workload}>{t.elements.workloadValue(formatNumber(ects, lang), hours)}</Item>
        <Item label={t.elements.eqfLevel} show={doc.eqfLevel !== ''}>{level(doc.eqfLevel, eqfLabel)}</Item>
        <Item label={t.elements.prkLevel} show={doc.prkLevel !== ''}>{level(doc.prkLevel, prkLabel)}</Item>
        <Item label={t.elements.participationMode}>{codeLabel('participationMode', doc.participationMode, lang)}</Item>
        <Item label={t.elements.languages}>{doc.languages.map((code) => languageName(code, lang)).join(', ')}</Item>
        <Item label={t.elements.iscedF} show={doc.iscedF !== ''}>{iscedLabel(doc.iscedF, lang)}</Item>
      </dl>

      <section aria-labelledby="offer-outcomes">
        <h2 id="offer-outcomes">{t.elements.learningOutcomes}</h2>
        <ol className="outcomes">
          {doc.outcomes.map((o) => (
            <li key={o.key}>
              <Text value={o.text} as="p" />
              <p className="muted outcome-meta">
                {t.offer.outcomeCode}: <code>{o.id}</code>
                {o.type !== '' && <> · {t.offer.outcomeType}: {codeLabel('outcomeType', o.type, lang)}</>}
              </p>
              {o.esco.length > 0 && (
                <p className="outcome-esco">
                  {t.elements.escoSkills}:{' '}
                  {o.esco.map((s, i) => (
                    <span key={s.key}>
                      {i > 0 && ', '}
                      <a href={s.uri}>{textIn({ pl: s.labelPl, en: s.labelEn }, lang).text || s.uri}</a>
                    </span>
                  ))}
                </p>
              )}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="offer-details">
        <h2 id="offer-details">{t.offer.details}</h2>
        <dl className="details">
          <Item label={t.elements.awardingBody}>
            <Text value={abName} as="div" />
            {identifiers.length > 0 && (
              <div className="muted">
                {identifiers.map((id, i) => {
                  const scheme = typeof id.scheme === 'string' && Object.hasOwn(t.schemes, id.scheme) ? t.schemes[id.scheme as keyof typeof t.schemes] : String(id.scheme ?? '');
                  return <span key={i}>{i > 0 && ' · '}{scheme}: {String(id.value ?? '')}</span>;
                })}
              </div>
            )}
            {address !== '' && <div>{address}</div>}
            {doc.abHomepage !== '' && <div><a href={doc.abHomepage}>{doc.abHomepage}</a></div>}
            {doc.abEmail !== '' && <div><a href={`mailto:${doc.abEmail}`}>{doc.abEmail}</a></div>}
          </Item>
          <Item label={t.elements.issuerCountry}>
            {countryName(lang, doc.issuerCountry) ?? doc.issuerCountry}{doc.issuerRegion !== '' && `, ${doc.issuerRegion}`}
          </Item>
          <Item label={t.elements.assessmentType}>{codeLabel('assessmentType', doc.assessmentType, lang)}</Item>
          <Item label={t.elements.assessmentDescription} show={has(doc.assessmentDescription)}><Text value={doc.assessmentDescription} /></Item>
          <Item label={t.elements.supervisionVerification} show={doc.supervisionVerification !== ''}>{codeLabel('supervisionVerification', doc.supervisionVerification, lang)}</Item>
          <Item label={t.elements.gradingScheme} show={doc.gradingScheme !== ''}>{codeLabel('gradingScheme', doc.gradingScheme, lang)}</Item>
          <Item label={t.elements.qualityAssurance}>
            <div>{codeLabel('qualityAssurance', doc.qaType, lang)}</div>
            {has(doc.qaDescription) && <Text value={doc.qaDescription} as="div" />}
            {doc.qaAccreditationId !== '' && <div>{t.elements.accreditationId}: {doc.qaAccreditationId}</div>}
            {doc.qaAgency !== '' && <div>{t.elements.agency}: {doc.qaAgency}</div>}
          </Item>
          <Item label={t.elements.qfEheaCycle} show={doc.qfEheaCycle !== ''}>
            {doc.qfEheaCycle === 'null' ? t.elements.notApplicable : codeLabel('qfEheaCycle', doc.qfEheaCycle, lang)}
          </Item>
          <Item label={t.elements.prerequisites} show={has(doc.prerequisites)}><Text value={doc.prerequisites} /></Item>
          <Item label={t.elements.stackability} show={doc.stackMode !== '' || doc.targets.length > 0}>
            {doc.stackMode !== '' && <div>{codeLabel('stackability', doc.stackMode, lang)}</div>}
            {doc.targets.length > 0 && (
              <ul className="plain">
                {doc.targets.map((target) => (
                  <li key={target.key}>{target.url !== '' ? <a href={target.url}><Text value={target.title} /></a> : <Text value={target.title} />}</li>
                ))}
              </ul>
            )}
          </Item>
          <Item label={t.elements.learningSetting} show={doc.learningSetting !== ''}>{codeLabel('learningSetting', doc.learningSetting, lang)}</Item>
          <Item label={t.elements.furtherInfo} show={has(doc.furtherInfo)}><Text value={doc.furtherInfo} /></Item>
          <Item label={t.elements.homepage} show={doc.homepage !== ''}><a href={doc.homepage}>{doc.homepage}</a></Item>
          <Item label={t.elements.humanCode} show={doc.humanCode !== ''}><code>{doc.humanCode}</code></Item>
          <Item label={t.elements.zskCode} show={doc.zskCode !== ''}><code>{doc.zskCode}</code></Item>
          <Item label={t.elements.validityPeriod}>{validity === '' ? t.elements.noExpiry : formatDuration(validity, t)}</Item>
        </dl>
      </section>

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
