// The package's index, not its main entry: the main entry also loads every language's country
// names, which nothing here reads.
import countries from 'i18n-iso-countries/index.js';

/**
 * A country code as the contract wants it, ISO 3166-1 alpha-2: an alpha-2 code as sent (upper
 * case), an alpha-3 code (X12 allows them, AfterShip sends them) through the ISO 3166-1 table of
 * i18n-iso-countries; undefined for anything else.
 */
export function alpha2Of(code: string): string | undefined {
  const up = code.trim().toUpperCase();
  if (/^[A-Z]{2}$/.test(up)) return up;
  if (!/^[A-Z]{3}$/.test(up)) return undefined;
  return countries.alpha3ToAlpha2(up);
}
