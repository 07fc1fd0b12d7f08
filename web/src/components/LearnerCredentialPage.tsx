/**
 * One of the learner's credentials (/me/credentials/:id): the institution, the title, the status, the verification
 * made now (shown as the public verifier and the shared page show it: the verdict, the credential's summary, who the
 * issuer is, each check), the downloads (Open Badges JSON, the PDF in Polish, English or both, Europass / ELM), "Add
 * to LinkedIn profile", the public verification address, share links (create, copy, list with views, withdraw),
 * sending it to a wallet (OpenID4VCI: the offer's QR code and link, optionally with a transaction code by e-mail),
 * and every standard element of the specification it was issued from.
 */
import { useRef, useState, type ReactNode } from 'react';
import { ApiError, learnerApi, learnerDownloads, type OwnCredentialDetail, type ShareLink, type WalletOffer } from '../api.ts';
import { useDocumentTitle, useLoad } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { formatDate, formatDateTime, formatNumber, institutionName, textIn } from '../vocab.ts';
import { CheckboxField, ErrorSummary, Loading, Notice } from './fields.tsx';
import { CopyField } from './issuance.tsx';
import { LearnerStatusBadge } from './learner.tsx';
import { Link } from './Link.tsx';
import { CredentialElements } from './VerifyCodePage.tsx';
import { SiteLink, VerificationResult } from './verification.tsx';

export function LearnerCredentialPage(props: { readonly id: string }): ReactNode {
  const { t, lang } = useI18n();
  const { state, set } = useLoad(props.id, () => learnerApi.credential(props.id));
  const detail = state.status === 'ready' ? state.data : undefined;
  const missing = state.status === 'error' && state.error instanceof ApiError && state.error.status === 404;
  const title = detail ? textIn(detail.title, lang) : undefined;
  const heading = missing ? t.learner.credential.notFoundTitle : title?.text ?? t.learner.credential.back;
  useDocumentTitle(heading);
  return (
    <article className="learner-credential">
      <p className="breadcrumb"><Link to="/me">← {t.learner.credential.back}</Link></p>
      {detail && <p className="eyebrow">{institutionName(detail.institution, lang)}</p>}
      {/* One heading element whatever the state: focus put on it by the navigation stays there once loaded. */}
      <div className="page-head">
        <h1 id="main-heading" tabIndex={-1} lang={title && title.lang !== lang ? title.lang : undefined}>{heading}</h1>
        {detail && <span id="credential-status"><LearnerStatusBadge status={detail.status} /></span>}
      </div>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && (missing ? <p>{t.learner.credential.notFound}</p> : <ErrorSummary error={state.error} />)}
      {detail && <Detail detail={detail} onReloaded={set} />}
    </article>
  );
}

function Detail(props: { readonly detail: OwnCredentialDetail; onReloaded(detail: OwnCredentialDetail): void }): ReactNode {
  const { t, lang } = useI18n();
  const d = props.detail;
  const [checking, setChecking] = useState(false);
  const [checkError, setCheckError] = useState<unknown>(undefined);
  const verdictRef = useRef<HTMLHeadingElement>(null);
  const item = (label: string, value: ReactNode): ReactNode => <div className="item"><dt>{label}</dt><dd>{value}</dd></div>;

  async function checkAgain(): Promise<void> {
    setChecking(true);
    setCheckError(undefined);
    try {
      props.onReloaded(await learnerApi.credential(d.id));
      window.setTimeout(() => verdictRef.current?.focus(), 0);
    } catch (error) {
      setCheckError(error);
    } finally {
      setChecking(false);
    }
  }

  return (
    <>
      <dl className="details credential-details">
        {item(t.learner.credential.learner, d.learner.name)}
        {item(t.learner.credential.institution, institutionName(d.institution, lang))}
        {item(t.learner.credential.issuedAt, formatDate(d.issuedAt, lang))}
        {item(t.learner.credential.validUntil, d.validUntil ? formatDate(d.validUntil, lang) : t.learner.credential.noExpiry)}
        {d.ectsCredits !== null && item(t.learner.credential.ects, formatNumber(d.ectsCredits, lang))}
        {item(t.learner.credential.status, (
          <>
            <LearnerStatusBadge status={d.status} />
            {d.revokedAt && <span className="status-note"> {t.learner.credential.revoked(formatDateTime(d.revokedAt, lang), d.revocationReason ?? '—')}</span>}
            {!d.revokedAt && d.suspendedAt && <span className="status-note"> {t.learner.credential.suspended(formatDateTime(d.suspendedAt, lang))}</span>}
          </>
        ))}
        {d.version !== null && item(t.learner.credential.version, String(d.version))}
        {item(t.learner.credential.credentialId, <code>{d.credentialId}</code>)}
      </dl>

      <section aria-labelledby="learner-verification" className="learner-verification">
        <div className="page-head">
          <h2 id="learner-verification">{t.learner.credential.verification}</h2>
          <button type="button" className="button button--small" disabled={checking} onClick={() => void checkAgain()}>
            {checking ? t.learner.credential.checking : t.learner.credential.checkAgain}
          </button>
        </div>
        {checkError !== undefined && <ErrorSummary error={checkError} />}
        <VerificationResult report={d.verification} idPrefix="learner" level={3} headingRef={verdictRef} />
      </section>

      <section aria-labelledby="learner-downloads" className="downloads">
        <h2 id="learner-downloads">{t.learner.credential.downloads}</h2>
        <ul className="inline-list">
          <li><a className="button button--small" href={learnerDownloads.json(d.id)} download>{t.learner.credential.json}</a></li>
          {d.downloads.pdf && (
            <>
              <li><a className="button button--small" href={learnerDownloads.pdf(d.id, 'pl')} download>{t.learner.credential.pdfPl}</a></li>
              <li><a className="button button--small" href={learnerDownloads.pdf(d.id, 'en')} download>{t.learner.credential.pdfEn}</a></li>
              <li><a className="button button--small" href={learnerDownloads.pdf(d.id, 'both')} download>{t.learner.credential.pdfBoth}</a></li>
            </>
          )}
          {d.downloads.elm && <li><a className="button button--small" href={learnerDownloads.elm(d.id)} download>{t.learner.credential.elm}</a></li>}
        </ul>
        <p>
          <a className="button button--small button--linkedin" href={d.linkedInUrl} target="_blank" rel="noopener noreferrer">
            {t.learner.credential.linkedIn} <span className="visually-hidden">{t.learner.credential.newTab}</span><span aria-hidden="true">↗</span>
          </a>
        </p>
        {d.verifyUrl && (
          <CopyField id="learner-verify-url" label={t.learner.credential.verifyUrl} value={d.verifyUrl} hint={t.learner.credential.verifyUrlHint} />
        )}
      </section>

      <Shares id={d.id} />

      <Wallet id={d.id} />

      {d.specification ? (
        <CredentialElements document={d.specification} institution={d.institution}>
          {d.specificationUrl && <p><SiteLink href={d.specificationUrl}>{t.learner.credential.catalogueLink}</SiteLink></p>}
        </CredentialElements>
      ) : (
        <section aria-labelledby="credential-elements">
          <h2 id="credential-elements">{t.learner.credential.elements}</h2>
          <p className="muted">{t.learner.credential.noSpecification}</p>
        </section>
      )}
    </>
  );
}

function Wallet(props: { readonly id: string }): ReactNode {
  const { t, lang } = useI18n();
  const [txCode, setTxCode] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [offer, setOffer] = useState<WalletOffer | undefined>(undefined);
  const revoked = error instanceof ApiError && error.status === 409;

  async function send(): Promise<void> {
    setBusy(true);
    setError(undefined);
    setOffer(undefined);
    try {
      setOffer(await learnerApi.walletOffer(props.id, txCode));
      window.setTimeout(() => document.getElementById('wallet-offer-uri')?.focus(), 0);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="learner-wallet" className="learner-wallet">
      <h2 id="learner-wallet">{t.learner.credential.wallet}</h2>
      <p className="field-hint">{t.learner.credential.walletHint}</p>
      <CheckboxField id="wallet-tx-code" label={t.learner.credential.walletTxCode} checked={txCode} onChange={setTxCode} disabled={busy} />
      <p>
        <button type="button" className="button button--primary" disabled={busy} onClick={() => void send()}>
          {busy ? t.learner.credential.walletBusy : t.learner.credential.walletSend}
        </button>
      </p>
      {revoked
        ? <div className="alert alert--error" role="alert"><p>{t.learner.credential.walletRevoked}</p></div>
        : error !== undefined && <ErrorSummary error={error} />}
      {offer && (
        <div className="card card--success wallet-offer">
          <Notice>{t.learner.credential.walletReady}</Notice>
          <p><img className="wallet-qr" src={offer.qr} alt={t.learner.credential.walletQr} width={240} height={240} /></p>
          <CopyField id="wallet-offer-uri" label={t.learner.credential.walletLink} value={offer.offerUri} />
          <p><a className="button button--small" href={offer.offerUri}>{t.learner.credential.walletOpen}</a></p>
          <p>{t.learner.credential.walletExpires(formatDateTime(offer.expiresAt, lang))}</p>
          {offer.txCode && <Notice tone="info">{t.learner.credential.walletCodeSent}</Notice>}
        </div>
      )}
    </section>
  );
}

function Shares(props: { readonly id: string }): ReactNode {
  const { t, lang } = useI18n();
  const { state, set } = useLoad(`shares:${props.id}`, () => learnerApi.shares(props.id));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [created, setCreated] = useState<ShareLink | undefined>(undefined);
  const [withdrawn, setWithdrawn] = useState(false);
  const [confirming, setConfirming] = useState<string | undefined>(undefined);
  const createRef = useRef<HTMLButtonElement>(null);
  const shares = state.status === 'ready' ? state.data : [];

  async function create(): Promise<void> {
    setBusy(true);
    setError(undefined);
    setWithdrawn(false);
    try {
      const share = await learnerApi.createShare(props.id);
      set([share, ...shares]);
      setCreated(share);
      window.setTimeout(() => document.getElementById('share-new')?.focus(), 0);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  async function withdraw(share: ShareLink): Promise<void> {
    setBusy(true);
    setError(undefined);
    try {
      await learnerApi.withdrawShare(props.id, share.id);
      set(shares.map((s) => (s.id === share.id ? { ...s, withdrawnAt: new Date().toISOString() } : s)));
      if (created?.id === share.id) setCreated(undefined);
      setConfirming(undefined);
      setWithdrawn(true);
      window.setTimeout(() => createRef.current?.focus(), 0);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="learner-shares" className="learner-shares">
      <h2 id="learner-shares">{t.learner.credential.shares}</h2>
      <p className="field-hint">{t.learner.credential.sharesHint}</p>
      <p>
        <button type="button" className="button button--primary" ref={createRef} disabled={busy} onClick={() => void create()}>
          {busy && confirming === undefined ? t.learner.credential.creating : t.learner.credential.createShare}
        </button>
      </p>
      {error !== undefined && <ErrorSummary error={error} />}
      {withdrawn && <Notice>{t.learner.credential.withdrawn}</Notice>}
      {created && (
        <div className="card card--success">
          <Notice>{t.learner.credential.created}</Notice>
          <CopyField id="share-new" label={t.learner.credential.newShare} value={created.url} />
        </div>
      )}
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorSummary error={state.error} />}
      {state.status === 'ready' && (shares.length === 0 ? <p className="muted">{t.learner.credential.noShares}</p> : (
        <div className="table-wrap">
          <table className="shares-table">
            <caption>{t.learner.credential.sharesCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.learner.credential.colLink}</th>
                <th scope="col">{t.learner.credential.colCreated}</th>
                <th scope="col" className="num">{t.learner.credential.colViews}</th>
                <th scope="col">{t.learner.credential.colStatus}</th>
                <th scope="col"><span className="visually-hidden">{t.learner.credential.colActions}</span></th>
              </tr>
            </thead>
            <tbody>
              {shares.map((share) => {
                const date = formatDateTime(share.createdAt, lang);
                return (
                  <tr key={share.id} data-share={share.id}>
                    <th scope="row" className="share-url">{share.withdrawnAt ? <s>{share.url}</s> : <a href={share.url}>{share.url}</a>}</th>
                    <td className="nowrap">{date}</td>
                    <td className="num">{share.views}</td>
                    <td>
                      {share.withdrawnAt
                        ? <span className="status status--neutral">{t.learner.credential.shareWithdrawn(formatDate(share.withdrawnAt, lang))}</span>
                        : <span className="status status--ok">{t.learner.credential.shareActive}</span>}
                    </td>
                    <td className="actions">
                      {!share.withdrawnAt && (confirming === share.id ? (
                        <div className="confirm" role="group" aria-labelledby={`share-question-${share.id}`}>
                          <p id={`share-question-${share.id}`}>{t.learner.credential.withdrawQuestion}</p>
                          <button type="button" id={`share-confirm-${share.id}`} className="button button--small button--danger" disabled={busy} onClick={() => void withdraw(share)}>
                            {t.learner.credential.confirmWithdraw}
                          </button>
                          <button
                            type="button" className="button button--small"
                            onClick={() => { setConfirming(undefined); window.setTimeout(() => document.getElementById(`share-withdraw-${share.id}`)?.focus(), 0); }}
                          >
                            {t.learner.credential.cancel}
                          </button>
                        </div>
                      ) : (
                        <button
                          type="button" id={`share-withdraw-${share.id}`} className="button button--small" aria-label={t.learner.credential.withdrawLabel(date)}
                          onClick={() => { setConfirming(share.id); window.setTimeout(() => document.getElementById(`share-confirm-${share.id}`)?.focus(), 0); }}
                        >
                          {t.learner.credential.withdraw}
                        </button>
                      ))}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}
