/**
 * The verification report: one entry per check, an overall verdict, and a plain-language rendering in Polish or
 * English for people (the CLI, later the public verification page).
 */
import type { Message, UiLanguage } from '../model/index.ts';

export type CheckId = 'format' | 'issuer' | 'proof' | 'schema' | 'validity' | 'status' | 'elements';
export const CHECK_ORDER: readonly CheckId[] = ['format', 'issuer', 'proof', 'schema', 'validity', 'status', 'elements'];

/** `warning`: the check could not give an answer or found something to note; it does not make the credential invalid. */
export type CheckStatus = 'passed' | 'failed' | 'warning' | 'skipped';

export interface Check {
  readonly id: CheckId;
  readonly status: CheckStatus;
  readonly message: Message;
  /** Whether a warning leaves the verdict open ("could not be checked"), as opposed to a mere note. */
  readonly indeterminate?: boolean;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** `indeterminate`: nothing failed, but something that matters (the status) could not be checked. */
export type Verdict = 'valid' | 'invalid' | 'indeterminate';

export interface CredentialSummary {
  readonly id?: string;
  readonly name?: string;
  readonly issuerId?: string;
  readonly issuerName?: string;
  readonly learnerName?: string;
  readonly validFrom?: string;
  readonly validUntil?: string;
  readonly microCredential: boolean;
}

export interface VerificationReport {
  readonly verdict: Verdict;
  readonly verifiedAt: string;
  readonly checks: readonly Check[];
  readonly summary?: CredentialSummary;
}

export function verdictOf(checks: readonly Check[]): Verdict {
  if (checks.some((c) => c.status === 'failed')) return 'invalid';
  if (checks.some((c) => c.status === 'warning' && c.indeterminate)) return 'indeterminate';
  return 'valid';
}

const CHECK_NAMES: Record<CheckId, Message> = {
  format: { pl: 'Format', en: 'Format' },
  issuer: { pl: 'Wystawca i klucz', en: 'Issuer and key' },
  proof: { pl: 'Podpis i integralność', en: 'Signature and integrity' },
  schema: { pl: 'Schemat Open Badges 3.0', en: 'Open Badges 3.0 schema' },
  validity: { pl: 'Okres ważności', en: 'Validity period' },
  status: { pl: 'Status (unieważnienie, zawieszenie)', en: 'Status (revocation, suspension)' },
  elements: { pl: 'Elementy standardu UE', en: 'EU standard elements' },
};

const VERDICTS: Record<Verdict, Message> = {
  valid: { pl: 'WAŻNE: poświadczenie jest autentyczne i ważne.', en: 'VALID: the credential is authentic and valid.' },
  invalid: { pl: 'NIEWAŻNE: poświadczenie nie przeszło weryfikacji.', en: 'INVALID: the credential failed verification.' },
  indeterminate: {
    pl: 'NIEROZSTRZYGNIĘTE: podpis jest poprawny, ale nie wszystko dało się sprawdzić.',
    en: 'UNDETERMINED: the signature is correct, but not everything could be checked.',
  },
};

const MARKS: Record<CheckStatus, string> = { passed: '✓', failed: '✗', warning: '!', skipped: '–' };

/** The report as lines of plain text in `lang`. */
export function renderReport(report: VerificationReport, lang: UiLanguage): string {
  const lines: string[] = [VERDICTS[report.verdict][lang], ''];
  const s = report.summary;
  if (s) {
    const label = lang === 'pl'
      ? { name: 'Poświadczenie', issuer: 'Wystawca', learner: 'Osoba', from: 'Ważne od', until: 'Ważne do' }
      : { name: 'Credential', issuer: 'Issuer', learner: 'Learner', from: 'Valid from', until: 'Valid until' };
    if (s.name) lines.push(`${label.name}: ${s.name}`);
    if (s.issuerName || s.issuerId) lines.push(`${label.issuer}: ${[s.issuerName, s.issuerId && `(${s.issuerId})`].filter(Boolean).join(' ')}`);
    if (s.learnerName) lines.push(`${label.learner}: ${s.learnerName}`);
    if (s.validFrom) lines.push(`${label.from}: ${s.validFrom}`);
    if (s.validUntil) lines.push(`${label.until}: ${s.validUntil}`);
    lines.push('');
  }
  for (const check of report.checks) {
    lines.push(`${MARKS[check.status]} ${CHECK_NAMES[check.id][lang]}: ${check.message[lang]}`);
  }
  return lines.join('\n');
}
