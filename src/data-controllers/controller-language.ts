import { Language } from '../common/language';

/** The language a controller is written to in: its own choice, else Dutch for a client in the Netherlands and English for one abroad. */
export function controllerLanguage(country: string, preference: Language | null): Language {
  return preference ?? (country === 'NL' ? 'nl' : 'en');
}
