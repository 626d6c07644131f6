import type { Language } from '../common/language';
import { GrantedRole, READING_ROLES } from '../common/roles.decorator';

export interface NavEntry {
  path: string;
  label: Record<Language, string>;
  /** Who sees the entry besides admin; every role when absent. */
  roles?: readonly GrantedRole[];
}

/** The dashboard's views in the order the navigation shows them: a new view adds its line here. */
export const NAV: NavEntry[] = [
  { path: '/', label: { nl: 'Vandaag', en: 'Today' } },
  { path: '/breaches', label: { nl: 'Datalekken', en: 'Breaches' } },
  { path: '/agreements', label: { nl: 'Overeenkomsten', en: 'Agreements' }, roles: READING_ROLES },
  { path: '/sub-processors', label: { nl: 'Subverwerkers', en: 'Sub-processors' }, roles: READING_ROLES },
  { path: '/requests', label: { nl: 'Verzoeken', en: 'Requests' }, roles: READING_ROLES },
  { path: '/retention', label: { nl: 'Bewaartermijnen', en: 'Retention' }, roles: READING_ROLES },
  { path: '/audit', label: { nl: 'Audittrail', en: 'Audit' }, roles: READING_ROLES },
];

/** The entry a path belongs to: `/breaches/…` is under Breaches, `/` only itself. */
export function isCurrent(entry: NavEntry, path: string): boolean {
  return entry.path === '/' ? path === '/' : path === entry.path || path.startsWith(`${entry.path}/`);
}

/**
 * The page asked for, in the other language: its path and query as they were (a filtered
 * register stays filtered), with `lang` set, which the dashboard then remembers.
 */
export function inLanguage(path: string, query: string, lang: Language): string {
  const params = new URLSearchParams(query);
  params.set('lang', lang);
  return `${path}?${params.toString()}`;
}

/** A request's URL as the path and the query after its `?` (empty without one). */
export function splitUrl(url: string): { path: string; query: string } {
  const at = url.indexOf('?');
  return at < 0 ? { path: url, query: '' } : { path: url.slice(0, at), query: url.slice(at + 1) };
}
