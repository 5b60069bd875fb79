/**
 * The languages every e-mail, answer page and calendar text is written in: those of the
 * program's source documents. A program has a default; each person may have their own.
 */
export const LOCALES = ['en', 'id', 'it', 'pl', 'nl', 'nb'] as const;
export type Locale = (typeof LOCALES)[number];

export const LOCALE_NAMES: Record<Locale, string> = {
  en: 'English',
  id: 'Indonesian',
  it: 'Italian',
  pl: 'Polish',
  nl: 'Dutch',
  nb: 'Norwegian Bokmål',
};

export const isLocale = (value: string): value is Locale => (LOCALES as readonly string[]).includes(value);

/** "en (English), id (Indonesian), …": for an error that names what would have been right. */
export const knownLocales = (): string => LOCALES.map((l) => `${l} (${LOCALE_NAMES[l]})`).join(', ');
