import type ICALModule from 'ical.js' with { 'resolution-mode': 'import' };

/**
 * ical.js, the iCalendar parser the feed is checked with. It ships ESM types and a CommonJS
 * build; this project compiles to CommonJS (module node16), where TypeScript refuses a static
 * import of an ES module, so it is required and typed from its declarations.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const ICAL = require('ical.js') as typeof ICALModule;
