/**
 * The `mikrocred` command line, run as a user runs it: `node bin/mikrocred.js …` as a child process in a fresh
 * temporary directory. Every case checks the exit code (0 ok / valid, 1 invalid, 2 unusable input or usage,
 * 3 undetermined), that the user gets a clear message, and that no stack trace or raw Node error reaches them.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

type Doc = Record<string, unknown>;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'mikrocred.js');
const SPEC = join(ROOT, 'examples', 'specification.json');
const LEARNER = join(ROOT, 'examples', 'learner.json');
/** Each CLI start compiles TypeScript through tsx (about a second): generous, for a loaded machine or CI. */
const TIMEOUT = 120_000;
const STATUS_URL = 'https://uni.example.pl/status/1';
const SUSPENSION_URL = 'https://uni.example.pl/status/suspension/1';

/** English messages whatever the developer's locale; no debug stack traces; no test-runner context for children. */
const ENV: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8', LC_MESSAGES: 'C.UTF-8' };
delete ENV.MIKROCRED_DEBUG;
delete ENV.NODE_TEST_CONTEXT;
delete ENV.NODE_OPTIONS;

// ---------------------------------------------------------------------------------------------------------------
// Running the CLI
// ---------------------------------------------------------------------------------------------------------------

interface Run {
  /** The command line, for messages. */
  readonly command: string;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** At most this many CLI processes at once: more only fight for the CPU while tsx compiles. */
const MAX_RUNNING = Math.max(2, availableParallelism() + 1);
let running = 0;
const waiting: (() => void)[] = [];

async function limited<T>(task: () => Promise<T>): Promise<T> {
  if (running >= MAX_RUNNING) await new Promise<void>((resolve) => waiting.push(resolve));
  else running += 1;
  try {
    return await task();
  } finally {
    const next = waiting.shift();
    if (next) next(); // the slot passes straight to the next waiting run
    else running -= 1;
  }
}

let dir = '';

/** Runs `command args` (by default `node bin/mikrocred.js args`) in the test directory; never throws on an exit code. */
function run(args: readonly string[], options: { command?: string; cwd?: string } = {}): Promise<Run> {
  const file = options.command ?? process.execPath;
  const argv = options.command ? [...args] : [BIN, ...args];
  return limited(() => new Promise<Run>((resolve) => {
    const child = execFile(file, argv, {
      cwd: options.cwd ?? dir, env: ENV, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: TIMEOUT - 10_000, shell: false,
    }, (error, stdout, stderr) => {
      const spawnError = error && typeof error.code === 'string' ? `\n[spawn failed: ${error.message}]` : '';
      const command = [options.command ? basename(options.command) : 'mikrocred', ...args].join(' ');
      resolve({ command, code: child.exitCode, signal: child.signalCode, stdout, stderr: stderr + spawnError });
    });
  }));
}

const cli = (...args: string[]): Promise<Run> => run(args);

function describeRun(r: Run): string {
  return `$ ${r.command}\n  exit: ${String(r.code)}${r.signal ? ` (${r.signal})` : ''}\n  stdout: ${r.stdout.slice(0, 3000)}\n  stderr: ${r.stderr.slice(0, 3000)}`;
}

/** No stack trace, no raw `SomeError: …` line from Node, no "unexpected error" fallback. */
function assertNoTrace(r: Run): void {
  for (const [name, text] of [['stderr', r.stderr], ['stdout', r.stdout]] as const) {
    assert.doesNotMatch(text, /^\s+at /m, `stack trace on ${name}:\n${describeRun(r)}`);
    assert.doesNotMatch(text, /^\s*(?:[A-Z]\w*)?Error(?: \[[A-Z_]+\])?:/m, `raw error on ${name}:\n${describeRun(r)}`);
    assert.doesNotMatch(text, /unexpected error|nieoczekiwany błąd/, `an unexpected error on ${name}:\n${describeRun(r)}`);
  }
}

/** Asserts the exit code, the absence of a stack trace, and that `stream` carries a message matching `message`. */
function expect(r: Run, code: number, stream: 'stdout' | 'stderr', message?: RegExp): void {
  assert.equal(r.code, code, `expected exit ${code}:\n${describeRun(r)}`);
  assertNoTrace(r);
  if (message) assert.match(r[stream], message, `expected ${String(message)} on ${stream}:\n${describeRun(r)}`);
}

/** A usage or input error: exit 2, one `mikrocred: …` line on stderr (or commander's `error: …`), nothing on stdout. */
function expectUsageError(r: Run, message: RegExp): void {
  expect(r, 2, 'stderr', message);
  assert.match(r.stderr, /^(?:mikrocred|error): \S/m, `no clear message on stderr:\n${describeRun(r)}`);
  assert.equal(r.stdout, '', `unexpected stdout:\n${describeRun(r)}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------------------------------

const at = (name: string): string => join(dir, name);
const readDoc = (name: string): Doc => JSON.parse(readFileSync(at(name), 'utf8')) as Doc;
const writeDoc = (name: string, doc: unknown): void => writeFileSync(at(name), `${JSON.stringify(doc, null, 2)}\n`);

/** A copy of cred.json changed by `change`, written to `name`. */
function variant(name: string, change: (credential: Doc) => void): string {
  const copy = structuredClone(credential);
  change(copy);
  writeDoc(name, copy);
  return name;
}

const issueArgs = (...extra: string[]): string[] => ['issue', '--spec', SPEC, '--learner', LEARNER, '--key', 'key.json', ...extra];

// ---------------------------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------------------------

let keyRun: Run;
let issueRun: Run;
let credential: Doc;

describe('mikrocred CLI', () => {
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mikrocred-cli-'));
    keyRun = await cli('keys', 'generate', '--out', 'key.json');
    issueRun = await cli(...issueArgs('--out', 'cred.json'));
    if (existsSync(at('cred.json'))) credential = readDoc('cred.json');
  }, { timeout: TIMEOUT });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe('keys generate', () => {
    it('writes a secret did:key Multikey file readable by its owner only', { timeout: TIMEOUT }, () => {
      expect(keyRun, 0, 'stderr', /^did:key:z6Mk\S+\n$/);
      assert.equal(keyRun.stdout, '');
      assert.equal(statSync(at('key.json')).mode & 0o777, 0o600);
      const key = readDoc('key.json');
      assert.equal(key.type, 'Multikey');
      assert.match(String(key.controller), /^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]+$/);
      assert.equal(key.id, `${String(key.controller)}#${String(key.controller).slice('did:key:'.length)}`);
      assert.match(String(key.secretKeyMultibase), /^z[1-9A-HJ-NP-Za-km-z]+$/);
      assert.match(String(key.publicKeyMultibase), /^z6Mk/);
      assert.equal(keyRun.stderr.trim(), key.controller, 'the controller DID is printed for the user');
    });

    it('refuses to overwrite without --force, replaces with --force, takes a did:web controller', { timeout: TIMEOUT }, async () => {
      const before = readFileSync(at('key.json'), 'utf8');
      const [again, web, notDid] = await Promise.all([
        cli('keys', 'generate', '--out', 'key.json'),
        cli('keys', 'generate', '--out', 'web-key.json', '--controller', 'did:web:uni.example.pl'),
        cli('keys', 'generate', '--out', 'https-key.json', '--controller', 'https://x'),
      ]);
      expectUsageError(again, /key\.json" already exists; use --force/);
      assert.equal(readFileSync(at('key.json'), 'utf8'), before, 'the existing key is kept');

      expect(web, 0, 'stderr', /did:web:uni\.example\.pl/);
      const webKey = readDoc('web-key.json');
      assert.equal(webKey.controller, 'did:web:uni.example.pl');
      assert.ok(String(webKey.id).startsWith('did:web:uni.example.pl#'), String(webKey.id));
      assert.equal(statSync(at('web-key.json')).mode & 0o777, 0o600);

      expectUsageError(notDid, /--controller: expected a did:web DID/);
      assert.equal(existsSync(at('https-key.json')), false, 'no key is written for a bad controller');

      const forced = await cli('keys', 'generate', '--out', 'web-key.json', '--force');
      expect(forced, 0, 'stderr', /^did:key:z6Mk/);
      const replaced = readDoc('web-key.json');
      assert.match(String(replaced.controller), /^did:key:z6Mk/, 'the file now holds the new did:key key');
      assert.notEqual(replaced.secretKeyMultibase, webKey.secretKeyMultibase);
      assert.equal(statSync(at('web-key.json')).mode & 0o777, 0o600);
    });

    it('--force over an existing world-readable file leaves the secret key readable by the owner only', {
      timeout: TIMEOUT,
    }, async () => {
      writeFileSync(at('public.json'), '{}\n', { mode: 0o644 });
      chmodSync(at('public.json'), 0o644);
      const r = await cli('keys', 'generate', '--out', 'public.json', '--force');
      expect(r, 0, 'stderr', /^did:key:/);
      assert.equal(statSync(at('public.json')).mode & 0o777, 0o600, 'the secret key file is left with mode 0644');
    });
  });

  describe('issue', () => {
    it('prints the signed credential, or writes it with --out', { timeout: TIMEOUT }, async () => {
      expect(issueRun, 0, 'stderr');
      assert.equal(issueRun.stdout, '', 'with --out nothing is printed');
      const key = readDoc('key.json');
      assert.ok(Array.isArray(credential.proof));
      assert.deepEqual((credential.issuer as Doc).id, key.controller);

      const printed = await cli(...issueArgs());
      expect(printed, 0, 'stdout', /^\{/);
      const doc = JSON.parse(printed.stdout) as Doc;
      assert.ok(Array.isArray(doc.type) && doc.type.includes('OpenBadgeCredential'), `type: ${JSON.stringify(doc.type)}`);
      assert.ok(Array.isArray(doc.proof) && doc.proof.length > 0, 'proof is a non-empty array');
      assert.equal((doc.proof as Doc[])[0]?.verificationMethod, key.id);
      const subject = doc.credentialSubject as Doc;
      assert.equal((subject.achievement as Doc).name, 'Analiza danych w Pythonie');
      assert.notEqual(doc.id, credential.id, 'every credential gets its own id');

    });
  });

  describe('verify', () => {
    it('reports a fresh credential VALID (en, pl, JSON)', { timeout: TIMEOUT }, async () => {
      const [en, pl, json] = await Promise.all([
        cli('verify', 'cred.json'), cli('verify', 'cred.json', '--lang', 'pl'), cli('verify', 'cred.json', '--json'),
      ]);
      expect(en, 0, 'stdout', /^VALID: /);
      assert.match(en.stdout, /✓ Signature and integrity: The signature is valid/);
      assert.equal(en.stderr, '');
      expect(pl, 0, 'stdout', /^WAŻNE: /);
      assert.match(pl.stdout, /✓ Podpis i integralność/);
      expect(json, 0, 'stdout');
      const report = JSON.parse(json.stdout) as { verdict: string; checks: { id: string; status: string }[] };
      assert.equal(report.verdict, 'valid');
      assert.ok(Array.isArray(report.checks));
      const ids = report.checks.map((c) => c.id);
      for (const id of ['format', 'issuer', 'proof', 'schema', 'validity', 'status', 'elements']) {
        assert.ok(ids.includes(id), `no ${id} check in ${ids.join(', ')}`);
      }
      for (const c of report.checks) assert.equal(c.status, 'passed', c.id);
    });

    it('reports a tampered credential INVALID because of its signature (en, pl)', { timeout: TIMEOUT }, async () => {
      variant('tampered.json', (c) => {
        ((c.credentialSubject as Doc).achievement as Doc).name = 'Zaawansowana analiza danych';
      });
      const [en, pl] = await Promise.all([cli('verify', 'tampered.json'), cli('verify', 'tampered.json', '--lang', 'pl')]);
      expect(en, 1, 'stdout', /^INVALID: /);
      assert.match(en.stdout, /✗ Signature and integrity: The signature does not match the content/);
      expect(pl, 1, 'stdout', /^NIEWAŻNE: /);
      assert.match(pl.stdout, /✗ Podpis i integralność: Podpis nie zgadza się z treścią/);
    });

    it('checks the validity period at --now, and refuses a bad --now', { timeout: TIMEOUT }, async () => {
      const [late, early, garbage] = await Promise.all([
        cli('verify', 'cred.json', '--now', '2100-01-01T00:00:00Z'),
        cli('verify', 'cred.json', '--now', '2000-01-01T00:00:00Z'),
        cli('verify', 'cred.json', '--now', 'garbage'),
      ]);
      expect(late, 1, 'stdout', /^INVALID: /);
      assert.match(late.stdout, /✗ Validity period: The credential expired on \d{4}-/);
      expect(early, 1, 'stdout', /^INVALID: /);
      assert.match(early.stdout, /✗ Validity period: The credential is not valid yet/);
      expectUsageError(garbage, /--now: invalid date "garbage"/);
    });

    it('refuses unusable files with exit 2 and a clear reason', { timeout: TIMEOUT }, async () => {
      writeFileSync(at('malformed.json'), '{"a":');
      writeFileSync(at('empty.json'), '');
      writeFileSync(at('document.pdf'), '%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n');
      const binary = randomBytes(512);
      binary[3] = 0;
      writeFileSync(at('binary.bin'), binary);
      writeFileSync(at('huge.json'), '');
      truncateSync(at('huge.json'), 50 * 1024 * 1024); // sparse: 50 MB without writing them
      writeFileSync(at('array.json'), JSON.stringify([credential]));
      mkdirSync(at('folder.json'));
      writeFileSync(at('credential.jwt'), 'eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2ln\n');

      const cases: [file: string, message: RegExp][] = [
        ['malformed.json', /Malformed JSON/],
        ['empty.json', /The file is empty/],
        ['document.pdf', /This is a PDF file, not a JSON document/],
        ['binary.bin', /binary file|not UTF-8 text/],
        ['huge.json', /50\.0 MB: a document may be at most 5 MB/],
        ['array.json', /must be a JSON object/],
        ['missing.json', /Cannot open credential file "missing\.json": no such file/],
        ['folder.json', /is a directory, not a file/],
        ['credential.jwt', /JWT-encoded credential \(VC-JWT\)/],
      ];
      const runs = await Promise.all(cases.map(([file]) => cli('verify', file)));
      runs.forEach((r, i) => {
        const [file, message] = cases[i] as [string, RegExp];
        expectUsageError(r, message);
        assert.ok(r.stderr.includes(file), `the message names the file:\n${describeRun(r)}`);
        assert.equal(r.stderr.trim().split('\n').length, 1, `one line:\n${describeRun(r)}`);
      });
    });

    it('reports JSON that is not a well-formed credential INVALID with the reason', { timeout: TIMEOUT }, async () => {
      const cases: [file: string, message: RegExp][] = [
        [variant('no-proof.json', (c) => { delete c.proof; }), /✗ Format: The credential has no proof/],
        [variant('unknown-context.json', (c) => { (c['@context'] as string[]).push('https://example.com/unknown/v1'); }),
          /✗ Format: Unknown JSON-LD context "https:\/\/example\.com\/unknown\/v1"/],
        [variant('issuer-number.json', (c) => { c.issuer = 42; }), /✗ Format: The issuer is missing/],
        [variant('type-foo.json', (c) => { c.type = 'Foo'; }), /✗ Format: "type" must include "VerifiableCredential"/],
        [variant('subject-string.json', (c) => { c.credentialSubject = 'x'; }), /✗ .*"?credentialSubject"? must be/],
      ];
      const runs = await Promise.all(cases.map(([file]) => cli('verify', file)));
      runs.forEach((r, i) => {
        expect(r, 1, 'stdout', /^INVALID: /);
        assert.match(r.stdout, (cases[i] as [string, RegExp])[1], describeRun(r));
        assert.equal(r.stderr, '', `nothing on stderr:\n${describeRun(r)}`);
      });
    });
  });

  describe('status lists', () => {
    /** The runs on c3, the credential with both a revocation and a suspension entry, for the test below. */
    const both: { active?: Run; lifted?: Run } = {};

    it('revokes and suspends through status list files', { timeout: TIMEOUT * 2 }, async () => {
      const [revocationList, suspensionList, c2, c3] = await Promise.all([
        cli('status', 'create', '--url', STATUS_URL, '--key', 'key.json', '--out', 'list.json'),
        cli('status', 'create', '--url', SUSPENSION_URL, '--key', 'key.json', '--out', 'suspension.json', '--purpose', 'suspension'),
        cli(...issueArgs('--status-list', STATUS_URL, '--status-index', '7', '--out', 'c2.json')),
        cli(...issueArgs('--status-list', STATUS_URL, '--suspension-list', SUSPENSION_URL, '--status-index', '9', '--out', 'c3.json')),
      ]);
      for (const r of [revocationList, suspensionList, c2, c3]) expect(r, 0, 'stderr');
      assert.equal(readDoc('list.json').id, STATUS_URL);
      assert.equal((readDoc('suspension.json').credentialSubject as Doc).statusPurpose, 'suspension');
      assert.equal((readDoc('c2.json').credentialStatus as Doc).statusListIndex, '7');
      const entries = readDoc('c3.json').credentialStatus as Doc[];
      assert.deepEqual(entries.map((e) => [e.statusPurpose, e.statusListCredential, e.statusListIndex]),
        [['revocation', STATUS_URL, '9'], ['suspension', SUSPENSION_URL, '9']]);

      const [withoutList, withList, bothLists] = await Promise.all([
        cli('verify', 'c2.json'),
        cli('verify', 'c2.json', '--status-list', 'list.json'),
        cli('verify', 'c3.json', '--status-list', 'list.json', 'suspension.json'),
      ]);
      expect(withoutList, 3, 'stdout', /^UNDETERMINED: /);
      assert.match(withoutList.stdout, /^! Status \(revocation, suspension\): The status could not be checked/m);
      expect(withList, 0, 'stdout', /^VALID: /);
      assert.match(withList.stdout, /^✓ Status \(revocation, suspension\): Not revoked/m);
      both.active = bothLists;
      assertNoTrace(bothLists);
      assert.match(bothLists.stdout, /^✓ Status \(revocation, suspension\): Not revoked or suspended/m, describeRun(bothLists));

      const [revoke, suspend] = await Promise.all([
        cli('status', 'set', '--list', 'list.json', '--key', 'key.json', '--index', '7'),
        cli('status', 'set', '--list', 'suspension.json', '--key', 'key.json', '--index', '9'),
      ]);
      expect(revoke, 0, 'stderr');
      expect(suspend, 0, 'stderr');
      const [revoked, suspended] = await Promise.all([
        cli('verify', 'c2.json', '--status-list', 'list.json'),
        cli('verify', 'c3.json', '--status-list', 'list.json', 'suspension.json'),
      ]);
      expect(revoked, 1, 'stdout', /^INVALID: /);
      assert.match(revoked.stdout, /^✗ Status \(revocation, suspension\): The credential has been REVOKED/m);
      expect(suspended, 1, 'stdout', /^INVALID: /);
      assert.match(suspended.stdout, /^✗ Status \(revocation, suspension\): The credential is SUSPENDED/m);
      assert.doesNotMatch(suspended.stdout, /REVOKED/, 'c3 has another index than the revoked c2');

      expect(await cli('status', 'set', '--list', 'suspension.json', '--key', 'key.json', '--index', '9', '--clear'), 0, 'stderr');
      const lifted = await cli('verify', 'c3.json', '--status-list', 'list.json', 'suspension.json');
      both.lifted = lifted;
      assertNoTrace(lifted);
      assert.match(lifted.stdout, /^✓ Status \(revocation, suspension\): Not revoked or suspended/m, describeRun(lifted));
      assert.doesNotMatch(lifted.stdout, /SUSPENDED/);
    });

    it('a credential issued with --status-list and --suspension-list verifies VALID (exit 0) when neither is set', {
    }, () => {
      assert.ok(both.active && both.lifted, 'the test above did not get this far');
      for (const r of [both.active, both.lifted]) expect(r, 0, 'stdout', /^VALID: /);
    });
  });

  describe('issue with bad input', () => {
    it('lists every problem of the input, and refuses unusable options with exit 2', { timeout: TIMEOUT }, async () => {
      const spec = JSON.parse(readFileSync(SPEC, 'utf8')) as Doc;
      spec.eqfLevel = 9;
      delete (spec.title as Doc).en;
      writeDoc('bad-spec.json', spec);
      const bad = ['issue', '--spec', 'bad-spec.json', '--learner', LEARNER, '--key', 'key.json'];
      const [en, pl, notKey, missingOption, indexOnly, notUrl] = await Promise.all([
        cli(...bad),
        cli(...bad, '--lang', 'pl'),
        cli('issue', '--spec', SPEC, '--learner', LEARNER, '--key', 'cred.json'),
        cli('issue', '--spec', SPEC, '--learner', LEARNER),
        cli(...issueArgs('--status-index', '5')),
        cli(...issueArgs('--status-list', 'notaurl', '--status-index', '1')),
      ]);
      expect(en, 1, 'stderr', /^No credential was issued; fix the input:$/m);
      assert.equal(en.stdout, '', 'no credential is printed');
      assert.match(en.stderr, /^✗ specification\.eqfLevel: Must be at most 8$/m);
      assert.match(en.stderr, /^✗ specification\.title\.en: The English text is missing$/m);
      expect(pl, 1, 'stderr', /^Nie wydano poświadczenia; popraw dane:$/m);
      assert.equal(pl.stdout, '');
      assert.match(pl.stderr, /^✗ specification\.eqfLevel: Wartość może wynosić najwyżej 8$/m);
      assert.match(pl.stderr, /^✗ specification\.title\.en: Brak tekstu w języku angielskim$/m);

      expectUsageError(notKey, /Key file "cred\.json" is invalid: Not a Mikrocred issuer key file/);
      expectUsageError(missingOption, /required option '--key <file>' not specified/);
      expectUsageError(indexOnly, /--status-index needs --status-list/);
      expectUsageError(notUrl, /--status-list: expected an http\(s\):\/\/ URL, got "notaurl"/);
    });
  });

  describe('usage', () => {
    it('unknown command, --help, --version, unknown language', { timeout: TIMEOUT }, async () => {
      const [unknown, help, version, german] = await Promise.all([
        cli('frobnicate'), cli('--help'), cli('--version'), cli('verify', 'cred.json', '--lang', 'de'),
      ]);
      expectUsageError(unknown, /^error: unknown command 'frobnicate'/);
      expect(help, 0, 'stdout', /^Usage: mikrocred /);
      for (const command of ['keys', 'issue', 'verify', 'status']) assert.match(help.stdout, new RegExp(`^ {2}${command}\\b`, 'm'));
      expect(version, 0, 'stdout');
      assert.equal(version.stdout.trim(), '0.1.0');
      expectUsageError(german, /Unknown language "de": use pl or en/);
    });

    it('`npx mikrocred --version` works from the repository root', {
      timeout: TIMEOUT,
    }, async () => {
      const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
      const r = await run(['mikrocred', '--version'], { command: npx, cwd: ROOT });
      expect(r, 0, 'stdout');
      assert.equal(r.stdout.trim(), '0.1.0', `npx printed nothing:\n${describeRun(r)}`);
    });
  });
});
