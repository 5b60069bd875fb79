import i18next, { type TFunction } from 'i18next';
import { DateTime } from 'luxon';
import common from './en/common.json' with { type: 'json' };
import agreement from './en/agreement.json' with { type: 'json' };
import lifecycle from './en/lifecycle.json' with { type: 'json' };

/** One catalog per language, kept in a few files by area so each stays readable. */
const en = { ...common, ...agreement, ...lifecycle };

// One instance per container; letters are plain text, escaped where they become HTML.
const translations = i18next.createInstance();
void translations.init({
  resources: { en: { translation: en } },
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  initAsync: false,
  showSupportNotice: false,
});

export const SUPPORTED_LOCALES = ['en'] as const;

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
