/**
 * Minimal type declarations for the Digital Bazaar JavaScript libraries Mikrocred uses (they ship no types).
 * Only what Mikrocred calls is declared; values the libraries treat as opaque JSON are `unknown`.
 */
declare module '@digitalbazaar/vc' {
  export type JsonObject = Record<string, unknown>;
  export interface RemoteDocument { document: unknown; documentUrl: string; contextUrl: string | null }
  export type DocumentLoader = (url: string) => Promise<RemoteDocument>;
  export interface VerifyCredentialResult {
    verified: boolean;
    results?: Array<{ verified: boolean; error?: Error; proof?: JsonObject; verificationMethod?: JsonObject; purposeResult?: unknown }>;
    statusResult?: unknown;
    error?: Error & { errors?: Error[] };
  }
  export function issue(options: {
    credential: JsonObject; suite: unknown; documentLoader: DocumentLoader; now?: Date | string; purpose?: unknown;
  }): Promise<JsonObject>;
  export function verifyCredential(options: {
    credential: unknown; suite: unknown | unknown[]; documentLoader: DocumentLoader; now?: Date | string;
    checkStatus?: (options: unknown) => Promise<{ verified: boolean }>; maxClockSkew?: number; purpose?: unknown;
  }): Promise<VerifyCredentialResult>;
  export function createPresentation(options: { verifiableCredential: unknown; holder?: string; id?: string; version?: number }): JsonObject;
  export const defaultDocumentLoader: DocumentLoader;
}

declare module '@digitalbazaar/data-integrity' {
  export interface Signer { id: string; algorithm: string; sign(input: { data: Uint8Array }): Promise<Uint8Array> }
  export interface Verifier { id: string; algorithm: string; verify(input: { data: Uint8Array; signature: Uint8Array }): Promise<boolean> }
  export interface Cryptosuite {
    name: string;
    requiredAlgorithm: string | string[];
    canonize(input: unknown, options: Record<string, unknown>): Promise<string>;
    createVerifier(options: { verificationMethod: Record<string, unknown> }): Promise<Verifier>;
  }
  export class DataIntegrityProof {
    constructor(options: { signer?: Signer; cryptosuite: Cryptosuite; date?: Date | string | null });
    verificationMethod?: string;
  }
}

declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  import type { Cryptosuite } from '@digitalbazaar/data-integrity';
  export const cryptosuite: Cryptosuite;
}

declare module '@digitalbazaar/ed25519-signature-2020' {
  export class Ed25519Signature2020 {
    constructor(options?: { key?: unknown; signer?: unknown });
  }
}

declare module '@digitalbazaar/ed25519-multikey' {
  import type { Signer, Verifier } from '@digitalbazaar/data-integrity';
  export interface Ed25519MultikeyPair {
    id?: string;
    controller?: string;
    publicKeyMultibase: string;
    secretKeyMultibase?: string;
    publicKey: Uint8Array;
    secretKey?: Uint8Array;
    export(options?: { publicKey?: boolean; secretKey?: boolean; includeContext?: boolean }): Promise<Record<string, unknown>>;
    signer(): Signer;
    verifier(): Verifier;
  }
  export function generate(options?: { id?: string; controller?: string; seed?: Uint8Array }): Promise<Ed25519MultikeyPair>;
  export function from(key: Record<string, unknown>): Promise<Ed25519MultikeyPair>;
}

declare module '@digitalbazaar/did-method-key' {
  export interface DidKeyDriver {
    use(options: { multibaseMultikeyHeader: string; fromMultibase: (options: { publicKeyMultibase: string }) => Promise<unknown> }): void;
    get(options: { did?: string; url?: string }): Promise<Record<string, unknown>>;
  }
  export function driver(): DidKeyDriver;
}

declare module '@digitalbazaar/vc-bitstring-status-list' {
  export interface BitstringStatusList {
    length: number;
    setStatus(index: number, status: boolean): void;
    getStatus(index: number): boolean;
    encode(): Promise<string>;
  }
  export function createList(options: { length: number }): Promise<BitstringStatusList>;
  export function decodeList(options: { encodedList: string }): Promise<BitstringStatusList>;
  export function createCredential(options: { id: string; list: BitstringStatusList; statusPurpose: string; context?: string[] }): Promise<Record<string, unknown>>;
  export function checkStatus(options: {
    credential: unknown; documentLoader: unknown; suite: unknown; verifyBitstringStatusListCredential?: boolean; verifyMatchingIssuers?: boolean;
  }): Promise<{ verified: boolean; results?: Array<{ verified: boolean; status: boolean; credentialStatus: unknown }>; error?: Error }>;
}

declare module '@digitalbazaar/security-document-loader' {
  export interface JsonLdDocumentLoader {
    addStatic(url: string, document: unknown): void;
    build(): (url: string) => Promise<{ document: unknown; documentUrl: string; contextUrl: string | null }>;
  }
  export function securityLoader(): JsonLdDocumentLoader;
}
