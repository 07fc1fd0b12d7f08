/**
 * ISO 3166-1 countries: alpha-2 codes (Open Badges 3.0 `addressCountryCode`), alpha-3 codes (the EU Publications
 * Office country table that ELM uses) and names in Polish and English.
 */
import countries from 'i18n-iso-countries';
import type { Message } from '../lang.ts';

const namesPl = new Intl.DisplayNames(['pl'], { type: 'region' });
const namesEn = new Intl.DisplayNames(['en'], { type: 'region' });
const ALPHA2: ReadonlySet<string> = new Set(Object.keys(countries.getAlpha2Codes()));

export function isIso3166Alpha2(code: string): boolean {
  return ALPHA2.has(code);
}

export function countryName(alpha2: string): Message {
  return { pl: namesPl.of(alpha2) ?? alpha2, en: namesEn.of(alpha2) ?? alpha2 };
}

/** The EU authority-table URI of a country, e.g. `http://publications.europa.eu/resource/authority/country/POL`. */
export function countryUri(alpha2: string): string | undefined {
  const alpha3 = countries.alpha2ToAlpha3(alpha2);
  return alpha3 ? `http://publications.europa.eu/resource/authority/country/${alpha3}` : undefined;
}

/** The ISO 3166-1 alpha-2 code of an EU authority-table country URI (…/country/POL → PL): countryUri's inverse. */
export function countryOfUri(uri: string | undefined): string | undefined {
  const alpha3 = /\/country\/([A-Z]{3})$/.exec(uri ?? '')?.[1];
  return alpha3 ? countries.alpha3ToAlpha2(alpha3) : undefined;
}
