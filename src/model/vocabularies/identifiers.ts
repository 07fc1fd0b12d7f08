/**
 * Legal identifiers of institutions (awarding bodies) and their format rules: the Polish REGON, NIP and KRS numbers
 * with their check digits, the Erasmus+ institution code, the EU Participant Identification Code (PIC), POL-on.
 * OB 3.0 carries them as `IdentifierEntry` with an `ext:` identifier type (see ../shared/spec §4.3).
 */

export const IDENTIFIER_SCHEMES = ['REGON', 'NIP', 'KRS', 'POL-on', 'ErasmusCode', 'PIC', 'VAT', 'other'] as const;
export type IdentifierScheme = (typeof IDENTIFIER_SCHEMES)[number];

function digits(value: string): number[] {
  return [...value].map(Number);
}

function weightedMod11(value: string, weights: readonly number[]): number {
  return digits(value).reduce((sum, d, i) => sum + d * (weights[i] ?? 0), 0) % 11;
}

/** REGON: 9 digits, or 14 for local units, the last being a mod-11 check digit (10 counts as 0). */
export function isValidRegon(value: string): boolean {
  if (/^\d{9}$/.test(value)) {
    return (weightedMod11(value, [8, 9, 2, 3, 4, 5, 6, 7]) % 10) === Number(value[8]);
  }
  if (/^\d{14}$/.test(value)) {
    return isValidRegon(value.slice(0, 9)) &&
      (weightedMod11(value, [2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8]) % 10) === Number(value[13]);
  }
  return false;
}

/** NIP: 10 digits, the last a mod-11 check digit (a remainder of 10 is never issued). */
export function isValidNip(value: string): boolean {
  if (!/^\d{10}$/.test(value)) return false;
  const check = weightedMod11(value, [6, 5, 7, 2, 3, 4, 5, 6, 7]);
  return check !== 10 && check === Number(value[9]);
}

/** PESEL (Polish national identification number): 11 digits with a weighted check digit. */
export function isValidPesel(value: string): boolean {
  if (!/^\d{11}$/.test(value)) return false;
  const weights = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
  const sum = digits(value).slice(0, 10).reduce((s, d, i) => s + d * (weights[i] ?? 0), 0);
  return (10 - (sum % 10)) % 10 === Number(value[10]);
}

/** The format rule of each scheme: `undefined` when valid, otherwise what is expected (PL / EN). */
export function identifierProblem(scheme: IdentifierScheme, value: string): { pl: string; en: string } | undefined {
  switch (scheme) {
    case 'REGON':
      return isValidRegon(value) ? undefined : { pl: 'REGON musi mieć 9 lub 14 cyfr z poprawną cyfrą kontrolną', en: 'REGON must have 9 or 14 digits with a valid check digit' };
    case 'NIP':
      return isValidNip(value) ? undefined : { pl: 'NIP musi mieć 10 cyfr (bez myślników) z poprawną cyfrą kontrolną', en: 'NIP must have 10 digits (no dashes) with a valid check digit' };
    case 'KRS':
      return /^\d{10}$/.test(value) ? undefined : { pl: 'Numer KRS musi mieć 10 cyfr', en: 'A KRS number has 10 digits' };
    case 'PIC':
      return /^\d{9}$/.test(value) ? undefined : { pl: 'PIC musi mieć 9 cyfr', en: 'A PIC has 9 digits' };
    case 'ErasmusCode':
      return /^[A-Z]{1,3}\s{1,2}[A-Z-]{1,8}\d{2}$/.test(value) ? undefined : { pl: 'Kod Erasmus ma postać np. „PL WARSZAW01”', en: 'An Erasmus code looks like "PL WARSZAW01"' };
    case 'VAT':
      return /^[A-Z]{2}[0-9A-Z+*]{2,13}$/.test(value) ? undefined : { pl: 'Numer VAT UE zaczyna się kodem kraju, np. „PL5260001246”', en: 'An EU VAT number starts with a country code, e.g. "PL5260001246"' };
    case 'POL-on':
    case 'other':
      return value.trim() === '' ? { pl: 'Identyfikator nie może być pusty', en: 'The identifier must not be empty' } : undefined;
  }
}
