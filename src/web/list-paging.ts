import type { FormFields } from './web-context';

/** The next page of a filtered list: the filters as they were sent (empty ones left out) and the cursor. */
export function nextPageHref(path: string, filters: FormFields, cursor: string): string {
  const kept = Object.entries(filters).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '' && e[0] !== 'cursor');
  return `${path}?${new URLSearchParams([...kept, ['cursor', cursor]]).toString()}`;
}
