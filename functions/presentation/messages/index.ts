import i18next, { type TFunction } from 'i18next';
import { DateTime } from 'luxon';
import { LOCALES, type Locale } from '#domain/program/locales';
import enCommon from './en/common.json' with { type: 'json' };
import enAgreement from './en/agreement.json' with { type: 'json' };
import enLifecycle from './en/lifecycle.json' with { type: 'json' };
import idCommon from './id/common.json' with { type: 'json' };
import idAgreement from './id/agreement.json' with { type: 'json' };
import idLifecycle from './id/lifecycle.json' with { type: 'json' };
import itCommon from './it/common.json' with { type: 'json' };
import itAgreement from './it/agreement.json' with { type: 'json' };
import itLifecycle from './it/lifecycle.json' with { type: 'json' };
import plCommon from './pl/common.json' with { type: 'json' };
import plAgreement from './pl/agreement.json' with { type: 'json' };
import plLifecycle from './pl/lifecycle.json' with { type: 'json' };
import nlCommon from './nl/common.json' with { type: 'json' };
import nlAgreement from './nl/agreement.json' with { type: 'json' };
import nlLifecycle from './nl/lifecycle.json' with { type: 'json' };
import nbCommon from './nb/common.json' with { type: 'json' };
import nbAgreement from './nb/agreement.json' with { type: 'json' };
import nbLifecycle from './nb/lifecycle.json' with { type: 'json' };

/** One catalog per language, kept in a few files by area so each stays readable. */
export const CATALOGS: Record<Locale, Record<string, unknown>> = {
  en: { ...enCommon, ...enAgreement, ...enLifecycle },
  id: { ...idCommon, ...idAgreement, ...idLifecycle },
  it: { ...itCommon, ...itAgreement, ...itLifecycle },
  pl: { ...plCommon, ...plAgreement, ...plLifecycle },
  nl: { ...nlCommon, ...nlAgreement, ...nlLifecycle },
  nb: { ...nbCommon, ...nbAgreement, ...nbLifecycle },
};

// One instance per container; letters are plain text, escaped where they become HTML.
const translations = i18next.createInstance();
void translations.init({
  resources: Object.fromEntries(LOCALES.map((locale) => [locale, { translation: CATALOGS[locale] }])),
  supportedLngs: [...LOCALES],
  // A key a catalog lacks would show as the key itself; English is better than that (tests keep catalogs whole).
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  initAsync: false,
  showSupportNotice: false,
});

export const SUPPORTED_LOCALES = LOCALES;

export const translator = (locale: string): TFunction => translations.getFixedT(locale);

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
