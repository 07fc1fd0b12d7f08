/**
 * A credential a learner shared (/s/:token, public): the institution, the title, its ECTS credits and when it was
 * shared, the verification made at this request shown as the public verifier shows it (the verdict, the credential's
 * summary with the learner's name and dates, who the issuer is, each check; a revocation shows at once), the signed
 * credential to download, "verify it yourself", and every standard element of the specification it was issued from.
 * A withdrawn or unknown link: a plain "this link does not work".
 */
import type { ReactNode } from 'react';
import { api, ApiError, type SharedCredential } from '../api.ts';
import { useDocumentTitle, useLoad } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { formatDate, formatNumber, institutionName, textIn } from '../vocab.ts';
import { ErrorSummary, Loading } from './fields.tsx';
import { Link } from './Link.tsx';
import { CredentialElements } from './VerifyCodePage.tsx';
import { saveJson, SiteLink, VerificationResult } from './verification.tsx';

export function SharedPage(props: { readonly token: string }): ReactNode {
  const { t, lang } = useI18n();
  const { state } = useLoad(props.token, () => api.shared(props.token));
  const shared = state.status === 'ready' ? state.data : undefined;
  const missing = state.status === 'error' && state.error instanceof ApiError && state.error.status === 404;
  const title = shared ? textIn(shared.credential.title, lang) : undefined;
  const heading = missing ? t.shared.notFoundTitle : title?.text ?? t.shared.eyebrow;
  useDocumentTitle(heading);
  return (
    <article className="shared-page">
      {shared && <p className="eyebrow">{t.shared.eyebrow}</p>}
      {/* One heading element whatever the state: focus put on it by the navigation stays there once loaded. */}
      <h1 id="main-heading" tabIndex={-1} lang={title && title.lang !== lang ? title.lang : undefined}>{heading}</h1>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && (missing ? (
        <>
          <p>{t.shared.notFound}</p>
          <p><Link to="/verify">{t.verify.another}</Link></p>
        </>
      ) : <ErrorSummary error={state.error} />)}
      {shared && <Shared shared={shared} />}
    </article>
  );
}

function Shared(props: { readonly shared: SharedCredential }): ReactNode {
  const { t, lang } = useI18n();
  const { shared } = props;
  const c = shared.credential;
  const item = (label: string, value: ReactNode): ReactNode => <div className="item"><dt>{label}</dt><dd>{value}</dd></div>;
  const fileName = `credential-${c.credentialId.replace(/^urn:uuid:/, '')}.json`;
  return (
    <>
      <p className="offer-institution">
        <span className="visually-hidden">{t.shared.institution}: </span>{institutionName(shared.institution, lang)}
      </p>
      <dl className="facts">
        {/* The learner's name and the dates are in the verification's summary below. */}
        {c.ectsCredits !== null && item(t.shared.ects, formatNumber(c.ectsCredits, lang))}
        {item(t.shared.sharedAt, formatDate(shared.sharedAt, lang))}
      </dl>

      <VerificationResult report={shared.verification} idPrefix="shared" level={2} />

      <section aria-labelledby="shared-file" className="downloads">
        <h2 id="shared-file">{t.learner.credential.downloads}</h2>
        <p className="field-hint">{t.shared.downloadHint}</p>
        <ul className="inline-list">
          <li>
            <button type="button" className="button button--small" onClick={() => saveJson(fileName, shared.document)}>{t.shared.download}</button>
          </li>
          <li><Link to="/verify" className="button button--small button--secondary">{t.shared.verifyYourself}</Link></li>
          {c.verifyUrl && <li><SiteLink href={c.verifyUrl}>{t.verify.verifyUrl}</SiteLink></li>}
        </ul>
      </section>

      {shared.specification && (
        <CredentialElements document={shared.specification} institution={shared.institution}>
          {shared.specificationUrl && <p><SiteLink href={shared.specificationUrl}>{t.learner.credential.catalogueLink}</SiteLink></p>}
        </CredentialElements>
      )}
    </>
  );
}
