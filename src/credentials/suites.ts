/**
 * The proof suites the verifier accepts: Data Integrity `eddsa-rdfc-2022` (what Mikrocred signs with) and
 * `Ed25519Signature2020` (what many Open Badges 3.0 issuers still send), and the offline verification call
 * shared by the credential and status-list checks.
 */
import { verifyCredential, type DocumentLoader, type VerifyCredentialResult } from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { cryptosuite } from './cryptosuite.ts';

export const VERIFY_SUITES: readonly unknown[] = [new DataIntegrityProof({ cryptosuite }), new Ed25519Signature2020()];

/**
 * Checks the proofs of `credential` only: dates and status are left to their own checks, so the library is given
 * a `now` inside the credential's validity period and a status callback that accepts.
 */
export async function verifyProofOnly(credential: Record<string, unknown>, documentLoader: DocumentLoader): Promise<VerifyCredentialResult> {
  const start = typeof credential.validFrom === 'string' ? credential.validFrom
    : typeof credential.issuanceDate === 'string' ? credential.issuanceDate : undefined;
  const parsed = start ? Date.parse(start) : NaN;
  return verifyCredential({
    credential,
    suite: [...VERIFY_SUITES],
    documentLoader,
    now: Number.isNaN(parsed) ? new Date() : new Date(parsed),
    checkStatus: async () => ({ verified: true }),
  });
}
