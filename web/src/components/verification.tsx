/**
 * What the verification pages share: the verdict in plain language (a revoked, suspended or expired credential said
 * so, not just "not valid"), each check with an icon and a word for its state (never colour alone) and its message,
 * who the issuer is (its name, legal identifiers and whether it is an institution registered here), the credential's
 * summary; a file drop zone with an ordinary file input; and saving JSON as a file. The public verifier, /v/:code,
 * the learner's credential and a shared credential all get the verifier's answer and show it with
 * `VerificationResult` alike; an import shows its raw report (verdict and checks).
 */
import { useState, type DragEvent, type ReactNode, type Ref } from 'react';
import type { CheckStatus, CredentialInfo, IssuerInfo, VerificationAnswer, VerificationCheck, VerificationReport } from '../api.ts';
import { useI18n, type Dictionary, type Lang } from '../i18n.ts';
import { formatDate, formatDateTime } from '../vocab.ts';
import { describedBy } from './fields.tsx';
import { Link } from './Link.tsx';

export type DisplayVerdict = 'valid' | 'invalid' | 'revoked' | 'suspended' | 'expired' | 'indeterminate';

const FORGERY_CHECKS = new Set(['format', 'issuer', 'proof']);

function detailsOf(check: VerificationCheck | undefined): Readonly<Record<string, unknown>> {
  return check?.details ?? {};
}

/**
 * The verdict as people read it. A credential that fails only on its status or its dates is revoked, suspended or
 * expired; anything wrong with its format, issuer or signature makes it simply not valid.
 */
export function displayVerdict(report: VerificationReport): DisplayVerdict {
  if (report.verdict === 'valid') return 'valid';
  if (report.verdict === 'indeterminate') return 'indeterminate';
  const failed = report.checks.filter((c) => c.status === 'failed');
  if (failed.some((c) => FORGERY_CHECKS.has(c.id))) return 'invalid';
  const set = detailsOf(failed.find((c) => c.id === 'status')).set;
  if (Array.isArray(set)) {
    if (set.includes('revocation')) return 'revoked';
    if (set.includes('suspension')) return 'suspended';
  }
  const validity = detailsOf(failed.find((c) => c.id === 'validity'));
  if (typeof validity.validUntil === 'string') {
    const until = Date.parse(validity.validUntil);
    const at = Date.parse(typeof validity.checkedAt === 'string' ? validity.checkedAt : report.verifiedAt);
    if (!Number.isNaN(until) && !Number.isNaN(at) && until < at) return 'expired';
  }
  return 'invalid';
}

const VERDICT_ICONS: Record<DisplayVerdict, string> = {
  valid: '✓', invalid: '✗', revoked: '✗', suspended: '‖', expired: '⌛', indeterminate: '?',
};

const CHECK_ICONS: Record<CheckStatus, string> = { passed: '✓', failed: '✗', warning: '!', skipped: '–' };

/** A small verdict badge (lists): an icon and the word. */
export function VerdictBadge(props: { readonly report: VerificationReport }): ReactNode {
  const { t } = useI18n();
  const verdict = displayVerdict(props.report);
  return (
    <span className={`verdict-badge verdict-badge--${verdict}`} data-verdict={verdict}>
      <span aria-hidden="true">{VERDICT_ICONS[verdict]} </span>{t.verdict[verdict]}
    </span>
  );
}

function checkLabel(check: VerificationCheck, t: Dictionary, lang: Lang): string {
  return check.label?.[lang] ?? t.verdict.checkNames[check.id] ?? check.id;
}

/** Each check: an icon, its name, its state in words, its message. */
export function CheckList(props: { readonly checks: readonly VerificationCheck[]; readonly headingId: string; readonly level: 2 | 3 | 4 }): ReactNode {
  const { t, lang } = useI18n();
  const Heading = `h${props.level}` as 'h2' | 'h3' | 'h4';
  return (
    <section aria-labelledby={props.headingId} className="vchecks-section">
      <Heading id={props.headingId}>{t.verdict.checks}</Heading>
      <ul className="vchecks">
        {props.checks.map((check) => (
          <li key={check.id} className={`vcheck vcheck--${check.status}`} data-check={check.id} data-status={check.status}>
            <span className="vcheck-icon" aria-hidden="true">{CHECK_ICONS[check.status]}</span>
            <div className="vcheck-body">
              <p className="vcheck-head">
                <strong>{checkLabel(check, t, lang)}</strong>{' '}
                <span className="vcheck-state"><span className="visually-hidden">: </span>{t.verdict.state[check.status]}</span>
              </p>
              <p className="vcheck-message">{check.message[lang]}</p>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function isAnswer(report: VerificationReport): report is VerificationAnswer {
  return 'issuer' in report && 'credential' in report;
}

/** An address of this site opens in the app; any other is an ordinary link. */
export function SiteLink(props: { readonly href: string; readonly children: ReactNode }): ReactNode {
  let url: URL | undefined;
  try {
    url = new URL(props.href, window.location.origin);
  } catch {
    url = undefined;
  }
  if (url && url.origin === window.location.origin) return <Link to={url.pathname + url.search}>{props.children}</Link>;
  return <a href={props.href}>{props.children}</a>;
}

function localName(names: Readonly<Record<string, string>> | undefined, fallback: string | undefined, lang: Lang): string | undefined {
  return names?.[lang] ?? fallback;
}

function schemeName(t: Dictionary, scheme: string): string {
  return Object.hasOwn(t.schemes, scheme) ? t.schemes[scheme as keyof Dictionary['schemes']] : scheme;
}

function IssuerSection(props: { readonly issuer: IssuerInfo; readonly headingId: string; readonly level: 3 | 4 }): ReactNode {
  const { t, lang } = useI18n();
  const { issuer } = props;
  const Heading = `h${props.level}` as 'h3' | 'h4';
  const registered = issuer.platform;
  const name = registered ? (lang === 'pl' ? registered.namePl : registered.nameEn) : localName(issuer.names, issuer.name, lang);
  const identifiers = issuer.identifiers.length > 0 ? issuer.identifiers : registered?.identifiers ?? [];
  return (
    <section aria-labelledby={props.headingId} className="verify-issuer">
      <Heading id={props.headingId}>{t.verdict.issuer}</Heading>
      <p className="verify-identity">{issuer.identity[lang]}</p>
      <dl className="details">
        {name && <div className="item"><dt>{t.verdict.issuerName}</dt><dd>{name}</dd></div>}
        <div className="item">
          <dt>{t.verdict.identifiers}</dt>
          <dd>
            {identifiers.length === 0 ? <span className="muted">{t.verdict.noIdentifiers}</span> : (
              <ul className="plain">
                {identifiers.map((id) => <li key={`${id.scheme}:${id.value}`}>{schemeName(t, id.scheme)}: {id.value}</li>)}
              </ul>
            )}
          </dd>
        </div>
        <div className="item">
          <dt>{t.verdict.registered}</dt>
          <dd data-registered={registered ? 'yes' : 'no'}>
            <span aria-hidden="true">{registered ? '✓ ' : '✗ '}</span>
            {registered ? t.verdict.registeredYes(lang === 'pl' ? registered.namePl : registered.nameEn) : t.verdict.registeredNo}
          </dd>
        </div>
        <div className="item">
          <dt>{t.verdict.signature}</dt>
          <dd><span aria-hidden="true">{issuer.confirmed ? '✓ ' : '✗ '}</span>{issuer.confirmed ? t.verdict.confirmedYes : t.verdict.confirmedNo}</dd>
        </div>
        {(issuer.url ?? registered?.website) && (
          <div className="item"><dt>{t.verdict.website}</dt><dd><a href={issuer.url ?? registered?.website ?? ''}>{issuer.url ?? registered?.website}</a></dd></div>
        )}
        {issuer.id && <div className="item"><dt>{t.verdict.did}</dt><dd><code>{issuer.id}</code></dd></div>}
      </dl>
    </section>
  );
}

function SummarySection(props: { readonly credential: CredentialInfo; readonly headingId: string; readonly level: 3 | 4 }): ReactNode {
  const { t, lang } = useI18n();
  const c = props.credential;
  const Heading = `h${props.level}` as 'h3' | 'h4';
  const title = localName(c.titles, c.title, lang);
  const item = (label: string, value: ReactNode): ReactNode => <div className="item"><dt>{label}</dt><dd>{value}</dd></div>;
  return (
    <section aria-labelledby={props.headingId} className="verify-credential">
      <Heading id={props.headingId}>{t.verdict.credential}</Heading>
      <dl className="details">
        {title && item(t.verdict.title, <span data-field="title">{title}</span>)}
        {c.learnerName && item(t.verdict.learner, <span data-field="learner">{c.learnerName}</span>)}
        {c.issuedAt && item(t.verdict.issuedAt, formatDate(c.issuedAt, lang))}
        {c.validFrom && c.validFrom !== c.issuedAt && item(t.verdict.validFrom, formatDate(c.validFrom, lang))}
        {item(t.verdict.validUntil, c.validUntil ? formatDate(c.validUntil, lang) : t.verdict.noExpiry)}
        {item(t.verdict.microCredential, c.microCredential ? t.verdict.microCredentialYes : t.verdict.microCredentialNo)}
        {c.achievementUrl && item(t.verdict.catalogue, <SiteLink href={c.achievementUrl}>{t.verdict.catalogueLink}</SiteLink>)}
        {c.id && item(t.verdict.credentialId, <code>{c.id}</code>)}
      </dl>
    </section>
  );
}

/**
 * The result of a verification: the verdict (big, in words), each check, and for the verifier's answers (every page
 * but imports) the credential's summary and the issuer's identity. `idPrefix` keeps ids unique; the verdict is a
 * heading of `level` (focusable, so a page can move focus to it when the result arrives).
 */
export function VerificationResult({ headingRef, ...props }: {
  readonly report: VerificationAnswer | VerificationReport;
  readonly idPrefix: string;
  readonly level?: 2 | 3;
  readonly headingRef?: Ref<HTMLHeadingElement>;
  /** A line under the verdict (e.g. which file was checked). */
  readonly source?: string;
}): ReactNode {
  const { t, lang } = useI18n();
  const { report } = props;
  const verdict = displayVerdict(report);
  const level = props.level ?? 2;
  const Heading = `h${level}` as 'h2' | 'h3';
  const sub = (level + 1) as 3 | 4;
  const answer = isAnswer(report) ? report : undefined;
  return (
    <div className="verification" data-verdict={verdict}>
      <div className={`verdict verdict--${verdict}`}>
        <span className="verdict-icon" aria-hidden="true">{VERDICT_ICONS[verdict]}</span>
        <div>
          <p className="verdict-label" aria-hidden="true">{t.verdict.result}</p>
          <Heading id={`${props.idPrefix}-verdict`} className="verdict-title" tabIndex={-1} ref={headingRef}>
            <span className="visually-hidden">{t.verdict.result}: </span>{t.verdict[verdict]}
          </Heading>
          <p className="verdict-explain">{t.verdict.explain[verdict]}</p>
          {props.source && <p className="verdict-source">{props.source}</p>}
          <p className="verdict-time">{t.verdict.verifiedAt(formatDateTime(report.verifiedAt, lang))}</p>
        </div>
      </div>
      {answer && (
        <div className="verification-details">
          <SummarySection credential={answer.credential} headingId={`${props.idPrefix}-credential`} level={sub} />
          <IssuerSection issuer={answer.issuer} headingId={`${props.idPrefix}-issuer`} level={sub} />
        </div>
      )}
      <CheckList checks={report.checks} headingId={`${props.idPrefix}-checks`} level={sub} />
    </div>
  );
}

/**
 * A drop zone around an ordinary file input: drag a file onto it, or choose one with the input (keyboard, screen
 * readers). `onFile` gets the file either way.
 */
export function FileDrop({ inputRef, ...props }: {
  readonly id: string;
  readonly label: string;
  readonly hint: string;
  readonly accept: string;
  onFile(file: File): void;
  readonly disabled?: boolean;
  /** Clear the input after a choice (the file is handled at once, so the same file can be chosen again). */
  readonly clearAfterChoice?: boolean;
  /** The id of a problem message about the chosen file (elsewhere on the page). */
  readonly errorId?: string | undefined;
  readonly inputRef?: Ref<HTMLInputElement>;
}): ReactNode {
  const { t } = useI18n();
  const [over, setOver] = useState(false);
  const onDragOver = (event: DragEvent<HTMLDivElement>): void => {
    if (props.disabled) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setOver(true);
  };
  const onDrop = (event: DragEvent<HTMLDivElement>): void => {
    event.preventDefault();
    setOver(false);
    const file = event.dataTransfer.files[0];
    if (file && !props.disabled) props.onFile(file);
  };
  return (
    <div
      className={['drop-zone', over ? 'drop-zone--over' : '', props.errorId ? 'drop-zone--invalid' : ''].filter(Boolean).join(' ')}
      data-drop-zone={props.id}
      onDragOver={onDragOver} onDragEnter={onDragOver}
      onDragLeave={(event) => { if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOver(false); }}
      onDrop={onDrop}
    >
      <p className="drop-zone-text">
        <span className="drop-zone-icon" aria-hidden="true">⇩</span> {over ? t.verify.dropActive : t.verify.drop}
      </p>
      <div className="field">
        <label htmlFor={props.id}>{props.label}</label>
        <p id={`${props.id}-hint`} className="field-hint">{props.hint}</p>
        <input
          id={props.id} ref={inputRef} type="file" accept={props.accept} disabled={props.disabled}
          aria-invalid={props.errorId ? true : undefined}
          aria-describedby={describedBy(`${props.id}-hint`, props.errorId)}
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) props.onFile(file);
            if (props.clearAfterChoice) event.target.value = '';
          }}
        />
      </div>
    </div>
  );
}

/** Saves JSON as a file the browser downloads. */
export function saveJson(fileName: string, data: unknown): void {
  const blob = new Blob([`${JSON.stringify(data, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.hidden = true;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Whether a file is a PDF (by its type or name). */
export function isPdfFile(file: File): boolean {
  return file.type === 'application/pdf' || /\.pdf$/i.test(file.name);
}
