/**
 * Multilingual text. Every human-readable text in Mikrocred is a language map keyed by BCP 47 language tags,
 * and Polish and English are always present; other EU languages may be added.
 */

/** The languages every text must have, and the languages the user interface and messages speak. */
export const REQUIRED_LANGUAGES = ['pl', 'en'] as const;
export type UiLanguage = (typeof REQUIRED_LANGUAGES)[number];

/** A text in several languages: `{ pl: '…', en: '…', de?: '…' }`. */
export type LangMap = { readonly pl: string; readonly en: string } & Readonly<Record<string, string>>;

/** A message to a person, in both languages the platform speaks. */
export interface Message {
  readonly pl: string;
  readonly en: string;
}

export function isUiLanguage(value: unknown): value is UiLanguage {
  return value === 'pl' || value === 'en';
}

/** The text in `lang`, falling back to the other required language. */
export function pick(text: Message | Readonly<Record<string, string>>, lang: string): string {
  const map = text as Readonly<Record<string, string | undefined>>;
  return map[lang] ?? map.pl ?? map.en ?? Object.values(map)[0] ?? '';
}
