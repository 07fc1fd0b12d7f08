import type { ReactNode } from 'react';
import { LANGUAGES, LANGUAGE_NAMES, useI18n } from '../i18n.ts';

/** PL | EN: two toggle buttons; the choice is remembered (see App). */
export function LanguageSwitch(): ReactNode {
  const { t, lang, setLang } = useI18n();
  return (
    <div className="lang-switch" role="group" aria-label={t.language}>
      {LANGUAGES.map((code) => (
        <button
          key={code}
          type="button"
          lang={code}
          aria-pressed={code === lang}
          onClick={() => setLang(code)}
        >
          {code.toUpperCase()}<span className="visually-hidden"> ({LANGUAGE_NAMES[code]})</span>
        </button>
      ))}
    </div>
  );
}
