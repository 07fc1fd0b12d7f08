/**
 * Every standard element of a micro-credential specification (Annex I of the Council Recommendation), with labels in
 * the chosen language and code lists by their labels: the key facts, the learning outcomes and the other details.
 * The catalogue's offer page, a learner's credential, a shared credential and the verification page of one of our
 * credentials show the same elements from the specification version the credential was issued from.
 */
import { useMemo, type ReactNode } from 'react';
import type { SpecDocument } from '../api.ts';
import { countryName, useI18n, type Lang } from '../i18n.ts';
import { formOf, type LangPair } from '../specForm.ts';
import { codeLabel, eqfLabel, formatDuration, formatNumber, iscedLabel, languageName, prkLabel, textIn } from '../vocab.ts';

/** A text in the chosen language (or the other, marked with its language). */
export function Text(props: { readonly value: LangPair; readonly as?: 'p' | 'span' | 'div' }): ReactNode {
  const { lang } = useI18n();
  const { text, lang: textLang } = textIn(props.value, lang);
  const As = props.as ?? 'span';
  return <As lang={textLang === lang ? undefined : textLang} className="pre-line">{text}</As>;
}

export function has(value: LangPair): boolean {
  return value.pl.trim() !== '' || value.en.trim() !== '';
}

/** A `<dt>`/`<dd>` pair, left out when there is nothing to show. */
export function Item(props: { readonly label: string; readonly children: ReactNode; readonly show?: boolean }): ReactNode {
  if (props.show === false) return null;
  return <div className="item"><dt>{props.label}</dt><dd>{props.children}</dd></div>;
}

function obj(value: unknown): Readonly<Record<string, unknown>> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Readonly<Record<string, unknown>> : {};
}

function numberOr(value: unknown, fallback: number | null): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

export function SpecElements(props: {
  readonly document: SpecDocument;
  /** The awarding body's name when the document has none (the institution). */
  readonly institution: { readonly namePl: string; readonly nameEn: string };
  /** Prefix of the sections' ids (unique on the page). */
  readonly idPrefix: string;
  /** The level of the sections' headings (2 on a page of its own, 3 inside a section). */
  readonly level?: 2 | 3;
  /** Show the description too (the offer page shows it under its title). */
  readonly withDescription?: boolean;
}): ReactNode {
  const { t, lang } = useI18n();
  const raw = props.document;
  const doc = useMemo(() => formOf(raw), [raw]);
  const Heading = props.level === 3 ? 'h3' : 'h2';
  const ab = obj(raw.awardingBody);
  const identifiers = Array.isArray(ab.identifiers) ? ab.identifiers.map(obj) : [];
  const abName = has(doc.abLegalName) ? doc.abLegalName : { pl: props.institution.namePl, en: props.institution.nameEn };
  const address = [doc.abStreet, [doc.abPostalCode, doc.abLocality].filter(Boolean).join(' '), doc.abRegion, countryName(lang, doc.abCountry) ?? doc.abCountry]
    .map((s) => s.trim()).filter(Boolean).join(', ');
  const ects = numberOr(raw.ectsCredits, doc.ectsCredits === '' ? null : Number(doc.ectsCredits));
  const hours = numberOr(raw.workloadHours, doc.workloadHours === '' ? null : Number(doc.workloadHours));
  const validity = typeof raw.validityPeriod === 'string' ? raw.validityPeriod : '';
  const level = (value: string, label: (n: number, l: Lang) => string): string =>
    value === 'null' ? t.elements.notApplicable : label(Number(value), lang);

  return (
    <>
      {props.withDescription && has(doc.description) && <Text value={doc.description} as="p" />}
      <dl className="facts">
        <Item label={t.elements.workload} show={ects !== null && !Number.isNaN(ects)}>{t.elements.workloadValue(formatNumber(ects ?? 0, lang), hours)}</Item>
        <Item label={t.elements.eqfLevel} show={doc.eqfLevel !== ''}>{level(doc.eqfLevel, eqfLabel)}</Item>
        <Item label={t.elements.prkLevel} show={doc.prkLevel !== ''}>{level(doc.prkLevel, prkLabel)}</Item>
        <Item label={t.elements.participationMode} show={doc.participationMode !== ''}>{codeLabel('participationMode', doc.participationMode, lang)}</Item>
        <Item label={t.elements.languages} show={doc.languages.length > 0}>{doc.languages.map((code) => languageName(code, lang)).join(', ')}</Item>
        <Item label={t.elements.iscedF} show={doc.iscedF !== ''}>{iscedLabel(doc.iscedF, lang)}</Item>
      </dl>

      <section aria-labelledby={`${props.idPrefix}-outcomes`}>
        <Heading id={`${props.idPrefix}-outcomes`}>{t.elements.learningOutcomes}</Heading>
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

      <section aria-labelledby={`${props.idPrefix}-details`}>
        <Heading id={`${props.idPrefix}-details`}>{t.offer.details}</Heading>
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
          <Item label={t.elements.issuerCountry} show={doc.issuerCountry !== ''}>
            {countryName(lang, doc.issuerCountry) ?? doc.issuerCountry}{doc.issuerRegion !== '' && `, ${doc.issuerRegion}`}
          </Item>
          <Item label={t.elements.assessmentType} show={doc.assessmentType !== ''}>{codeLabel('assessmentType', doc.assessmentType, lang)}</Item>
          <Item label={t.elements.assessmentDescription} show={has(doc.assessmentDescription)}><Text value={doc.assessmentDescription} /></Item>
          <Item label={t.elements.supervisionVerification} show={doc.supervisionVerification !== ''}>{codeLabel('supervisionVerification', doc.supervisionVerification, lang)}</Item>
          <Item label={t.elements.gradingScheme} show={doc.gradingScheme !== ''}>{codeLabel('gradingScheme', doc.gradingScheme, lang)}</Item>
          <Item label={t.elements.qualityAssurance} show={doc.qaType !== '' || has(doc.qaDescription)}>
            {doc.qaType !== '' && <div>{codeLabel('qualityAssurance', doc.qaType, lang)}</div>}
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
    </>
  );
}
