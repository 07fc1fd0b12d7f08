/**
 * Reusable zod field types of the model: multilingual texts, codes from controlled vocabularies, URLs, dates.
 * Custom checks report bilingual messages through `params` (see problems.ts).
 */
import { z } from 'zod';
import { isIso6391 } from './vocabularies/languages.ts';
import { isIso3166Alpha2 } from './vocabularies/countries.ts';
import { REQUIRED_LANGUAGES, type LangMap, type Message } from './lang.ts';

/** Adds a custom issue with a bilingual message. */
export function report(ctx: z.RefinementCtx, path: PropertyKey[], code: string, message: Message): void {
  ctx.addIssue({ code: 'custom', path, message: message.en, params: { code, ...message } });
}

/** A multilingual text: `pl` and `en` required and non-empty; other keys must be ISO 639-1 codes. */
export function langMap(maxLength = 5000) {
  return z.record(z.string(), z.string().max(maxLength)).superRefine((value, ctx) => {
    for (const lang of REQUIRED_LANGUAGES) {
      const text = value[lang];
      if (text === undefined) {
        report(ctx, [lang], 'required', {
          pl: `Brak tekstu w języku ${lang === 'pl' ? 'polskim' : 'angielskim'}`,
          en: `The ${lang === 'pl' ? 'Polish' : 'English'} text is missing`,
        });
      }
    }
    for (const [lang, text] of Object.entries(value)) {
      if (!isIso6391(lang)) {
        report(ctx, [lang], 'invalid_language', {
          pl: `„${lang}” nie jest kodem języka ISO 639-1 (np. pl, en, de)`,
          en: `"${lang}" is not an ISO 639-1 language code (e.g. pl, en, de)`,
        });
      } else if (text.trim() === '') {
        report(ctx, [lang], 'empty', { pl: 'Tekst nie może być pusty', en: 'The text must not be empty' });
      }
    }
  }) as unknown as z.ZodType<LangMap>;
}

export const countryCode = z.string().superRefine((value, ctx) => {
  if (!isIso3166Alpha2(value)) {
    report(ctx, [], 'invalid_country', {
      pl: `„${value}” nie jest kodem kraju ISO 3166-1 alfa-2 (np. PL)`,
      en: `"${value}" is not an ISO 3166-1 alpha-2 country code (e.g. PL)`,
    });
  }
});

export const languageCode = z.string().superRefine((value, ctx) => {
  if (!isIso6391(value)) {
    report(ctx, [], 'invalid_language', {
      pl: `„${value}” nie jest kodem języka ISO 639-1 (np. pl, en)`,
      en: `"${value}" is not an ISO 639-1 language code (e.g. pl, en)`,
    });
  }
});

/** An absolute http(s) URL. */
export const webUrl = z.url({ protocol: /^https?$/ }).max(2000);

/** A string matching `re`; otherwise a problem with `code` and a bilingual message. */
export function pattern(re: RegExp, code: string, message: Message, max = 2000) {
  return z.string().max(max).superRefine((value, ctx) => {
    if (!re.test(value)) report(ctx, [], code, message);
  });
}

/** An absolute URI of any scheme (did:, urn:, https:). */
export const uri = pattern(/^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]+$/, 'invalid_uri', {
  pl: 'Oczekiwano bezwzględnego URI (np. https://…, did:…, urn:…)',
  en: 'Expected an absolute URI (e.g. https://…, did:…, urn:…)',
});

/** A non-empty single-line text. */
export function line(max = 300) {
  return z.string().trim().min(1).max(max);
}
