/**
 * The status check of a credential: for each `BitstringStatusListEntry`, get the status list credential (from the
 * caller's source: given files now, the network later), let the Digital Bazaar library verify it (signature,
 * same issuer, same purpose) and read the bit. A list that cannot be obtained leaves the status undetermined.
 */
import { createHash } from 'node:crypto';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import type { DocumentLoader } from '@digitalbazaar/vc';
import type { Message } from '../model/index.ts';
import type { Check } from './report.ts';
import { VERIFY_SUITES, verifyProofOnly } from './suites.ts';

/** Where status list credentials come from. `undefined` means the list could not be obtained. */
export interface StatusListSource {
  get(url: string): Promise<unknown>;
}

/** Status list credentials the caller already holds, by URL. */
export class StaticStatusListSource implements StatusListSource {
  readonly #lists: ReadonlyMap<string, unknown>;
  constructor(lists: Iterable<unknown>) {
    const map = new Map<string, unknown>();
    for (const list of lists) {
      const id = (list as { id?: unknown } | null)?.id;
      if (typeof id === 'string') map.set(id, list);
    }
    this.#lists = map;
  }
  async get(url: string): Promise<unknown> {
    return this.#lists.get(url);
  }
}

type Json = Record<string, unknown>;

/**
 * Status list credentials whose proof was verified, by the SHA-256 of their whole JSON: a list is verified once,
 * not once per credential, and any change to it makes a new key.
 */
const verifiedLists = new Map<string, true>();
const VERIFIED_LISTS_MAX = 256;

function contentKey(list: Json): string {
  return createHash('sha256').update(JSON.stringify(list)).digest('base64');
}

/** Why a status list credential cannot be trusted (bad proof, expired), or undefined when it can. */
async function listProblem(list: unknown, loader: DocumentLoader): Promise<string | undefined> {
  if (typeof list !== 'object' || list === null || Array.isArray(list)) return 'not a credential';
  const doc = list as Json;
  const until = typeof doc.validUntil === 'string' ? Date.parse(doc.validUntil) : NaN;
  if (!Number.isNaN(until) && until < Date.now()) return `the status list expired on ${String(doc.validUntil)}`;
  const key = contentKey(doc);
  if (verifiedLists.has(key)) return undefined;
  const result = await verifyProofOnly(doc, loader);
  if (!result.verified) {
    const error = result.results?.find((r) => r.error)?.error ?? result.error;
    return `"BitstringStatusListCredential" not verified; reason: ${error?.message ?? 'invalid proof'}`;
  }
  if (verifiedLists.size >= VERIFIED_LISTS_MAX) verifiedLists.delete(verifiedLists.keys().next().value as string);
  verifiedLists.set(key, true);
  return undefined;
}

function entriesOf(credential: Json): Json[] {
  const status = credential.credentialStatus;
  const list = Array.isArray(status) ? status : status === undefined ? [] : [status];
  return list.filter((s): s is Json => typeof s === 'object' && s !== null);
}

const PURPOSE_MESSAGES: Record<string, Message> = {
  revocation: { pl: 'Poświadczenie zostało UNIEWAŻNIONE przez wystawcę.', en: 'The credential has been REVOKED by its issuer.' },
  suspension: { pl: 'Poświadczenie jest ZAWIESZONE przez wystawcę.', en: 'The credential is SUSPENDED by its issuer.' },
};

export async function statusCheck(credential: Json, source: StatusListSource | undefined, loader: DocumentLoader): Promise<Check> {
  const entries = entriesOf(credential);
  if (entries.length === 0) {
    return { id: 'status', status: 'passed', message: { pl: 'Wystawca nie publikuje statusu tego poświadczenia (nie można go unieważnić).', en: 'The issuer publishes no status for this credential (it cannot be revoked).' } };
  }
  const unsupported = entries.filter((e) => e.type !== 'BitstringStatusListEntry').map((e) => String(e.type));
  if (unsupported.length > 0) {
    return {
      id: 'status', status: 'warning', indeterminate: true,
      message: { pl: `Nieobsługiwana metoda statusu: ${unsupported.join(', ')}; statusu nie sprawdzono.`, en: `Unsupported status method: ${unsupported.join(', ')}; the status was not checked.` },
    };
  }
  const documents = new Map<string, unknown>();
  const missing: string[] = [];
  for (const entry of entries) {
    const url = String(entry.statusListCredential ?? '');
    if (documents.has(url)) continue;
    let list: unknown;
    try {
      list = source ? await source.get(url) : undefined;
    } catch {
      list = undefined;
    }
    if (list === undefined) missing.push(url);
    else documents.set(url, list);
  }
  if (missing.length > 0) {
    return {
      id: 'status', status: 'warning', indeterminate: true, details: { unreachable: missing },
      message: {
        pl: `Nie udało się sprawdzić statusu: lista statusów ${missing.join(', ')} jest niedostępna.`,
        en: `The status could not be checked: the status list ${missing.join(', ')} is not available.`,
      },
    };
  }
  const withLists: DocumentLoader = async (url) => {
    const doc = documents.get(url);
    return doc !== undefined ? { document: doc, documentUrl: url, contextUrl: null } : loader(url);
  };
  for (const [url, list] of documents) {
    const problem = await listProblem(list, withLists);
    if (problem) {
      return {
        id: 'status', status: 'failed', details: { reason: problem, statusListCredential: url },
        message: { pl: `Lista statusów jest nieprawidłowa lub nieautentyczna: ${problem}`, en: `The status list is invalid or not authentic: ${problem}` },
      };
    }
  }
  // The lists are verified above (and remembered); the library checks issuers and purposes and reads the bits.
  const result = await checkStatus({
    credential, documentLoader: withLists, suite: [...VERIFY_SUITES],
    verifyBitstringStatusListCredential: false, verifyMatchingIssuers: true,
  });
  if (!result.verified || !result.results) {
    const reason = result.error?.message ?? 'unknown error';
    return {
      id: 'status', status: 'failed', details: { reason },
      message: { pl: `Lista statusów jest nieprawidłowa lub nieautentyczna: ${reason}`, en: `The status list is invalid or not authentic: ${reason}` },
    };
  }
  const set = result.results.filter((r) => r.status).map((r) => String((r.credentialStatus as Json).statusPurpose));
  const purposes = entries.map((e) => String(e.statusPurpose));
  if (set.length > 0) {
    const messages = set.map((p) => PURPOSE_MESSAGES[p] ?? { pl: `Ustawiony status: ${p}.`, en: `Status set: ${p}.` });
    return {
      id: 'status', status: 'failed', details: { set, checked: purposes },
      message: { pl: messages.map((m) => m.pl).join(' '), en: messages.map((m) => m.en).join(' ') },
    };
  }
  return {
    id: 'status', status: 'passed', details: { checked: purposes },
    message: {
      pl: `Nie unieważnione${purposes.includes('suspension') ? ' ani zawieszone' : ''} (sprawdzono listę statusów wystawcy).`,
      en: `Not revoked${purposes.includes('suspension') ? ' or suspended' : ''} (checked the issuer's status list).`,
    },
  };
}
