/**
 * Form building blocks: labelled inputs and selects whose hint and error are tied to them with aria-describedby,
 * the error summary of a failed request, and status messages. Texts come from the problem's messages in the chosen
 * language.
 */
import type { KeyboardEvent, ReactNode, Ref } from 'react';
import { ApiError, NetworkError, type Bilingual } from '../api.ts';
import { useI18n, type Dictionary, type Lang } from '../i18n.ts';

/** What went wrong, in the chosen language. */
export function problemText(error: unknown, lang: Lang, t: Dictionary): string {
  if (error instanceof ApiError) {
    const messages = error.problem?.messages;
    if (messages) return messages[lang];
    if (error.problem?.detail) return error.problem.detail;
    return t.unexpectedError(error.status);
  }
  if (error instanceof NetworkError) return t.networkError;
  return t.unexpectedError(0);
}

/**
 * One message for a failed request about a single input (a file, a pasted document): the field's own message when
 * the server names one (rather than its summary line with raw paths), else the problem's message.
 */
export function problemMessage(error: unknown, lang: Lang, t: Dictionary): string {
  if (error instanceof ApiError) {
    const problem = error.problem;
    const first = problem?.errors?.[0];
    if (first && (problem?.code === 'invalid_input' || !problem?.messages)) return first.message[lang];
    if (problem?.messages) return problem.messages[lang];
  }
  return problemText(error, lang, t);
}

export function describedBy(...ids: Array<string | false | undefined>): string | undefined {
  const list = ids.filter((id): id is string => typeof id === 'string' && id !== '');
  return list.length > 0 ? list.join(' ') : undefined;
}

interface FieldProps {
  readonly id: string;
  readonly label: string;
  readonly hint?: ReactNode;
  readonly error?: Bilingual | undefined;
  /** Advice that does not block (a validation warning): shown like an error, but in the warning style. */
  readonly warning?: Bilingual | undefined;
  readonly required?: boolean;
  /** Overrides the "(required)" mark after the label. */
  readonly requiredText?: string;
  readonly className?: string;
  /** Show the hint under the control (keeps controls in a row aligned). */
  readonly hintBelow?: boolean;
}

function FieldFrame(props: FieldProps & { readonly children: ReactNode }): ReactNode {
  const { t, lang } = useI18n();
  return (
    <div className={['field', props.error ? 'field--invalid' : '', props.warning && !props.error ? 'field--warning' : '', props.className ?? ''].filter(Boolean).join(' ')}>
      <label htmlFor={props.id}>
        {props.label}
        {props.required && <span className="field-required"> ({props.requiredText ?? t.required})</span>}
      </label>
      {props.hint !== undefined && !props.hintBelow && <p id={`${props.id}-hint`} className="field-hint">{props.hint}</p>}
      {props.children}
      {props.hint !== undefined && props.hintBelow && <p id={`${props.id}-hint`} className="field-hint">{props.hint}</p>}
      {props.error && <p id={`${props.id}-error`} className="field-error">{props.error[lang]}</p>}
      {props.warning && <p id={`${props.id}-warning`} className="field-warning">{props.warning[lang]}</p>}
    </div>
  );
}

export interface TextFieldProps extends FieldProps {
  readonly value: string;
  onChange(value: string): void;
  readonly type?: 'text' | 'email' | 'password' | 'url' | 'date' | 'search';
  readonly autoComplete?: string;
  readonly inputMode?: 'text' | 'email' | 'url' | 'numeric' | 'decimal';
  readonly maxLength?: number;
  readonly readOnly?: boolean;
  readonly spellCheck?: boolean;
  readonly lang?: string;
  readonly inputClassName?: string;
  readonly inputRef?: Ref<HTMLInputElement>;
  /** A message elsewhere on the page that is about this field too (e.g. "wrong e-mail or password"). */
  readonly describedByExtra?: string | undefined;
  /** Invalid because of a message elsewhere (with `describedByExtra`). */
  readonly invalid?: boolean;
  onKeyDown?(event: KeyboardEvent<HTMLInputElement>): void;
}

export function TextField({ inputRef, ...props }: TextFieldProps): ReactNode {
  return (
    <FieldFrame {...props}>
      <input
        id={props.id}
        ref={inputRef}
        className={props.inputClassName}
        type={props.type ?? 'text'}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        onKeyDown={props.onKeyDown}
        required={props.required}
        autoComplete={props.autoComplete}
        inputMode={props.inputMode}
        maxLength={props.maxLength}
        readOnly={props.readOnly}
        spellCheck={props.spellCheck}
        lang={props.lang}
        aria-invalid={props.error || props.invalid ? true : undefined}
        aria-describedby={describedBy(props.hint !== undefined && `${props.id}-hint`, props.error && `${props.id}-error`, props.warning && `${props.id}-warning`, props.describedByExtra)}
      />
    </FieldFrame>
  );
}

export interface SelectFieldProps<V extends string> extends FieldProps {
  readonly value: V;
  onChange(value: V): void;
  readonly options: ReadonlyArray<{ readonly value: V; readonly label: string }>;
  readonly disabled?: boolean;
}

export function SelectField<V extends string>(props: SelectFieldProps<V>): ReactNode {
  return (
    <FieldFrame {...props}>
      <select
        id={props.id}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value as V)}
        required={props.required}
        disabled={props.disabled}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(props.hint !== undefined && `${props.id}-hint`, props.error && `${props.id}-error`, props.warning && `${props.id}-warning`)}
      >
        {props.options.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
      </select>
    </FieldFrame>
  );
}

/** A labelled checkbox with an optional hint and error tied to it. */
export function CheckboxField(props: {
  readonly id: string;
  readonly label: string;
  readonly checked: boolean;
  onChange(checked: boolean): void;
  readonly hint?: ReactNode;
  readonly error?: Bilingual | undefined;
  readonly disabled?: boolean;
}): ReactNode {
  const { lang } = useI18n();
  return (
    <div className={['field', 'field--check', props.error ? 'field--invalid' : ''].filter(Boolean).join(' ')}>
      <div className="check">
        <input
          type="checkbox" id={props.id} checked={props.checked} disabled={props.disabled}
          onChange={(event) => props.onChange(event.target.checked)}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={describedBy(props.hint !== undefined && `${props.id}-hint`, props.error && `${props.id}-error`)}
        />
        <label htmlFor={props.id}>{props.label}</label>
      </div>
      {props.hint !== undefined && <p id={`${props.id}-hint`} className="field-hint">{props.hint}</p>}
      {props.error && <p id={`${props.id}-error`} className="field-error">{props.error[lang]}</p>}
    </div>
  );
}

export interface TextAreaFieldProps extends FieldProps {
  readonly value: string;
  onChange(value: string): void;
  readonly maxLength?: number;
  readonly rows?: number;
  readonly lang?: string;
  readonly readOnly?: boolean;
  readonly spellCheck?: boolean;
  /** A message elsewhere on the page that is about this field too. */
  readonly describedByExtra?: string | undefined;
  /** Invalid because of a message elsewhere (with `describedByExtra`). */
  readonly invalid?: boolean;
}

export function TextAreaField(props: TextAreaFieldProps): ReactNode {
  return (
    <FieldFrame {...props}>
      <textarea
        id={props.id}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        required={props.required}
        maxLength={props.maxLength}
        rows={props.rows ?? 3}
        lang={props.lang}
        readOnly={props.readOnly}
        spellCheck={props.spellCheck}
        aria-invalid={props.error || props.invalid ? true : undefined}
        aria-describedby={describedBy(props.hint !== undefined && `${props.id}-hint`, props.error && `${props.id}-error`, props.warning && `${props.id}-warning`, props.describedByExtra)}
      />
    </FieldFrame>
  );
}

/**
 * A failed request: its message, and for invalid input a list of the problems, each linking to its field
 * (`fields` maps a problem path to the field's id and label).
 */
export function ErrorSummary(props: {
  readonly error: unknown;
  readonly fields?: ReadonlyMap<string, { readonly id: string; readonly label: string }>;
  readonly id?: string;
}): ReactNode {
  const { t, lang } = useI18n();
  const problems = props.error instanceof ApiError ? props.error.problem?.errors ?? [] : [];
  return (
    <div className="alert alert--error" role="alert" id={props.id}>
      {/* Invalid input: the list says it better than the server's summary line (which names raw paths). */}
      {problems.length === 0 && <p>{problemText(props.error, lang, t)}</p>}
      {problems.length > 0 && (
        <>
          <p>{t.fixFields}</p>
          <ul>
            {problems.map((problem, index) => {
              const path = problem.path.startsWith('body.') ? problem.path.slice('body.'.length) : problem.path;
              const field = props.fields?.get(path);
              return (
                <li key={`${problem.path}-${index}`}>
                  {field
                    ? <a href={`#${field.id}`} onClick={(event) => { event.preventDefault(); document.getElementById(field.id)?.focus(); }}>{field.label}: {problem.message[lang]}</a>
                    : <>{path}: {problem.message[lang]}</>}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </div>
  );
}

/** A polite status message (saved, copied, revoked). */
export function Notice(props: { readonly children: ReactNode; readonly tone?: 'success' | 'info' }): ReactNode {
  return <div className={`alert alert--${props.tone ?? 'success'}`} role="status">{props.children}</div>;
}

export function Loading(): ReactNode {
  const { t } = useI18n();
  return <p className="loading" role="status">{t.loading}</p>;
}
