/**
 * Killing the server (SIGKILL) in the middle of a stream of issuances loses no committed credential and leaves no
 * half-written record: after a restart, every credential the server acknowledged is stored, and every stored one is
 * complete (its signed document, its status index, its audit entry), with no duplicate status index.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { openStore } from '../src/store/db.ts';
import { freePort } from './platform-fixture.ts';

const BIN = new URL('../bin/mikrocred.js', import.meta.url).pathname;

async function waitReady(base: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const r = await fetch(`${base}/ready`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not become ready');
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

const credentialBody = JSON.stringify({
  credential: {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: 'Durability',
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [{ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: 'Jan Kowalski' }],
      achievement: { id: 'urn:uuid:5f0c3d2e-8a4b-4c1e-9d2a-7b6e1f0a9c11', type: ['Achievement'], name: 'Durability', description: 'Test', criteria: { narrative: 'Done.' } },
    },
  },
});

describe('SIGKILL during issuance (PGlite data folder)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let key: string;
  let port: number;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mikrocred-kill-'));
    port = await freePort();
    env = {
      ...process.env, PORT: String(port), HOST: '127.0.0.1', MIKROCRED_DATA_DIR: join(dir, 'data'), MIKROCRED_DEMO: '0',
      MIKROCRED_MASTER_KEY: randomBytes(32).toString('base64'), MIKROCRED_ADMIN_PASSWORD: 'correct horse battery staple', LOG_LEVEL: 'warn',
    };
    delete env.DATABASE_URL;
    const admin = spawnSync(process.execPath, [BIN, 'admin', 'create', '--email', 'owner@kill.example', '--name', 'Owner',
      '--institution', 'kill-test', '--create-institution', 'Kill Test'], { env, encoding: 'utf8' });
    assert.equal(admin.status, 0, admin.stderr);
    const created = spawnSync(process.execPath, [BIN, 'apikey', 'create', '--institution', 'kill-test', '--role', 'issuer'], { env, encoding: 'utf8' });
    assert.equal(created.status, 0, created.stderr);
    key = created.stdout.trim();
    assert.match(key, /^mkc_/);
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every acknowledged credential and no partial one', { timeout: 180_000 }, async () => {
    const base = `http://127.0.0.1:${port}`;
    const server = spawn(process.execPath, [BIN, 'serve'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    await waitReady(base, server);
    const acknowledged = new Set<string>();
    let stop = false;
    const worker = async (): Promise<void> => {
      while (!stop) {
        try {
          const r = await fetch(`${base}/credentials/issue`, {
            method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: credentialBody,
          });
          if (r.status === 201) acknowledged.add(String(((await r.json()) as { verifiableCredential: { id: string } }).verifiableCredential.id));
        } catch {
          return; // the server is gone
        }
      }
    };
    const workers = [worker(), worker(), worker(), worker()];
    while (acknowledged.size < 12) await new Promise((r) => setTimeout(r, 20));
    server.kill('SIGKILL');
    stop = true;
    await Promise.all(workers);
    await exited(server);

    // A restart recovers the database and serves again.
    const again = spawn(process.execPath, [BIN, 'serve'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    await waitReady(base, again);
    again.kill('SIGTERM');
    await exited(again);

    const store = await openStore({ dataDir: String(env.MIKROCRED_DATA_DIR) });
    try {
      const rows = await store.db.selectFrom('credentials').select(['id', 'credential_id', 'document', 'status_index', 'status_list_id']).execute();
      const stored = new Set(rows.map((r) => r.credential_id));
      for (const id of acknowledged) assert.ok(stored.has(id), `acknowledged credential ${id} was lost`);
      const audits = await store.db.selectFrom('audit_log').select('target_id').where('action', '=', 'credential.issue').execute();
      const audited = new Set(audits.map((a) => a.target_id));
      const indices = new Set<string>();
      for (const row of rows) {
        const doc = JSON.parse(row.document) as { id: string; proof: unknown[]; credentialStatus: { statusListIndex: string } };
        assert.equal(doc.id, row.credential_id);
        assert.equal(doc.proof.length, 1);
        assert.equal(Number(doc.credentialStatus.statusListIndex), row.status_index);
        assert.ok(audited.has(row.id), `credential ${row.id} has no audit entry`);
        const slot = `${row.status_list_id}:${row.status_index}`;
        assert.ok(!indices.has(slot), `status index ${slot} used twice`);
        indices.add(slot);
      }
      const lists = await store.db.selectFrom('status_lists').select(['id', 'next_index']).execute();
      for (const list of lists) {
        const used = rows.filter((r) => r.status_list_id === list.id).map((r) => r.status_index ?? -1);
        assert.ok(used.every((i) => i < list.next_index), 'an index beyond the allocation counter');
      }
      assert.ok(rows.length >= acknowledged.size);
    } finally {
      await store.close();
    }
  });
});
