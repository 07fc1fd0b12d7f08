/**
 * ISO 639-1 languages (two-letter codes) with names in Polish and English, for languages of instruction and
 * for the keys of multilingual texts. Names come from the ICU data built into Node.js (Intl.DisplayNames).
 */
import ISO6391 from 'iso-639-1';
import type { Message } from '../lang.ts';

const CODES: ReadonlySet<string> = new Set(ISO6391.getAllCodes());
const namesPl = new Intl.DisplayNames(['pl'], { type: 'language' });
const namesEn = new Intl.DisplayNames(['en'], { type: 'language' });

export function isIso6391(code: string): boolean {
  return CODES.has(code);
}

export function languageName(code: string): Message {
  return { pl: namesPl.of(code) ?? code, en: namesEn.of(code) ?? code };
}

/** The 24 official languages of the European Union. */
export const EU_LANGUAGES = [
  'bg', 'cs', 'da', 'de', 'el', 'en', 'es', 'et', 'fi', 'fr', 'ga', 'hr',
  'hu', 'it', 'lt', 'lv', 'mt', 'nl', 'pl', 'pt', 'ro', 'sk', 'sl', 'sv',
] as const;
