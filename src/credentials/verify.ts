/**
 * Verifies a credential offline and reports each check on its own: format, issuer key resolution, proof
 * (signature and integrity), the official OB 3.0 JSON Schema and our extension schema, validity dates, status
 * (revocation / suspension, when the status list is given or reachable) and the EU mandatory elements.
 */
import type { Message } from '../model/index.ts';
import { CONTEXTS, VC_V1_CONTEXT_URL, VC_V2_CONTEXT_URL } from './contexts.ts';
import { DidResolutionError, OfflineDidResolver, resolveVerificationMethod, type DidResolver } from './did.ts';
import { createDocumentLoader, UnknownDocumentError } from './document-loader.ts';
import { isMicroCredential, mandatoryElements, OPTIONAL_WHEN_NOT_APPLICABLE } from './elements.ts';
import { CHECK_ORDER, verdictOf, type Check, type CheckId, type CredentialSummary, type VerificationReport } from './report.ts';
import { hasSchema, validateAgainst, validateOpenBadge } from './schema.ts';
import { statusCheck, type StatusListSource } from './status-check.ts';
import { verifyProofOnly } from './suites.ts';
import { OB_V3_SCHEMA_URL } from './build.ts';
import { asArray, obj, type Json } from './json.ts';


export interface VerifyOptions {
  /** The time to check validity against; now when absent. */
  readonly now?: Date;
  /** Resolves issuer DIDs; did:key only (offline) when absent. */
  readonly resolver?: DidResolver;
  /** Status list credentials: given ones, or a fetcher. Without one, the status cannot be checked. */
  readonly statusLists?: StatusListSource;
}

/** Clock skew tolerated on validity dates, as the reference library does. */
const MAX_CLOCK_SKEW_MS = 300_000;
const defaultResolver = new OfflineDidResolver();

function check(id: CheckId, status: Check['status'], message: Message, details?: Json, indeterminate?: boolean): Check {
  return { id, status, message, ...(details ? { details } : {}), ...(indeterminate ? { indeterminate } : {}) };
}

function skipped(id: CheckId, because: Message): Check {
  return check(id, 'skipped', because);
}

/** Structural problems that make every other check meaningless. */
function formatProblems(input: unknown): Message[] {
  const c = obj(input);
  if (!c) return [{ pl: 'To nie jest obiekt JSON poświadczenia.', en: 'This is not a credential JSON object.' }];
  const out: Message[] = [];
  const contexts = asArray(c['@context']);
  if (contexts[0] !== VC_V2_CONTEXT_URL && contexts[0] !== VC_V1_CONTEXT_URL) {
    out.push({
      pl: 'Pierwszy element „@context” musi być kontekstem W3C Verifiable Credentials (v2 lub v1).',
      en: 'The first "@context" entry must be the W3C Verifiable Credentials context (v2 or v1).',
    });
  }
  for (const ctx of contexts) {
    if (typeof ctx === 'string' && !CONTEXTS.has(ctx)) {
      out.push({
        pl: `Nieznany kontekst JSON-LD „${ctx}”: weryfikator działa offline i zna tylko opublikowane konteksty.`,
        en: `Unknown JSON-LD context "${ctx}": the verifier works offline and knows only published contexts.`,
      });
    } else if (typeof ctx !== 'string' && !obj(ctx)) {
      out.push({ pl: 'Element „@context” musi być adresem URL lub obiektem.', en: 'An "@context" entry must be a URL or an object.' });
    }
  }
  if (!asArray(c.type).includes('VerifiableCredential')) {
    out.push({ pl: 'Pole „type” musi zawierać „VerifiableCredential”.', en: '"type" must include "VerifiableCredential".' });
  }
  const issuer = c.issuer;
  if (!(typeof issuer === 'string' || typeof obj(issuer)?.id === 'string')) {
    out.push({ pl: 'Brak wystawcy („issuer” z identyfikatorem).', en: 'The issuer is missing ("issuer" with an id).' });
  }
  if (c.credentialSubject === undefined) {
    out.push({ pl: 'Brak podmiotu poświadczenia („credentialSubject”).', en: 'The credential subject ("credentialSubject") is missing.' });
  }
  const proofs = asArray(c.proof);
  if (proofs.length === 0) {
    out.push({ pl: 'Poświadczenie nie ma podpisu („proof”): nie można potwierdzić jego autentyczności.', en: 'The credential has no proof ("proof"): its authenticity cannot be established.' });
  } else if (!proofs.every((p) => typeof obj(p)?.verificationMethod === 'string')) {
    out.push({ pl: 'Podpis („proof”) nie wskazuje klucza („verificationMethod”).', en: 'The proof does not name its key ("verificationMethod").' });
  }
  return out;
}

function issuerIdOf(c: Json): string {
  return typeof c.issuer === 'string' ? c.issuer : String(obj(c.issuer)?.id);
}

interface IssuerResult {
  readonly check: Check;
  /** Whether every proof's key was found, so the signatures can be checked. */
  readonly resolved: boolean;
}

async function issuerCheck(c: Json, resolver: DidResolver): Promise<IssuerResult> {
  const issuerId = issuerIdOf(c);
  const methods = asArray(c.proof).map((p) => String(obj(p)?.verificationMethod));
  let mismatch: Check | undefined;
  for (const url of methods) {
    try {
      const vm = await resolveVerificationMethod(resolver, url);
      const controller = String(vm.controller ?? url.split('#')[0]);
      if (controller !== issuerId && !mismatch) {
        mismatch = check('issuer', 'failed', {
          pl: `Klucz ${url} należy do ${controller}, a nie do wystawcy ${issuerId}.`,
          en: `Key ${url} belongs to ${controller}, not to the issuer ${issuerId}.`,
        }, { verificationMethod: url, controller, issuer: issuerId });
      }
    } catch (error) {
      if (error instanceof DidResolutionError) {
        const unreachable = error.reason === 'unreachable';
        return { resolved: false, check: check('issuer', unreachable ? 'warning' : 'failed', unreachable ? {
          pl: `Nie udało się pobrać dokumentu DID wystawcy ${error.did}: nie można sprawdzić podpisu.`,
          en: `The issuer's DID document ${error.did} could not be obtained: the signature cannot be checked.`,
        } : {
          pl: `Nie można ustalić klucza wystawcy: ${error.message}.`,
          en: `The issuer's key cannot be resolved: ${error.message}.`,
        }, { verificationMethod: url, reason: error.reason }, unreachable) };
      }
      return { resolved: false, check: check('issuer', 'failed', {
        pl: `Nie można ustalić klucza wystawcy ${url}: ${(error as Error).message}.`,
        en: `The issuer's key ${url} cannot be resolved: ${(error as Error).message}.`,
      }, { verificationMethod: url }) };
    }
  }
  if (mismatch) return { resolved: true, check: mismatch };
  const method = issuerId.split(':').slice(0, 2).join(':');
  return { resolved: true, check: check('issuer', 'passed', {
    pl: `Klucz podpisu należy do wystawcy ${issuerId} (${method}).`,
    en: `The signing key belongs to the issuer ${issuerId} (${method}).`,
  }, { issuer: issuerId, verificationMethods: methods }) };
}

function describeProofError(error: Error | undefined): Message {
  const text = error?.message ?? '';
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  if (error instanceof UnknownDocumentError || cause instanceof UnknownDocumentError || /Unknown document or JSON-LD context/.test(text)) {
    return { pl: `Poświadczenie odwołuje się do nieznanego dokumentu: ${text}`, en: `The credential refers to an unknown document: ${text}` };
  }
  if (/Invalid signature/i.test(text)) {
    return {
      pl: 'Podpis nie zgadza się z treścią: poświadczenie zmieniono po podpisaniu albo podpisał je inny klucz.',
      en: 'The signature does not match the content: the credential was changed after signing or signed with another key.',
    };
  }
  if (/No matching proofs/i.test(text)) {
    return { pl: 'Nieobsługiwany rodzaj podpisu (obsługiwane: eddsa-rdfc-2022, Ed25519Signature2020).', en: 'Unsupported proof type (supported: eddsa-rdfc-2022, Ed25519Signature2020).' };
  }
  if (/safe mode/i.test(text)) {
    const event = (error as { details?: { event?: { code?: string; details?: unknown } } } | undefined)?.details?.event;
    const why = event ? ` (${event.code ?? ''} ${JSON.stringify(event.details ?? {})})` : '';
    return {
      pl: `Dane JSON-LD poświadczenia są nieprawidłowe (tryb bezpieczny)${why}: podpis nie może ich chronić.`,
      en: `The credential's JSON-LD data is invalid (safe mode)${why}: the signature cannot protect it.`,
    };
  }
  return { pl: `Podpis jest nieprawidłowy: ${text || 'nieznany błąd'}`, en: `The proof is invalid: ${text || 'unknown error'}` };
}

function firstError(result: { error?: Error & { errors?: Error[] }; results?: Array<{ error?: Error }> }): Error | undefined {
  return result.results?.find((r) => r.error)?.error ?? result.error?.errors?.[0] ?? result.error;
}

function schemaCheck(c: Json): Check {
  const types = asArray(c.type);
  const isBadge = types.includes('OpenBadgeCredential') || types.includes('AchievementCredential');
  const results = [];
  const unavailable: string[] = [];
  if (isBadge) {
    if (asArray(c['@context'])[0] === VC_V1_CONTEXT_URL) {
      return check('schema', 'warning', {
        pl: 'Poświadczenie Open Badges 3.0 w starszym modelu VC 1.1: obecny schemat OB 3.0 wymaga VC 2.0, pominięto go.',
        en: 'An Open Badges 3.0 credential in the older VC 1.1 model: the current OB 3.0 schema requires VC 2.0 and was skipped.',
      });
    }
    results.push(validateOpenBadge(c));
  }
  for (const entry of asArray(c.credentialSchema)) {
    const id = String(obj(entry)?.id ?? '');
    if (id === OB_V3_SCHEMA_URL && isBadge) continue;
    const result = validateAgainst(id, c);
    if (result) results.push(result);
    else if (!hasSchema(id)) unavailable.push(id);
  }
  if (results.length === 0) {
    return check('schema', 'skipped', { pl: 'To nie jest poświadczenie Open Badges; brak znanego schematu.', en: 'Not an Open Badges credential; no known schema.' }, { unavailable });
  }
  const failures = results.filter((r) => !r.valid);
  const tolerated = TOLERATED.filter((t) => t.applies(c));
  if (failures.length > 0 && tolerated.length > 0 &&
    failures.every((f) => f.errors.every((e) => tolerated.some((t) => e.instancePath === t.path || e.instancePath.startsWith(`${t.path}/`))))) {
    const variants = tolerated.reduce<Json[]>((docs, t) => docs.flatMap((d) => t.normalise(d)), [c]);
    if (failures.every((f) => variants.every((v) => validateAgainst(f.schemaId, v)?.valid))) {
      return check('schema', 'warning', {
        pl: `Zgodne ze schematem OB 3.0 z wyjątkiem: ${tolerated.map((t) => t.note.pl).join('; ')}.`,
        en: `Matches the OB 3.0 schema except that ${tolerated.map((t) => t.note.en).join('; ')}.`,
      }, { results: results.map((r) => r.schemaId), unavailable, tolerated: tolerated.map((t) => t.path) });
    }
  }
  if (failures.length > 0) {
    const errors = failures.flatMap((f) => f.errors.map((e) => `${e.instancePath} ${e.message}`));
    const shown = errors.slice(0, 5).join('; ');
    return check('schema', 'failed', {
      pl: `Niezgodne ze schematem: ${shown}${errors.length > 5 ? ` (i ${errors.length - 5} więcej)` : ''}`,
      en: `Does not match the schema: ${shown}${errors.length > 5 ? ` (and ${errors.length - 5} more)` : ''}`,
    }, { results, unavailable });
  }
  return check('schema', 'passed', {
    pl: `Zgodne z oficjalnym schematem JSON Open Badges 3.0${results.length > 1 ? ' i schematem rozszerzenia' : ''}.`,
    en: `Matches the official Open Badges 3.0 JSON Schema${results.length > 1 ? ' and the extension schema' : ''}.`,
  }, { results: results.map((r) => r.schemaId), unavailable });
}

/**
 * What VC 2.0 allows and the OB 3.0 JSON Schema does not: noted, not failed. `normalise` gives the documents that
 * must then pass the schema (with `proof` as an array; with each status entry on its own).
 */
const TOLERATED: ReadonlyArray<{ path: string; applies: (c: Json) => boolean; normalise: (c: Json) => Json[]; note: Message }> = [
  {
    path: '/proof',
    applies: (c) => obj(c.proof) !== undefined,
    normalise: (c) => [{ ...c, proof: [c.proof] }],
    note: {
      pl: '„proof” jest pojedynczym obiektem, a schemat OB 3.0 wymaga tablicy (VC 2.0 dopuszcza oba zapisy)',
      en: '"proof" is a single object where the OB 3.0 schema wants an array (VC 2.0 allows both)',
    },
  },
  {
    path: '/credentialStatus',
    applies: (c) => Array.isArray(c.credentialStatus) && c.credentialStatus.length > 1,
    normalise: (c) => (c.credentialStatus as unknown[]).map((entry) => ({ ...c, credentialStatus: entry })),
    note: {
      pl: 'poświadczenie ma kilka wpisów statusu (np. unieważnienie i zawieszenie): VC 2.0 i OB 3.1 na to pozwalają, schemat OB 3.0 dopuszcza jeden',
      en: 'the credential has several status entries (e.g. revocation and suspension): VC 2.0 and OB 3.1 allow it, the OB 3.0 schema allows one',
    },
  },
];

function dateOf(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t);
}

function validityCheck(c: Json, now: Date): Check {
  const fromRaw = c.validFrom ?? c.issuanceDate;
  const untilRaw = c.validUntil ?? c.expirationDate;
  const from = dateOf(fromRaw);
  const until = dateOf(untilRaw);
  if ((fromRaw !== undefined && !from) || (untilRaw !== undefined && !until)) {
    return check('validity', 'failed', { pl: 'Daty ważności mają nieprawidłowy format.', en: 'The validity dates are malformed.' }, { validFrom: fromRaw, validUntil: untilRaw });
  }
  const details = { validFrom: fromRaw, validUntil: untilRaw, checkedAt: now.toISOString() };
  if (from && from.getTime() - MAX_CLOCK_SKEW_MS > now.getTime()) {
    return check('validity', 'failed', { pl: `Poświadczenie nie jest jeszcze ważne: ważne od ${String(fromRaw)}.`, en: `The credential is not valid yet: valid from ${String(fromRaw)}.` }, details);
  }
  if (until && until.getTime() + MAX_CLOCK_SKEW_MS < now.getTime()) {
    return check('validity', 'failed', { pl: `Poświadczenie wygasło ${String(untilRaw)}.`, en: `The credential expired on ${String(untilRaw)}.` }, details);
  }
  return check('validity', 'passed', until
    ? { pl: `Ważne od ${String(fromRaw)} do ${String(untilRaw)}.`, en: `Valid from ${String(fromRaw)} until ${String(untilRaw)}.` }
    : { pl: `Ważne od ${String(fromRaw ?? 'daty wydania')}, bezterminowo.`, en: `Valid from ${String(fromRaw ?? 'issuance')}, with no end date.` }, details);
}

function elementsCheck(c: Json): Check {
  if (!isMicroCredential(c)) {
    return skipped('elements', { pl: 'To nie jest mikropoświadczenie UE; elementów standardu nie wymagano.', en: 'Not an EU micro-credential; the standard elements were not required.' });
  }
  const elements = mandatoryElements(c);
  const missing = elements.filter((e) => !e.present && !OPTIONAL_WHEN_NOT_APPLICABLE.has(e.key));
  const details = { present: elements.filter((e) => e.present).map((e) => e.key), missing: elements.filter((e) => !e.present).map((e) => e.key) };
  if (missing.length > 0) {
    return check('elements', 'failed', {
      pl: `Brak obowiązkowych elementów mikropoświadczenia (załącznik I zalecenia Rady): ${missing.map((e) => e.label.pl).join(', ')}.`,
      en: `Mandatory micro-credential elements are missing (Annex I of the Council Recommendation): ${missing.map((e) => e.label.en).join(', ')}.`,
    }, details);
  }
  return check('elements', 'passed', {
    pl: 'Zawiera wszystkie obowiązkowe elementy mikropoświadczenia UE (załącznik I zalecenia Rady z 16.06.2022).',
    en: 'Has every mandatory element of an EU micro-credential (Annex I of the Council Recommendation of 16 June 2022).',
  }, details);
}

function summaryOf(c: Json): CredentialSummary {
  const subject = obj(asArray(c.credentialSubject)[0]);
  const achievement = obj(subject?.achievement);
  const nameId = asArray(subject?.identifier).map(obj).find((i) => i?.identityType === 'name' && i.hashed === false);
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const summary: Record<string, unknown> = {
    id: str(c.id),
    name: str(achievement?.name) ?? str(c.name),
    issuerId: typeof c.issuer === 'string' ? c.issuer : str(obj(c.issuer)?.id),
    issuerName: str(obj(c.issuer)?.name),
    learnerName: str(nameId?.identityHash) ?? str(subject?.name),
    validFrom: str(c.validFrom) ?? str(c.issuanceDate),
    validUntil: str(c.validUntil) ?? str(c.expirationDate),
    microCredential: isMicroCredential(c),
  };
  for (const key of Object.keys(summary)) if (summary[key] === undefined) delete summary[key];
  return summary as unknown as CredentialSummary;
}

const AFTER_FORMAT: Message = { pl: 'Pominięto: poświadczenie ma nieprawidłowy format.', en: 'Skipped: the credential is malformed.' };

/** Verifies a parsed credential. Never throws for bad input: every problem is a failed check. */
export async function verifyCredential(input: unknown, options: VerifyOptions = {}): Promise<VerificationReport> {
  const now = options.now ?? new Date();
  const resolver = options.resolver ?? defaultResolver;
  const verifiedAt = now.toISOString();
  const problems = formatProblems(input);
  if (problems.length > 0) {
    const checks = [
      check('format', 'failed', { pl: problems.map((p) => p.pl).join(' '), en: problems.map((p) => p.en).join(' ') }),
      ...CHECK_ORDER.slice(1).map((id) => skipped(id, AFTER_FORMAT)),
    ];
    return { verdict: 'invalid', verifiedAt, checks, ...(obj(input) ? { summary: summaryOf(obj(input) as Json) } : {}) };
  }
  const c = input as Json;
  const loader = createDocumentLoader({ resolver });
  const checks: Check[] = [check('format', 'passed', { pl: 'Poświadczenie W3C Verifiable Credential z podpisem.', en: 'A W3C Verifiable Credential with a proof.' })];

  const issuer = await issuerCheck(c, resolver);
  checks.push(issuer.check);
  if (issuer.resolved) {
    const result = await verifyProofOnly(c, loader);
    checks.push(result.verified
      ? check('proof', 'passed', { pl: 'Podpis jest poprawny: treść nie zmieniła się od podpisania.', en: 'The signature is valid: the content has not changed since signing.' },
        { proofTypes: asArray(c.proof).map((p) => String(obj(p)?.cryptosuite ?? obj(p)?.type)) })
      : check('proof', 'failed', describeProofError(firstError(result))));
  } else {
    checks.push(skipped('proof', { pl: 'Pominięto: nie ustalono klucza wystawcy.', en: 'Skipped: the issuer key could not be resolved.' }));
  }
  checks.push(schemaCheck(c));
  checks.push(validityCheck(c, now));
  checks.push(await statusCheck(c, options.statusLists, loader));
  checks.push(elementsCheck(c));
  return { verdict: verdictOf(checks), verifiedAt, checks, summary: summaryOf(c) };
}
