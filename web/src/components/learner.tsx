/**
 * What the learner pages share: the status badge of an own credential, the title and issuer of an imported one
 * (read defensively: it may come from anywhere), and one pathway's progress.
 */
import type { ReactNode } from 'react';
import type { OwnCredentialStatus, PathwayProgress } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { formatNumber, institutionName, textIn } from '../vocab.ts';
import { SiteLink } from './verification.tsx';

const TONES: Record<OwnCredentialStatus, 'ok' | 'bad' | 'warn' | 'neutral'> = { active: 'ok', revoked: 'bad', suspended: 'warn', expired: 'neutral' };

export function LearnerStatusBadge(props: { readonly status: OwnCredentialStatus }): ReactNode {
  const { t } = useI18n();
  return <span className={`status status--${TONES[props.status]}`} data-status={props.status}>{t.learner.status[props.status]}</span>;
}

type Json = Readonly<Record<string, unknown>>;

function obj(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Json : undefined;
}

/** A name that may be a string or a language map (`{ "pl": …, "en": … }`). */
function nameOf(value: unknown, lang: string): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value;
  const map = obj(value);
  if (!map) return undefined;
  const own = map[lang];
  if (typeof own === 'string' && own.trim() !== '') return own;
  return Object.values(map).find((v): v is string => typeof v === 'string' && v.trim() !== '');
}

/** The title of a credential from anywhere: its achievement's name, else its own. */
export function credentialTitle(credential: Json, lang: string): string | undefined {
  const subjects = Array.isArray(credential.credentialSubject) ? credential.credentialSubject : [credential.credentialSubject];
  const achievement = obj(obj(subjects[0])?.achievement);
  return nameOf(achievement?.name, lang) ?? nameOf(credential.name, lang);
}

/** The issuer's name of a credential from anywhere (its id when it has no name). */
export function credentialIssuer(credential: Json, lang: string): string | undefined {
  if (typeof credential.issuer === 'string') return credential.issuer;
  const issuer = obj(credential.issuer);
  return nameOf(issuer?.name, lang) ?? (typeof issuer?.id === 'string' ? issuer.id : undefined);
}

/** One pathway: what is gathered, how much is missing, and where the missing micro-credentials can be earned. */
export function PathwayProgressView(props: { readonly progress: PathwayProgress; readonly index: number }): ReactNode {
  const { t, lang } = useI18n();
  const { progress } = props;
  const { pathway, required, stillNeeded } = progress;
  const title = textIn(pathway.title, lang);
  const headingId = `pathway-${props.index}`;
  const ects = (n: number): string => formatNumber(n, lang);
  // The share done: by credentials when the rule counts them, else by ECTS.
  const ratio = required.credentials !== undefined && required.credentials > 0
    ? progress.credentialsGathered / required.credentials
    : required.ects !== undefined && required.ects > 0 ? progress.ectsGathered / required.ects : progress.done ? 1 : 0;
  const percent = Math.round(Math.min(1, Math.max(0, ratio)) * 100);
  const missingParts = [
    stillNeeded.credentials !== undefined && stillNeeded.credentials > 0 && t.learner.pathway.stillCredentials(stillNeeded.credentials),
    stillNeeded.ects !== undefined && stillNeeded.ects > 0 && t.learner.pathway.stillEcts(ects(stillNeeded.ects)),
  ].filter((part): part is string => typeof part === 'string');
  const target = pathway.target ? textIn(pathway.target.title, lang) : undefined;
  return (
    <section className="card card--wide pathway-progress" aria-labelledby={headingId} data-pathway={pathway.id}>
      <div className="page-head">
        <h3 id={headingId} lang={title.lang === lang ? undefined : title.lang}><SiteLink href={pathway.publicUrl}>{title.text}</SiteLink></h3>
        <span className={`status status--${progress.done ? 'ok' : 'info'}`}>{progress.done ? t.learner.pathway.done : t.learner.pathway.inProgress}</span>
      </div>
      <p className="muted">{t.learner.pathway.institution}: {institutionName(pathway.institution, lang)}</p>
      {target && target.text !== '' && (
        <p>{t.learner.pathway.target}: {pathway.target?.url ? <a href={pathway.target.url}>{target.text}</a> : target.text}</p>
      )}
      <div
        className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}
        aria-label={t.learner.pathway.progress(title.text)}
        aria-valuetext={[
          required.credentials !== undefined ? t.learner.pathway.credentials(progress.credentialsGathered, required.credentials) : '',
          required.ects !== undefined ? t.learner.pathway.ects(ects(progress.ectsGathered), ects(required.ects)) : '',
        ].filter(Boolean).join(', ') || `${percent}%`}
      >
        <div className={`progress-fill${progress.done ? ' progress-fill--done' : ''}`} style={{ width: `${percent}%` }} />
      </div>
      <p className="progress-text">
        {t.learner.pathway.gathered(progress.credentialsGathered, ects(progress.ectsGathered))}
        {' '}
        {required.credentials !== undefined && <>({t.learner.pathway.credentials(progress.credentialsGathered, required.credentials)}) </>}
        {required.ects !== undefined && <>({t.learner.pathway.ects(ects(progress.ectsGathered), ects(required.ects))}) </>}
        {!progress.done && missingParts.length > 0 && t.learner.pathway.stillNeeded(missingParts.join(t.learner.pathway.and))}
      </p>
      <div className="pathway-lists">
        {progress.earned.length > 0 && (
          <div>
            <h4>{t.learner.pathway.earned}</h4>
            <ul>
              {progress.earned.map((offer) => {
                const name = textIn(offer.title, lang);
                return (
                  <li key={offer.specId}>
                    <span aria-hidden="true">✓ </span><SiteLink href={offer.url}>{name.text}</SiteLink>
                    {' '}<span className="muted">({t.learner.pathway.ectsValue(ects(offer.ectsCounted))})</span>
                  </li>
                );
              })}
            </ul>
          </div>
        )}
        {progress.missing.length > 0 && (
          <div>
            <h4>{t.learner.pathway.missing}</h4>
            <ul>
              {progress.missing.map((offer) => {
                const name = textIn(offer.title, lang);
                return (
                  <li key={offer.specId}>
                    <SiteLink href={offer.url}>{name.text}</SiteLink>
                    {' '}<span className="muted">
                      ({t.learner.pathway.ectsValue(ects(offer.ectsCredits))} · {institutionName(offer.institution, lang)}
                      {offer.status === 'archived' && <> · {t.learner.pathway.archived}</>})
                    </span>
                  </li>
                );
              })}
            </ul>
          </div>
        )}
      </div>
    </section>
  );
}
