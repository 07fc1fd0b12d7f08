/**
 * What the issuance pages share: status badges of credentials, batches and e-mails; the download links of an issued
 * credential (PDF in Polish, English or both; the signed JSON); a read-only value with a copy button (verification
 * and claim links); list pages; the published specifications to issue from; reading a chosen file as base64.
 */
import { useState, type ReactNode } from 'react';
import { api, downloads, type BatchStatus, type CredentialState, type OutboxStatus, type SpecificationSummary } from '../api.ts';
import { useLoad, type Load } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { pageNumbers } from './CataloguePage.tsx';
import { Notice, TextField } from './fields.tsx';
import { Link } from './Link.tsx';

/** Whether a member may issue, revoke, run batches and read the outbox (the API's `issuer` duty). */
export function canIssueAs(role: string): boolean {
  return role === 'owner' || role === 'issuer';
}

const TONES: Record<CredentialState | BatchStatus | OutboxStatus, 'ok' | 'bad' | 'warn' | 'info' | 'neutral'> = {
  active: 'ok', revoked: 'bad', suspended: 'warn',
  preview: 'info', queued: 'warn', running: 'warn', done: 'ok', cancelled: 'neutral',
  pending: 'warn', sent: 'ok', failed: 'bad',
};

export function CredentialStatusBadge(props: { readonly status: CredentialState }): ReactNode {
  const { t } = useI18n();
  return <span className={`status status--${TONES[props.status]}`} data-status={props.status}>{t.issuance.credentialStatus[props.status]}</span>;
}

export function BatchStatusBadge(props: { readonly status: BatchStatus }): ReactNode {
  const { t } = useI18n();
  return <span className={`status status--${TONES[props.status]}`} data-status={props.status}>{t.issuance.batchStatus[props.status]}</span>;
}

export function OutboxStatusBadge(props: { readonly status: OutboxStatus }): ReactNode {
  const { t } = useI18n();
  return <span className={`status status--${TONES[props.status]}`} data-status={props.status}>{t.issuance.outboxStatus[props.status]}</span>;
}

/** The files of an issued credential: the PDF certificate in each language, and the signed JSON. */
export function CredentialDownloads(props: { readonly slug: string; readonly id: string; readonly headingId: string; readonly level?: 2 | 3 }): ReactNode {
  const { t } = useI18n();
  const Heading = props.level === 3 ? 'h3' : 'h2';
  return (
    <section aria-labelledby={props.headingId} className="downloads">
      <Heading id={props.headingId}>{t.issuance.downloads}</Heading>
      <ul className="inline-list">
        <li><a className="button button--small" href={downloads.pdf(props.slug, props.id, 'pl')} download>{t.issuance.pdfPl}</a></li>
        <li><a className="button button--small" href={downloads.pdf(props.slug, props.id, 'en')} download>{t.issuance.pdfEn}</a></li>
        <li><a className="button button--small" href={downloads.pdf(props.slug, props.id, 'both')} download>{t.issuance.pdfBoth}</a></li>
        <li><a className="button button--small" href={downloads.json(props.slug, props.id)} download>{t.issuance.json}</a></li>
      </ul>
    </section>
  );
}

/** A value to hand over (a link): read-only, selectable, with a copy button and a polite confirmation. */
export function CopyField(props: { readonly id: string; readonly label: string; readonly value: string; readonly hint?: string; readonly open?: boolean }): ReactNode {
  const { t } = useI18n();
  const [copy, setCopy] = useState<'copied' | 'failed' | undefined>(undefined);
  async function copyValue(): Promise<void> {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(props.value);
      setCopy('copied');
    } catch {
      (document.getElementById(props.id) as HTMLInputElement | null)?.select();
      setCopy('failed');
    }
  }
  return (
    <div className="copy-field">
      <div className="key-row">
        <TextField id={props.id} label={props.label} value={props.value} onChange={() => undefined} readOnly spellCheck={false} hint={props.hint} className="grow" inputClassName="key-value" />
        <button type="button" className="button" onClick={() => void copyValue()} aria-label={`${t.issuance.copy}: ${props.label}`}>{t.issuance.copy}</button>
        {props.open && <a className="button" href={props.value} target="_blank" rel="noopener noreferrer">↗<span className="visually-hidden"> {props.label}</span></a>}
      </div>
      {copy === 'copied' && <Notice>{t.issuance.copied}</Notice>}
      {copy === 'failed' && <Notice tone="info">{t.issuance.copyFailed}</Notice>}
    </div>
  );
}

/** Links to the pages of a list (`href(n)` is page n's address); nothing when there is one page. */
export function Pagination(props: {
  readonly page: number;
  readonly pages: number;
  href(page: number): string;
  readonly label: string;
  readonly texts: { previous: string; next: string; page(n: number): string; pageOf(n: number, total: number): string };
  onNavigate?(): void;
}): ReactNode {
  const { page, pages, texts } = props;
  if (pages <= 1) return null;
  return (
    <nav className="pagination" aria-label={props.label}>
      <p className="muted">{texts.pageOf(page, pages)}</p>
      <ul>
        {page > 1 && <li><Link to={props.href(page - 1)} onNavigate={props.onNavigate}>{texts.previous}</Link></li>}
        {pageNumbers(page, pages).map((n, i) => (
          <li key={`${n}-${i}`}>
            {n === null ? <span aria-hidden="true">…</span> : (
              <Link to={props.href(n)} current={n === page} ariaLabel={texts.page(n)} onNavigate={props.onNavigate}>{String(n)}</Link>
            )}
          </li>
        ))}
        {page < pages && <li><Link to={props.href(page + 1)} onNavigate={props.onNavigate}>{texts.next}</Link></li>}
      </ul>
    </nav>
  );
}

/** The institution's specifications (every status): titles for lists, and the published ones to issue from. */
export function useSpecifications(slug: string): Load<SpecificationSummary[]> {
  return useLoad(`specs:${slug}`, () => api.specifications(slug)).state;
}

/** Specifications with a published version (the ones credentials are issued from). */
export function publishedOf(specs: readonly SpecificationSummary[]): SpecificationSummary[] {
  return specs.filter((s) => s.publishedVersion !== null);
}

/** A specification's title in the chosen language (the other one, or its id, when missing). */
export function specTitle(specs: readonly SpecificationSummary[] | undefined, specId: string | null, lang: 'pl' | 'en'): string {
  const spec = specs?.find((s) => s.specId === specId);
  if (!spec) return specId ?? '—';
  return spec.title[lang] || spec.title[lang === 'pl' ? 'en' : 'pl'] || spec.specId;
}

/** A file's bytes as base64 (what the batch upload sends). */
export async function base64Of(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** A column's spreadsheet letter: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}
