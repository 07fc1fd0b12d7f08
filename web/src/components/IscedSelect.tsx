/**
 * A searchable select of the ISCED-F 2013 fields of education (ARIA combobox with a list box): type a code or words
 * of the name in Polish or English (diacritics do not matter), choose with the arrow keys and Enter or with the
 * mouse; Escape closes the list and keeps the choice. The value is the code ('' for none).
 */
import { useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { Bilingual } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { iscedField, iscedLabel, searchIsced } from '../vocab.ts';
import { describedBy } from './fields.tsx';

export function IscedSelect(props: {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  onChange(code: string): void;
  readonly hint?: string;
  readonly error?: Bilingual | undefined;
  readonly warning?: Bilingual | undefined;
  readonly readOnly?: boolean;
}): ReactNode {
  const { t, lang } = useI18n();
  const listId = `${props.id}-listbox`;
  const statusId = useId();
  // While the person types: their text; otherwise the input shows the chosen field.
  const [typed, setTyped] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLUListElement>(null);

  const selectedText = props.value === '' ? '' : iscedLabel(props.value, lang);
  const shown = typed ?? selectedText;
  const matches = useMemo(() => searchIsced(typed ?? ''), [typed]);
  const activeIndex = Math.min(active, matches.length - 1);

  function choose(code: string): void {
    props.onChange(code);
    setTyped(null);
    setOpen(false);
  }

  function moveTo(index: number): void {
    setActive(index);
    setOpen(true);
    const option = listRef.current?.children[index];
    if (option instanceof HTMLElement) option.scrollIntoView({ block: 'nearest' });
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>): void {
    if (props.readOnly) return;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      moveTo(open ? Math.min(activeIndex + 1, matches.length - 1) : Math.max(activeIndex, 0));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      moveTo(Math.max(activeIndex - 1, 0));
    } else if (event.key === 'Enter') {
      if (open && matches[activeIndex]) {
        event.preventDefault();
        choose(matches[activeIndex].code);
      }
    } else if (event.key === 'Escape') {
      if (open || typed !== null) {
        event.preventDefault();
        setOpen(false);
        setTyped(null);
      }
    }
  }

  function onBlur(): void {
    // Leaving with the whole text typed away clears the choice, with a code typed in full chooses it; other
    // unfinished text is dropped.
    const text = typed?.trim();
    if (text === '') props.onChange('');
    else if (text !== undefined && iscedField(text)) props.onChange(text);
    setTyped(null);
    setOpen(false);
  }

  const activeOption = open && matches[activeIndex] ? `${props.id}-option-${matches[activeIndex].code}` : undefined;
  return (
    <div className={['field', 'combobox', props.error ? 'field--invalid' : '', props.warning && !props.error ? 'field--warning' : ''].filter(Boolean).join(' ')}>
      <label htmlFor={props.id}>{props.label}</label>
      {props.hint !== undefined && <p id={`${props.id}-hint`} className="field-hint">{props.hint}</p>}
      <div className="combobox-control">
        <input
          id={props.id}
          type="text"
          role="combobox"
          autoComplete="off"
          spellCheck={false}
          readOnly={props.readOnly}
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={activeOption}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={describedBy(props.hint !== undefined && `${props.id}-hint`, props.error && `${props.id}-error`, props.warning && `${props.id}-warning`)}
          value={shown}
          onChange={(event) => { setTyped(event.target.value); setActive(0); setOpen(true); }}
          onKeyDown={onKeyDown}
          onBlur={onBlur}
          onClick={() => { if (!props.readOnly) setOpen((o) => !o); }}
        />
        {props.value !== '' && !props.readOnly && (
          <button type="button" className="button button--quiet combobox-clear" onClick={() => choose('')} aria-label={t.spec.iscedClear}>×</button>
        )}
      </div>
      <ul id={listId} ref={listRef} role="listbox" aria-label={props.label} className="combobox-list" hidden={!open || matches.length === 0}>
        {open && matches.map((f, index) => (
          <li
            key={f.code}
            id={`${props.id}-option-${f.code}`}
            role="option"
            aria-selected={index === activeIndex}
            className={['combobox-option', `combobox-option--d${f.code.length}`, f.code === props.value ? 'combobox-option--chosen' : ''].filter(Boolean).join(' ')}
            onMouseDown={(event) => { event.preventDefault(); choose(f.code); }}
            onMouseMove={() => setActive(index)}
          >
            <span className="combobox-code">{f.code}</span> {f[lang]}
          </li>
        ))}
      </ul>
      <p id={statusId} className="visually-hidden" aria-live="polite">
        {open ? (matches.length === 0 ? t.spec.iscedNoMatch : t.spec.iscedMatches(matches.length)) : ''}
      </p>
      {open && matches.length === 0 && <p className="field-hint">{t.spec.iscedNoMatch}</p>}
      {props.error && <p id={`${props.id}-error`} className="field-error">{props.error[lang]}</p>}
      {props.warning && <p id={`${props.id}-warning`} className="field-warning">{props.warning[lang]}</p>}
    </div>
  );
}
