/**
 * Adding a credential from elsewhere (/me/import): a JSON or PDF file (dropped or chosen) or pasted JSON. The server
 * verifies it and keeps it whatever the verdict; the result shows here, with each check.
 */
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { learnerApi, type ImportedCredential } from '../api.ts';
import { useDocumentTitle } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { problemMessage, TextAreaField } from './fields.tsx';
import { credentialIssuer, credentialTitle } from './learner.tsx';
import { Link } from './Link.tsx';
import { FileDrop, isPdfFile, VerificationResult } from './verification.tsx';

const MAX_FILE = 20 * 1024 * 1024;

type Local = 'nothing' | 'both' | 'notJson' | 'notObject' | 'tooLarge';

export function LearnerImportPage(): ReactNode {
  const { t, lang } = useI18n();
  useDocumentTitle(t.learner.import.title);
  const [file, setFile] = useState<File | undefined>(undefined);
  const [pasted, setPasted] = useState('');
  const [busy, setBusy] = useState(false);
  const [local, setLocal] = useState<Local | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [result, setResult] = useState<ImportedCredential | undefined>(undefined);
  const fileRef = useRef<HTMLInputElement>(null);
  const resultRef = useRef<HTMLHeadingElement>(null);

  function reset(): void {
    setFile(undefined);
    setPasted('');
    setResult(undefined);
    setLocal(undefined);
    setError(undefined);
    if (fileRef.current) fileRef.current.value = '';
    window.setTimeout(() => fileRef.current?.focus(), 0);
  }

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    setLocal(undefined);
    setError(undefined);
    setResult(undefined);
    const text = pasted.trim();
    if (!file && text === '') return setLocal('nothing');
    if (file && text !== '') return setLocal('both');
    let send: () => Promise<ImportedCredential>;
    if (file) {
      if (file.size > MAX_FILE) return setLocal('tooLarge');
      if (isPdfFile(file)) send = () => learnerApi.importPdf(file);
      else {
        const parsed = parse(await file.text());
        if (typeof parsed === 'string') return setLocal(parsed);
        send = () => learnerApi.importJson(parsed);
      }
    } else {
      const parsed = parse(text);
      if (typeof parsed === 'string') return setLocal(parsed);
      send = () => learnerApi.importJson(parsed);
    }
    setBusy(true);
    try {
      setResult(await send());
      window.setTimeout(() => resultRef.current?.focus(), 0);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const title = result ? credentialTitle(result.credential, lang) : undefined;
  const issuer = result ? credentialIssuer(result.credential, lang) : undefined;
  return (
    <div className="learner-import">
      <p className="breadcrumb"><Link to="/me">← {t.learner.credential.back}</Link></p>
      <h1 id="main-heading" tabIndex={-1}>{t.learner.import.title}</h1>
      <p className="lead">{t.learner.import.intro}</p>
      <form className="form card card--wide" onSubmit={(event) => void submit(event)} noValidate aria-describedby={local ? 'import-problem' : undefined}>
        <FileDrop
          id="import-file" label={t.learner.import.file} hint={t.learner.import.fileHint} inputRef={fileRef}
          accept=".json,.jsonld,.pdf,application/json,application/ld+json,application/vc+ld+json,application/pdf"
          onFile={(chosen) => { setFile(chosen); setLocal(undefined); }} disabled={busy}
          errorId={local === 'tooLarge' || (local === 'notJson' && file) || (local === 'notObject' && file) ? 'import-problem' : undefined}
        />
        {file && (
          <p className="chosen-file">
            {t.learner.import.chosen(file.name)}{' '}
            <button type="button" className="button button--small" onClick={() => { setFile(undefined); if (fileRef.current) fileRef.current.value = ''; fileRef.current?.focus(); }}>
              {t.learner.import.clearFile}
            </button>
          </p>
        )}
        <TextAreaField
          id="import-paste" label={t.learner.import.paste} hint={t.learner.import.pasteHint} value={pasted} onChange={setPasted} rows={5}
          spellCheck={false} invalid={local === 'notJson' || local === 'notObject' ? !file : undefined}
          describedByExtra={(local === 'notJson' || local === 'notObject') && !file ? 'import-problem' : undefined}
        />
        {local && <div className="alert alert--error" role="alert" id="import-problem"><p>{t.learner.import[local]}</p></div>}
        {error !== undefined && (
          <div className="alert alert--error" role="alert" id="import-error"><p>{problemMessage(error, lang, t)}</p></div>
        )}
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={busy}>{busy ? t.learner.import.busy : t.learner.import.submit}</button>
          <p role="status" className="muted">{busy ? t.learner.import.busy : ''}</p>
        </div>
      </form>

      {result && (
        <section aria-labelledby="import-result" className="card card--wide card--success import-result">
          <h2 id="import-result" tabIndex={-1} ref={resultRef}>{t.learner.import.resultTitle}</h2>
          <p>{t.learner.import.resultHint}</p>
          {title && <p><strong>{title}</strong>{issuer && <span className="muted"> · {t.learner.home.issuedBy(issuer)}</span>}</p>}
          <VerificationResult report={result.report} idPrefix="import" level={3} />
          <ul className="inline-list">
            <li><Link to="/me" className="button button--secondary">{t.learner.import.back}</Link></li>
            <li><button type="button" className="button" onClick={reset}>{t.learner.import.another}</button></li>
          </ul>
        </section>
      )}
    </div>
  );
}

function parse(text: string): Readonly<Record<string, unknown>> | 'notJson' | 'notObject' {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'notJson';
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Readonly<Record<string, unknown>> : 'notObject';
}
