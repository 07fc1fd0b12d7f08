/**
 * The copy-on-write active-context clone (src/credentials/jsonld-clone.ts) must not change any output of
 * jsonld.js: canonical N-Quads of many documents are compared with those of a separate process running jsonld.js
 * unchanged (MIKROCRED_JSONLD_STOCK_CLONE=1).
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cryptosuite, isSharingCloneInstalled } from '../src/credentials/index.ts';
import { createDocumentLoader, OfflineDidResolver, buildStatusListCredential, newStatusList } from '../src/credentials/index.ts';
import { issueExample, newKey } from './fixtures.ts';

const loader = createDocumentLoader({ resolver: new OfflineDidResolver() });

async function canonize(doc: unknown): Promise<string> {
  return cryptosuite.canonize(doc, { documentLoader: loader, safe: false, base: null });
}

const SCRIPT = `
import { readFileSync } from 'node:fs';
import { cryptosuite, createDocumentLoader, OfflineDidResolver, isSharingCloneInstalled } from '${new URL('../src/credentials/index.ts', import.meta.url).pathname}';
if (isSharingCloneInstalled()) throw new Error('the stock clone was asked for');
const loader = createDocumentLoader({ resolver: new OfflineDidResolver() });
const docs = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const out = [];
for (const doc of docs) out.push(await cryptosuite.canonize(doc, { documentLoader: loader, safe: false, base: null }));
process.stdout.write(JSON.stringify(out));
`;

describe('copy-on-write jsonld.js active-context clone', () => {
  let docs: unknown[];

  before(async () => {
    const { key } = await newKey();
    const credential = await issueExample(key);
    const unsigned = { ...credential };
    delete unsigned.proof;
    const list = await buildStatusListCredential({ id: 'https://uni.example.pl/status/1', issuerId: key.controller, statusPurpose: 'revocation', list: await newStatusList() });
    const fixtures = new URL('./fixtures/ob3-dcc/', import.meta.url);
    const others = readdirSync(fixtures).filter((f) => f.endsWith('.json') && f !== 'safeModeBreaker.json')
      .map((f) => JSON.parse(readFileSync(new URL(f, fixtures), 'utf8')) as unknown);
    const proofOptions: Record<string, unknown> = { '@context': credential['@context'], ...(credential.proof as Record<string, unknown>[])[0] };
    delete proofOptions.proofValue;
    docs = [credential, unsigned, proofOptions, list, ...others];
  });

  it('is installed by the credential core', () => {
    assert.equal(isSharingCloneInstalled(), true);
  });

  it('gives the same canonical N-Quads as jsonld.js unchanged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mikrocred-clone-'));
    try {
      writeFileSync(join(dir, 'docs.json'), JSON.stringify(docs));
      writeFileSync(join(dir, 'stock.mts'), SCRIPT);
      const stdout = execFileSync(process.execPath, ['--import', 'tsx', join(dir, 'stock.mts'), join(dir, 'docs.json')], {
        env: { ...process.env, MIKROCRED_JSONLD_STOCK_CLONE: '1' }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
      });
      const stock = JSON.parse(stdout) as string[];
      assert.equal(stock.length, docs.length);
      for (const [i, doc] of docs.entries()) {
        const ours = await canonize(doc);
        assert.ok(ours.length > 0);
        assert.equal(ours, stock[i], `document ${i} differs`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
