import { describe, expect, test } from 'vitest';
import { CATALOGS, translator } from '#presentation/messages/index';
import { LOCALES } from '#domain/program/locales';

type Catalog = Record<string, unknown>;

const flatten = (catalog: Catalog, prefix = ''): [string, string][] =>
  Object.entries(catalog).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? flatten(value as Catalog, `${prefix}${key}.`) : [[`${prefix}${key}`, String(value)] as [string, string]],
  );

const english = new Map(flatten(CATALOGS.en));
const PLURAL = /^(.*)_(zero|one|two|few|many|other)$/;
/** Keys i18next picks by count: a family is plural when English has its `_other`. */
const pluralBase = (key: string): string | undefined => {
  const base = PLURAL.exec(key)?.[1];
  return base !== undefined && english.has(`${base}_other`) ? base : undefined;
};

/** The keys a language must have: English's, with each plural family in that language's own categories. */
const expectedKeys = (locale: string): Map<string, string> => {
  const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
  const wanted = new Map<string, string>();
  for (const [key, value] of english) {
    const base = pluralBase(key);
    if (base === undefined) wanted.set(key, value);
    else if (key.endsWith('_zero')) wanted.set(key, value);
    // Each form says what English says in the same form, or in its general one.
    else for (const category of categories) wanted.set(`${base}_${category}`, english.get(`${base}_${category}`) ?? english.get(`${base}_other`)!);
  }
  return wanted;
};

const placeholders = (text: string): string[] => [...new Set([...text.matchAll(/{{\s*(\w+)[^}]*}}/g)].map((m) => m[1]!))].sort();

/** Words that are the same in the other language: names of roles everybody uses, the program's own name. */
const SAME_IN_EVERY_LANGUAGE = new Set([
  'coordinatorSignature',
  'roles.mentor',
  'roles.mentee',
  'answerPage.email',
  'undeliverable.role.mentor',
  'undeliverable.role.mentee',
]);

describe('every e-mail and page text exists in all six languages', () => {
  test.each(LOCALES.filter((l) => l !== 'en'))('%s has every key English has, in its own plural forms, and no other', (locale) => {
    const wanted = expectedKeys(locale);
    const given = new Map(flatten(CATALOGS[locale]));
    expect([...wanted.keys()].filter((k) => !given.has(k))).toEqual([]);
    expect([...given.keys()].filter((k) => !wanted.has(k))).toEqual([]);
  });

  test.each(LOCALES.filter((l) => l !== 'en'))('%s keeps every placeholder of the English text, and is translated', (locale) => {
    const wanted = expectedKeys(locale);
    const given = new Map(flatten(CATALOGS[locale]));
    const wrong: string[] = [];
    for (const [key, source] of wanted) {
      const text = given.get(key);
      if (text === undefined) continue;
      const need = placeholders(source);
      const have = placeholders(text);
      // "one meeting" may say the number in words.
      const mayDrop = /_(zero|one)$/.test(key) ? ['count'] : [];
      const missing = need.filter((p) => !have.includes(p) && !mayDrop.includes(p) && !(/_(zero|one)$/.test(key) && pluralBase(key)));
      const unknown = have.filter((p) => !need.includes(p) && p !== 'count');
      if (missing.length) wrong.push(`${key} lacks {{${missing.join('}}, {{')}}}`);
      if (unknown.length) wrong.push(`${key} has unknown {{${unknown.join('}}, {{')}}}`);
      if (text === source && /\p{L}{3}/u.test(source.replace(/{{[^}]*}}/g, '')) && !SAME_IN_EVERY_LANGUAGE.has(key)) wrong.push(`${key} is still English`);
      if (!text.trim()) wrong.push(`${key} is empty`);
    }
    expect(wrong).toEqual([]);
  });

  test('plural forms follow the language: Polish says 2 spotkania and 5 spotkań, Indonesian has one form', () => {
    const forms = (locale: string) => new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
    expect(forms('pl')).toEqual(expect.arrayContaining(['one', 'few', 'many', 'other']));
    expect(forms('id')).toEqual(['other']);
    for (const locale of LOCALES) {
      const t = translator(locale);
      const texts = [0, 1, 2, 5, 22].map((count) => t('closure.tally', { count }));
      for (const text of texts) expect(text).not.toMatch(/closure|{{/);
      // Every count reads as a sentence of that language, the number in it where not said in words.
      expect(texts[3]).toContain('5');
    }
  });
});
