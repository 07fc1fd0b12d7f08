/**
 * CLI input and output: reading JSON files safely (size checked before reading), writing files without
 * clobbering, printing problems in the user's language, and the exit codes.
 */
import { chmodSync, closeSync, fstatSync, openSync, readSync, writeFileSync } from 'node:fs';
import { assertSize, CredentialInputError, parseJsonObject } from '../credentials/input.ts';
import type { Message, Problem, UiLanguage } from '../model/index.ts';

/** Exit codes: 0 success / valid, 1 invalid credential or invalid input data, 2 unusable input or usage error. */
export const EXIT = { ok: 0, invalid: 1, usage: 2, undetermined: 3 } as const;

/** An error the CLI reports as one message and an exit code, never as a stack trace. */
export class CliError extends Error {
  constructor(readonly text: Message, readonly exitCode: number = EXIT.usage) {
    super(text.en);
    this.name = 'CliError';
  }
}

/** Reads a JSON object from `path`; refuses files over the size limit before reading them. */
export function readJsonFile(path: string, what: Message): Record<string, unknown> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? { pl: 'plik nie istnieje', en: 'no such file' }
      : code === 'EISDIR' ? { pl: 'to katalog, nie plik', en: 'it is a directory, not a file' }
      : code === 'EACCES' ? { pl: 'brak uprawnień do odczytu', en: 'permission denied' }
      : { pl: String(code ?? error), en: String(code ?? error) };
    throw new CliError({ pl: `Nie można otworzyć ${what.pl} „${path}”: ${reason.pl}.`, en: `Cannot open ${what.en} "${path}": ${reason.en}.` });
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) {
      throw new CliError({ pl: `${what.pl} „${path}” to katalog, nie plik.`, en: `${what.en} "${path}" is a directory, not a file.` });
    }
    try {
      assertSize(stat.size);
      const buffer = Buffer.alloc(stat.size);
      let read = 0;
      while (read < stat.size) {
        const n = readSync(fd, buffer, read, stat.size - read, null);
        if (n === 0) break;
        read += n;
      }
      return parseJsonObject(buffer.subarray(0, read));
    } catch (error) {
      if (error instanceof CredentialInputError) {
        throw new CliError({ pl: `${what.pl} „${path}”: ${error.text.pl}`, en: `${what.en} "${path}": ${error.text.en}` });
      }
      throw error;
    }
  } finally {
    closeSync(fd);
  }
}

/** Writes `text` to `path`; an existing file is kept unless `force`. Secret files get mode 0600. */
export function writeOutput(path: string, text: string, options: { force?: boolean; secret?: boolean } = {}): void {
  try {
    writeFileSync(path, text, { flag: options.force ? 'w' : 'wx', mode: options.secret ? 0o600 : 0o644 });
    // The mode above applies only to a new file; a replaced secret file must not keep looser permissions.
    if (options.secret) chmodSync(path, 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      throw new CliError({ pl: `Plik „${path}” już istnieje; użyj --force, aby go zastąpić.`, en: `"${path}" already exists; use --force to replace it.` });
    }
    throw new CliError({ pl: `Nie można zapisać „${path}”: ${String(code ?? error)}.`, en: `Cannot write "${path}": ${String(code ?? error)}.` });
  }
}

export function formatProblems(problems: readonly Problem[], lang: UiLanguage): string {
  return problems.map((p) => `${p.severity === 'error' ? '✗' : '!'} ${p.path || '(document)'}: ${p.message[lang]}`).join('\n');
}

/** The user's language: `--lang`, else Polish when the environment's locale is Polish, else English. */
export function languageOf(option: unknown): UiLanguage {
  if (option === 'pl' || option === 'en') return option;
  if (option !== undefined) {
    throw new CliError({ pl: `Nieznany język „${String(option)}”: użyj pl lub en.`, en: `Unknown language "${String(option)}": use pl or en.` });
  }
  const locale = process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '';
  return locale.toLowerCase().startsWith('pl') ? 'pl' : 'en';
}
