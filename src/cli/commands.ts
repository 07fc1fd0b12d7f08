/**
 * The `mikrocred` commands: keys, issue, verify, status. Each takes parsed options and returns an exit code;
 * problems with the input are thrown as CliError (one clear message, no stack trace).
 */
import {
  buildStatusListCredential, decodeStatusList, generateIssuerKey, InvalidKeyError, issueMicroCredential, loadIssuerKey,
  newStatusList, OfflineDidResolver, renderReport, signCredential, StaticStatusListSource, statusEntry, verifyCredential,
  type DidDocument, type IssuerKey, type StatusEntry, type StatusPurpose,
} from '../credentials/index.ts';
import type { UiLanguage } from '../model/index.ts';
import { CliError, EXIT, formatProblems, readJsonFile, writeOutput } from './io.ts';

const FILES = {
  key: { pl: 'plik klucza', en: 'key file' },
  spec: { pl: 'plik specyfikacji', en: 'specification file' },
  learner: { pl: 'plik osoby uczącej się', en: 'learner file' },
  credential: { pl: 'plik poświadczenia', en: 'credential file' },
  statusList: { pl: 'plik listy statusów', en: 'status list file' },
  didDocument: { pl: 'plik dokumentu DID', en: 'DID document file' },
} as const;

function print(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

async function readKey(path: string): Promise<IssuerKey> {
  try {
    return await loadIssuerKey(readJsonFile(path, FILES.key));
  } catch (error) {
    if (error instanceof InvalidKeyError) {
      throw new CliError({ pl: `Plik klucza „${path}” jest nieprawidłowy: ${error.message}`, en: `Key file "${path}" is invalid: ${error.message}` });
    }
    throw error;
  }
}

function parseIndex(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value)) {
    throw new CliError({ pl: `${option}: oczekiwano liczby całkowitej ≥ 0, podano „${value}”.`, en: `${option}: expected a whole number ≥ 0, got "${value}".` });
  }
  return Number(value);
}

function parseUrl(value: string, option: string): string {
  if (!/^https?:\/\/[^\s]+$/.test(value)) {
    throw new CliError({ pl: `${option}: oczekiwano adresu http(s)://…, podano „${value}”.`, en: `${option}: expected an http(s):// URL, got "${value}".` });
  }
  return value;
}

function parsePurpose(value: string | undefined): StatusPurpose {
  if (value === undefined || value === 'revocation' || value === 'suspension') return value ?? 'revocation';
  throw new CliError({ pl: `--purpose: użyj revocation lub suspension, nie „${value}”.`, en: `--purpose: use revocation or suspension, not "${value}".` });
}

export async function keysGenerate(options: { out: string; controller?: string; force?: boolean }): Promise<number> {
  if (options.controller !== undefined && !/^did:web:[a-zA-Z0-9.%-]+(:[a-zA-Z0-9._%-]+)*$/.test(options.controller)) {
    throw new CliError({ pl: '--controller: oczekiwano DID did:web (np. did:web:uni.example.pl).', en: '--controller: expected a did:web DID (e.g. did:web:uni.example.pl).' });
  }
  const key = await generateIssuerKey(options.controller ? { controller: options.controller } : {});
  writeOutput(options.out, `${JSON.stringify(key, null, 2)}\n`, { force: options.force, secret: true });
  process.stderr.write(`${key.controller}\n`);
  return EXIT.ok;
}

export interface IssueOptions {
  spec: string; learner: string; key: string; out?: string; force?: boolean; lang: UiLanguage;
  statusList?: string; statusIndex?: string; suspensionList?: string; id?: string; achievementId?: string;
}

export async function issue(options: IssueOptions): Promise<number> {
  const specification = readJsonFile(options.spec, FILES.spec);
  const award = readJsonFile(options.learner, FILES.learner);
  const key = await readKey(options.key);
  const index = parseIndex(options.statusIndex, '--status-index');
  const status: StatusEntry[] = [];
  if (options.statusList !== undefined || options.suspensionList !== undefined) {
    if (index === undefined) {
      throw new CliError({ pl: 'Podaj --status-index razem z --status-list.', en: 'Give --status-index together with --status-list.' });
    }
    if (options.statusList) status.push(statusEntry(parseUrl(options.statusList, '--status-list'), index, 'revocation'));
    if (options.suspensionList) status.push(statusEntry(parseUrl(options.suspensionList, '--suspension-list'), index, 'suspension'));
  } else if (index !== undefined) {
    throw new CliError({ pl: '--status-index wymaga --status-list.', en: '--status-index needs --status-list.' });
  }
  const result = await issueMicroCredential({
    specification, award, key,
    options: {
      status,
      ...(options.id ? { credentialId: options.id } : {}),
      ...(options.achievementId ? { achievementId: options.achievementId } : {}),
    },
  });
  if (!result.ok) {
    process.stderr.write(`${options.lang === 'pl' ? 'Nie wydano poświadczenia; popraw dane:' : 'No credential was issued; fix the input:'}\n`);
    process.stderr.write(`${formatProblems(result.problems, options.lang)}\n`);
    return EXIT.invalid;
  }
  if (result.warnings.length > 0) process.stderr.write(`${formatProblems(result.warnings, options.lang)}\n`);
  const json = `${JSON.stringify(result.credential, null, 2)}\n`;
  if (options.out) writeOutput(options.out, json, { force: options.force });
  else print(json);
  return EXIT.ok;
}

export interface VerifyCliOptions { lang: UiLanguage; json?: boolean; statusList?: string[]; didDocument?: string[]; now?: string }

export async function verify(file: string, options: VerifyCliOptions): Promise<number> {
  const credential = readJsonFile(file, FILES.credential);
  const lists = (options.statusList ?? []).map((path) => readJsonFile(path, FILES.statusList));
  const resolver = new OfflineDidResolver();
  for (const path of options.didDocument ?? []) {
    const doc = readJsonFile(path, FILES.didDocument);
    if (typeof doc.id !== 'string' || !doc.id.startsWith('did:')) {
      throw new CliError({ pl: `„${path}” nie jest dokumentem DID (brak „id”).`, en: `"${path}" is not a DID document (no "id").` });
    }
    resolver.register(doc as DidDocument);
  }
  let now: Date | undefined;
  if (options.now !== undefined) {
    now = new Date(options.now);
    if (Number.isNaN(now.getTime())) {
      throw new CliError({ pl: `--now: nieprawidłowa data „${options.now}”.`, en: `--now: invalid date "${options.now}".` });
    }
  }
  const report = await verifyCredential(credential, {
    resolver, ...(lists.length > 0 ? { statusLists: new StaticStatusListSource(lists) } : {}), ...(now ? { now } : {}),
  });
  print(options.json ? JSON.stringify(report, null, 2) : renderReport(report, options.lang));
  return report.verdict === 'valid' ? EXIT.ok : report.verdict === 'invalid' ? EXIT.invalid : EXIT.undetermined;
}

export async function statusCreate(options: { url: string; key: string; out: string; purpose?: string; length?: string; force?: boolean }): Promise<number> {
  const key = await readKey(options.key);
  const length = parseIndex(options.length, '--length') ?? undefined;
  if (length !== undefined && (length < 8 || length % 8 !== 0)) {
    throw new CliError({ pl: '--length: wielokrotność 8 (domyślnie 131072).', en: '--length: a multiple of 8 (default 131072).' });
  }
  const list = await newStatusList(length);
  const unsigned = await buildStatusListCredential({
    id: parseUrl(options.url, '--url'), issuerId: key.controller, statusPurpose: parsePurpose(options.purpose), list,
  });
  const signed = await signCredential(unsigned, key);
  writeOutput(options.out, `${JSON.stringify(signed, null, 2)}\n`, { force: options.force });
  return EXIT.ok;
}

export async function statusSet(options: { list: string; key: string; index: string; clear?: boolean }): Promise<number> {
  const key = await readKey(options.key);
  const credential = readJsonFile(options.list, FILES.statusList);
  const subject = credential.credentialSubject as Record<string, unknown> | undefined;
  if (typeof credential.id !== 'string' || typeof subject?.encodedList !== 'string') {
    throw new CliError({ pl: `„${options.list}” nie jest poświadczeniem listy statusów.`, en: `"${options.list}" is not a status list credential.` });
  }
  const index = parseIndex(options.index, '--index') as number;
  const list = await decodeStatusList(subject.encodedList);
  if (index >= list.length) {
    throw new CliError({ pl: `--index: lista ma ${list.length} pozycji.`, en: `--index: the list has ${list.length} entries.` });
  }
  list.setStatus(index, !options.clear);
  const unsigned = await buildStatusListCredential({
    id: credential.id, issuerId: key.controller, statusPurpose: parsePurpose(String(subject.statusPurpose)), list,
  });
  const signed = await signCredential(unsigned, key);
  writeOutput(options.list, `${JSON.stringify(signed, null, 2)}\n`, { force: true });
  return EXIT.ok;
}
