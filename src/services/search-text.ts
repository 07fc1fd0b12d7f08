/**
 * Text for catalogue search: lower case, no diacritics (ą→a, ł→l, ó→o, …), words of letters and digits only, so
 * that "Analizą" and "analiza" are the same word. A query word is reduced to a stem by dropping one common Polish
 * (or English plural) ending, so that "analizy", "danych" or "sieci" find "Analiza", "dane", "Sieć".
 * The stored text and the query go through the same `normalise`; matching is `LIKE '%stem%'` on a trigram index.
 */

/** Lower case, without diacritics, punctuation collapsed to single spaces. */
export function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/ł/g, 'l')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

// Longest first: the first that leaves a stem long enough (three letters after a long ending, else four) is dropped.
const ENDINGS = [
  'owania', 'owanie', 'iami', 'ami', 'ach', 'ych', 'ich', 'ego', 'emu', 'owi', 'ymi', 'imi', 'iem', 'ies', 'om', 'ow',
  'ie', 'ej', 'ia', 'es', 'a', 'y', 'i', 'e', 'o', 'u', 's',
];

/** The stem of one normalised query word (short words stay whole). */
export function stem(word: string): string {
  if (word.length < 5 || /^\d+$/.test(word)) return word;
  for (const ending of ENDINGS) {
    if (word.endsWith(ending) && word.length - ending.length >= (ending.length >= 3 ? 3 : 4)) return word.slice(0, -ending.length);
  }
  return word;
}

/** The stems of a query, at most `max` of them, without repeats or words contained in another. */
export function queryStems(query: string, max = 8): string[] {
  const stems = [...new Set(normalise(query).split(' ').filter((w) => w !== '').map(stem))];
  const kept = stems.filter((s, i) => !stems.some((other, j) => j !== i && other.length > s.length && other.includes(s)));
  return kept.slice(0, max);
}
