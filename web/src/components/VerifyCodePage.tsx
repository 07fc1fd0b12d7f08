/**
 * The short verification address of one of our credentials (/v/:code, printed on PDF certificates and encoded in
 * their QR codes): the same result as the public verifier, for the stored credential, and the standard elements of
 * the specification version it was issued from (from the catalogue, when it is there).
 */
import type { ReactNode } from 'react';
import { api, ApiError, type SpecDocument } from '../api.ts';
import { useDocumentTitle, useLoad } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { institutionName } from '../vocab.ts';
import { ErrorSummary, Loading } from './fields.tsx';
import { Link } from './Link.tsx';
import { SpecElements } from './SpecElements.tsx';
import { VerificationResult } from './verification.tsx';

/** The catalogue offer an achievement id of this site names (`…/catalogue/<specId>/v/<version>`), if it is one. */
export function offerOf(achievementUrl: string | undefined | null): { specId: string; version: number } | undefined {
  if (!achievementUrl) return undefined;
  try {
    const url = new URL(achievementUrl);
    if (url.origin !== window.location.origin) return undefined;
    const match = /^\/catalogue\/([A-Za-z0-9][A-Za-z0-9_-]{0,99})\/v\/([1-9][0-9]{0,8})\/?$/.exec(url.pathname);
    return match ? { specId: match[1] as string, version: Number(match[2]) } : undefined;
  } catch {
    return undefined;
  }
}

export function VerifyCodePage(props: { readonly code: string }): ReactNode {
  const { t, lang } = useI18n();
  const { state } = useLoad(props.code, () => api.verifyCode(props.code));
  const answer = state.status === 'ready' ? state.data : undefined;
  const missing = state.status === 'error' && state.error instanceof ApiError && state.error.status === 404;
  const title = answer ? answer.credential.titles?.[lang] ?? answer.credential.title : undefined;
  const heading = missing ? t.verify.codeNotFoundTitle : title ?? t.verify.codeTitle;
  useDocumentTitle(heading);
  const offer = offerOf(answer?.credential.achievementUrl);
  return (
    <article className="verify-page verify-code">
      <p className="breadcrumb"><Link to="/verify">← {t.verify.another}</Link></p>
      {answer && <p className="eyebrow">{t.verify.codeTitle}</p>}
      {/* One heading element whatever the state: focus put on it by the navigation stays there once loaded. */}
      <h1 id="main-heading" tabIndex={-1}>{heading}</h1>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && (missing ? <p>{t.verify.codeNotFound}</p> : <ErrorSummary error={state.error} />)}
      {answer && (
        <>
          {answer.issuer.platform && (
            <p className="offer-institution">{institutionName(answer.issuer.platform, lang)}</p>
          )}
          <VerificationResult report={answer} idPrefix="code" level={2} />
          {offer && <OfferElements specId={offer.specId} version={offer.version} />}
          <p className="verify-another"><Link to="/verify" className="button button--secondary">{t.verify.another}</Link></p>
        </>
      )}
    </article>
  );
}

/** The standard elements of the specification version, from the catalogue (nothing when it is not there). */
function OfferElements(props: { readonly specId: string; readonly version: number }): ReactNode {
  const { t } = useI18n();
  const { state } = useLoad(`${props.specId}/${props.version}`, () => api.offer(props.specId, props.version));
  if (state.status !== 'ready') return null;
  return (
    <CredentialElements document={state.data.document} institution={state.data.institution} hint={t.verify.elementsHint}>
      <p><Link to={`/catalogue/${encodeURIComponent(props.specId)}/v/${props.version}`}>{t.learner.credential.catalogueLink}</Link></p>
    </CredentialElements>
  );
}

/** A section with every standard element of the credential's specification. */
export function CredentialElements(props: {
  readonly document: SpecDocument;
  readonly institution: { readonly namePl: string; readonly nameEn: string };
  readonly hint?: string;
  readonly children?: ReactNode;
}): ReactNode {
  const { t } = useI18n();
  return (
    <section aria-labelledby="credential-elements" className="credential-elements">
      <h2 id="credential-elements">{t.verify.elements}</h2>
      {props.hint && <p className="field-hint">{props.hint}</p>}
      <SpecElements document={props.document} institution={props.institution} idPrefix="elements" level={3} withDescription />
      {props.children}
    </section>
  );
}
