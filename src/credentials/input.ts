/**
 * Reading a credential someone hands us (a file, an upload, a request body) into a JSON value, with a clear
 * reason when it is unusable: empty, too large, binary, a PDF, a JWT, malformed JSON.
 */
import type { Message } from '../model/index.ts';

/** Credentials are small; anything larger is refused before it is parsed. */
export const MAX_CREDENTIAL_BYTES = 5 * 1024 * 1024;

export type InputErrorCode = 'empty' | 'too_large' | 'pdf' | 'binary' | 'jwt' | 'malformed_json' | 'not_object';

export class CredentialInputError extends Error {
  constructor(readonly code: InputErrorCode, readonly text: Message) {
    super(text.en);
    this.name = 'CredentialInputError';
  }
}

function fail(code: InputErrorCode, pl: string, en: string): never {
  throw new CredentialInputError(code, { pl, en });
}

export function assertSize(bytes: number): void {
  if (bytes > MAX_CREDENTIAL_BYTES) {
    const mb = (bytes / 1024 / 1024).toFixed(1);
    fail('too_large', `Plik ma ${mb} MB: dokument może mieć najwyżej ${MAX_CREDENTIAL_BYTES / 1024 / 1024} MB.`,
      `The file is ${mb} MB: a document may be at most ${MAX_CREDENTIAL_BYTES / 1024 / 1024} MB.`);
  }
}

/** Where in the text a JSON syntax error is, as "line L, column C", from V8's "at position N" message. */
function position(text: string, message: string): string {
  const at = /position (\d+)/.exec(message);
  if (!at) return '';
  const offset = Number(at[1]);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return ` (${line}:${column})`;
}

/** Parses the bytes of a JSON document (a credential, a specification, a key file); throws CredentialInputError with a PL/EN reason. */
export function parseJsonObject(bytes: Uint8Array): Record<string, unknown> {
  assertSize(bytes.byteLength);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.toString('latin1', 0, 5) === '%PDF-') {
    fail('pdf', 'To jest plik PDF, a nie dokument JSON. Wczytaj plik .json.',
      'This is a PDF file, not a JSON document. Use the .json file.');
  }
  if (buffer.includes(0)) fail('binary', 'To plik binarny, a nie dokument JSON.', 'This is a binary file, not a JSON document.');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    fail('binary', 'Plik nie jest tekstem UTF-8: to nie jest dokument JSON.', 'The file is not UTF-8 text: it is not a JSON document.');
  }
  text = text.replace(/^\uFEFF/, '');
  if (text.trim() === '') fail('empty', 'Plik jest pusty.', 'The file is empty.');
  if (/^\s*eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\s*$/.test(text)) {
    fail('jwt', 'To poświadczenie w formacie JWT (VC-JWT), którego ten weryfikator jeszcze nie obsługuje.',
      'This is a JWT-encoded credential (VC-JWT), which this verifier does not support yet.');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const where = position(text, (error as Error).message);
    fail('malformed_json', `Nieprawidłowy JSON${where}: ${(error as Error).message}`, `Malformed JSON${where}: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail('not_object', 'Dokument musi być obiektem JSON ({…}).', 'The document must be a JSON object ({…}).');
  }
  return value as Record<string, unknown>;
}
