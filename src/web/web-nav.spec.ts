import { inLanguage, isCurrent, NAV } from './web-nav';

describe('inLanguage', () => {
  it('keeps the page and its filters, setting only the language', () => {
    expect(inLanguage('/breaches', 'status=closed&from=2026-03-29', 'en')).toBe('/breaches?status=closed&from=2026-03-29&lang=en');
  });

  it('replaces a language already asked for instead of adding a second one', () => {
    expect(inLanguage('/agreements', 'lang=nl&gaps=subProcessors', 'en')).toBe('/agreements?lang=en&gaps=subProcessors');
  });

  it('gives the bare path a query of its own', () => {
    expect(inLanguage('/', '', 'nl')).toBe('/?lang=nl');
  });

  it('keeps a value that needs escaping escaped', () => {
    expect(inLanguage('/audit', 'q=a%26b%3Dc', 'en')).toBe('/audit?q=a%26b%3Dc&lang=en');
  });
});

describe('isCurrent', () => {
  const entry = (path: string) => NAV.find((e) => e.path === path)!;

  it('marks a view and the pages under it, and Today only on itself', () => {
    expect(isCurrent(entry('/breaches'), '/breaches/123')).toBe(true);
    expect(isCurrent(entry('/breaches'), '/breachesX')).toBe(false);
    expect(isCurrent(entry('/'), '/breaches')).toBe(false);
    expect(isCurrent(entry('/'), '/')).toBe(true);
  });
});
