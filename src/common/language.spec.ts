import { pickLanguage } from './language';

describe('the language of a document', () => {
  it.each<[string, 'nl' | 'en' | undefined, string | undefined, 'nl' | 'en']>([
    ['Dutch when nothing is asked', undefined, undefined, 'nl'],
    ['?lang wins over the header', 'nl', 'en', 'nl'],
    ['?lang=en', 'en', undefined, 'en'],
    ['a plain English header', undefined, 'en', 'en'],
    ['a regional tag counts as its language', undefined, 'en-GB,en;q=0.9', 'en'],
    ['Flemish is Dutch', undefined, 'nl-BE', 'nl'],
    ['by weight, not by order', undefined, 'nl;q=0.4, en;q=0.8', 'en'],
    ['equal weights: the first listed', undefined, 'en, nl', 'en'],
    ['skips languages the service does not write', undefined, 'de-DE, fr;q=0.9, en;q=0.5', 'en'],
    ['only unknown ones: Dutch', undefined, 'de, fr', 'nl'],
    ['q=0 means not wanted', undefined, 'en;q=0, nl;q=0.1', 'nl'],
    ['the wildcard falls through to Dutch', undefined, '*', 'nl'],
    ['garbage falls through to Dutch', undefined, ';;;q=abc,,', 'nl'],
  ])('%s', (_case, lang, header, expected) => {
    expect(pickLanguage(lang, header)).toBe(expected);
  });
});
