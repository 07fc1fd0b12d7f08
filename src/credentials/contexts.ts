/**
 * The JSON-LD contexts Mikrocred credentials use, read once from the repository's `contexts/` folder
 * (`contexts/index.json` maps each context URL to its file). Nothing is ever fetched from the network.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Our extension context: stable, independent of where an instance is deployed (../shared/spec §6.3). */
export const MIKROCRED_CONTEXT_URL = 'https://w3id.org/mikrocred/v1';
export const VC_V2_CONTEXT_URL = 'https://www.w3.org/ns/credentials/v2';
export const VC_V1_CONTEXT_URL = 'https://www.w3.org/2018/credentials/v1';
export const OB_V3_CONTEXT_URL = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
/** Defines `1EdTechJsonSchemaValidator2019`, the `credentialSchema` type OB 3.0 uses (VC 2.0 has no `@vocab`). */
export const OB_V3_EXTENSIONS_CONTEXT_URL = 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json';
export const DID_V1_CONTEXT_URL = 'https://www.w3.org/ns/did/v1';
export const MULTIKEY_V1_CONTEXT_URL = 'https://w3id.org/security/multikey/v1';

/** The folder holding the context files and index.json. */
export const CONTEXTS_DIR = fileURLToPath(new URL('../../contexts/', import.meta.url));

interface ContextIndex {
  readonly contexts: Readonly<Record<string, string>>;
}

function loadContexts(): ReadonlyMap<string, unknown> {
  const index = JSON.parse(readFileSync(`${CONTEXTS_DIR}index.json`, 'utf8')) as ContextIndex;
  const out = new Map<string, unknown>();
  for (const [url, file] of Object.entries(index.contexts)) {
    out.set(url, JSON.parse(readFileSync(`${CONTEXTS_DIR}${file}`, 'utf8')));
  }
  return out;
}

/** Every known context document, by URL, parsed once per process. */
export const CONTEXTS: ReadonlyMap<string, unknown> = loadContexts();
