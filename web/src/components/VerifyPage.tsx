/**
 * The public verifier (/verify), no sign-in: drop or choose a credential file (JSON or a PDF certificate with the
 * credential attached), paste its JSON, or give its address (our own /v/<code> short links included). The answer:
 * the verdict in plain language, each check, the issuer's identity and the credential's summary. Input problems
 * (not JSON, a PDF without a credential, too large, a refused address) show as an alert tied to the input.
 */
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api, type VerificationAnswer } from '../api.ts';
import { useDocumentTitle } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { navigate } from '../router.ts';
import { problemMessage, TextAreaField, TextField } from './fields.tsx';
import { FileDrop, isPdfFile, VerificationResult } from './verification.tsx';

/** Limits of the verify API: a PDF 20 MB, a credential file 5 MB, a JSON body 1 MB. */
const MAX_PDF = 20 * 1024 * 1024;
const MAX_FILE = 5 * 1024 * 1024;
const MAX_PASTE = 1024 * 1024 - 1024;

type Input = 'file' | 'paste' | 'url';

/** Problems found before asking the server (texts of `t.verify`). */
type LocalProblem = 'emptyFile' | 'tooLargePdf' | 'tooLargeJson' | 'emptyPaste' | 'tooLargePaste' | 'emptyUrl';

type Run =
  | { readonly status: 'idle' }
  | { readonly status: 'busy'; readonly input: Input }
  | { readonly status: 'error'; readonly input: Input; readonly problem: { readonly local: LocalProblem } | { readonly error: unknown } }
  | { readonly status: 'done'; readonly input: Input; readonly name: string; readonly answer: VerificationAnswer };

export function VerifyPage(): ReactNode {
  const { t, lang } = useI18n();
  useDocumentTitle(t.verify.title);
  const [run, setRun] = useState<Run>({ status: 'idle' });
  const [pasted, setPasted] = useState('');
  const [url, setUrl] = useState('');
  const generation = useRef(0);
  const verdictRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    // A new result: move focus to its verdict so it is read out first.
    if (run.status === 'done') verdictRef.current?.focus();
  }, [run]);

  async function verify(input: Input, name: string, call: () => Promise<VerificationAnswer>): Promise<void> {
    const mine = ++generation.current;
    setRun({ status: 'busy', input });
    try {
      const answer = await call();
      if (mine === generation.current) setRun({ status: 'done', input, name, answer });
    } catch (error) {
      if (mine === generation.current) setRun({ status: 'error', input, problem: { error } });
    }
  }

  function fail(input: Input, local: LocalProblem): void {
    generation.current++;
    setRun({ status: 'error', input, problem: { local } });
  }

  function onFile(file: File): void {
    const pdf = isPdfFile(file);
    if (file.size === 0) return fail('file', 'emptyFile');
    if (file.size > (pdf ? MAX_PDF : MAX_FILE)) return fail('file', pdf ? 'tooLargePdf' : 'tooLargeJson');
    void verify('file', file.name, () => api.verifyFile(file, pdf ? 'application/pdf' : 'application/vc+ld+json'));
  }

  function onPaste(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const text = pasted.trim();
    if (text === '') return fail('paste', 'emptyPaste');
    if (new Blob([text]).size > MAX_PASTE) return fail('paste', 'tooLargePaste');
    void verify('paste', '', () => api.verifyCredential(text));
  }

  function onUrl(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const address = url.trim();
    if (address === '') return fail('url', 'emptyUrl');
    // A share link of this site is a page, not a credential: open it.
    try {
      const parsed = new URL(address);
      if (parsed.origin === window.location.origin && /^\/s\/[A-Za-z0-9_-]{16,96}\/?$/.test(parsed.pathname)) {
        navigate(parsed.pathname);
        return;
      }
    } catch {
      // Not a URL: the server says so in both languages.
    }
    void verify('url', address, () => api.verifyUrl(address));
  }

  const busy = run.status === 'busy';
  const errorOf = (input: Input): string | undefined => {
    if (run.status !== 'error' || run.input !== input) return undefined;
    return 'local' in run.problem ? t.verify[run.problem.local] : problemMessage(run.problem.error, lang, t);
  };
  const source = run.status !== 'done' ? ''
    : run.input === 'file' ? t.verify.sourceFile(run.name) : run.input === 'url' ? t.verify.sourceUrl(run.name) : t.verify.sourcePaste;
  return (
    <div className="verify-page">
      <h1 id="main-heading" tabIndex={-1}>{t.verify.title}</h1>
      <p className="lead">{t.verify.intro}</p>

      <div className="verify-inputs">
        <section className="card verify-input" aria-labelledby="verify-file-heading">
          <h2 id="verify-file-heading">{t.verify.fileHeading}</h2>
          <FileDrop
            id="verify-file" label={t.verify.file} hint={t.verify.fileHint} accept=".json,.jsonld,.pdf,application/json,application/ld+json,application/vc+ld+json,application/pdf"
            onFile={onFile} disabled={busy} clearAfterChoice errorId={errorOf('file') && 'verify-file-problem'}
          />
          <Problem id="verify-file-problem" message={errorOf('file')} />
        </section>

        <section className="card verify-input" aria-labelledby="verify-paste-heading">
          <h2 id="verify-paste-heading">{t.verify.pasteHeading}</h2>
          <form onSubmit={onPaste} noValidate>
            <TextAreaField
              id="verify-paste" label={t.verify.paste} hint={t.verify.pasteHint} value={pasted} onChange={setPasted} rows={6}
              spellCheck={false} describedByExtra={errorOf('paste') && 'verify-paste-problem'} invalid={errorOf('paste') !== undefined}
            />
            <Problem id="verify-paste-problem" message={errorOf('paste')} />
            <button type="submit" className="button button--primary" disabled={busy}>{t.verify.pasteSubmit}</button>
          </form>
        </section>

        <section className="card verify-input" aria-labelledby="verify-url-heading">
          <h2 id="verify-url-heading">{t.verify.urlHeading}</h2>
          <form onSubmit={onUrl} noValidate>
            <TextField
              id="verify-url" label={t.verify.url} hint={t.verify.urlHint} type="url" inputMode="url" value={url} onChange={setUrl}
              spellCheck={false} autoComplete="url"
              describedByExtra={errorOf('url') && 'verify-url-problem'} invalid={errorOf('url') !== undefined}
            />
            <Problem id="verify-url-problem" message={errorOf('url')} />
            <button type="submit" className="button button--primary" disabled={busy}>{t.verify.urlSubmit}</button>
          </form>
        </section>
      </div>

      <section className="verify-result" aria-labelledby="verify-result-heading" aria-busy={busy}>
        <h2 id="verify-result-heading" className="visually-hidden">{t.verdict.result}</h2>
        <p role="status" className="verify-status">{busy ? t.verify.checking : ''}</p>
        {run.status === 'done' && (
          <VerificationResult report={run.answer} idPrefix="verify" level={3} headingRef={verdictRef} source={source} />
        )}
      </section>
    </div>
  );
}

/** An input problem, next to its input and announced at once. */
function Problem(props: { readonly id: string; readonly message: string | undefined }): ReactNode {
  const { t } = useI18n();
  if (props.message === undefined) return null;
  return (
    <div className="alert alert--error verify-problem" role="alert" id={props.id}>
      <p><strong>{t.verify.problem}:</strong> {props.message}</p>
    </div>
  );
}
