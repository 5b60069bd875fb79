import { readFileSync } from 'node:fs';
import i18next, { type TFunction } from 'i18next';
import { DateTime } from 'luxon';
import { LOCALES, type Locale } from '#domain/program/locales';

/** A language's catalog is kept in a few files by area, so each stays readable. */
export const CATALOG_AREAS = ['common', 'agreement', 'lifecycle', 'matching'] as const;

type Catalog = Record<string, unknown>;

/**
 * A language's texts, read from its folder beside this module the first time they are needed,
 * not bundled: a function that writes in Polish parses Polish (and English, the fallback), not
 * six languages at every cold start. A function's bundle has the folders beside it
 * (infra/bundling.ts copies them), at the same place relative to the code.
 */
const readCatalog = (locale: Locale): Catalog =>
  Object.assign(
    {},
    ...CATALOG_AREAS.map((area) => JSON.parse(readFileSync(new URL(`./${locale}/${area}.json`, import.meta.url), 'utf8')) as Catalog),
  ) as Catalog;

const read = new Map<Locale, Catalog>();
const catalog = (locale: Locale): Catalog => {
  if (!read.has(locale)) read.set(locale, readCatalog(locale));
  return read.get(locale)!;
};

/** One catalog per language, each read on first use. */
export const CATALOGS = Object.defineProperties(
  {},
  Object.fromEntries(LOCALES.map((locale) => [locale, { get: () => catalog(locale), enumerable: true }])),
) as Record<Locale, Catalog>;

// One instance per container; letters are plain text, escaped where they become HTML.
const translations = i18next.createInstance();
void translations.init({
  resources: {},
  supportedLngs: [...LOCALES],
  // A key a catalog lacks would show as the key itself; English is better than that (tests keep catalogs whole).
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  initAsync: false,
  showSupportNotice: false,
});

/** Adds the catalogs i18next would look in for `locale` (the language itself, then English) that it lacks. */
const load = (locale: string): void => {
  const { languageUtils } = translations.services as { languageUtils: { toResolveHierarchy: (code: string) => string[] } };
  const wanted = languageUtils.toResolveHierarchy(locale);
  for (const code of LOCALES)
    if (wanted.includes(code) && !translations.hasResourceBundle(code, 'translation')) translations.addResourceBundle(code, 'translation', catalog(code));
};

export const SUPPORTED_LOCALES = LOCALES;

export const translator = (locale: string): TFunction => {
  load(locale);
  return translations.getFixedT(locale);
};

/** The weekday, date and time with its zone ("Monday, January 18, 2027 at 10:00 AM GMT+1"), in the reader's language and time zone. */
export const formatWhen = (instant: Date | string, timeZone: string, locale: string): string =>
  DateTime.fromJSDate(new Date(instant), { zone: timeZone })
    .setLocale(locale)
    .toLocaleString({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });

/** When a question closes ("Sunday, January 17 at 11:00 PM"), in the reader's language and time zone: the day alone would leave the hour to guess. */
export const formatDeadline = (instant: Date | string, timeZone: string, locale: string): string =>
  DateTime.fromJSDate(new Date(instant), { zone: timeZone })
    .setLocale(locale)
    .toLocaleString({ weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });

export const formatDay = (instant: Date | string, timeZone: string, locale: string): string =>
  DateTime.fromJSDate(new Date(instant), { zone: timeZone }).setLocale(locale).toLocaleString({ weekday: 'long', day: 'numeric', month: 'long' });

/** A number as the reader writes it ("4,5" in Dutch). */
export const formatNumber = (value: number, locale: string, fractionDigits = 0): string =>
  value.toLocaleString(locale, { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits });
