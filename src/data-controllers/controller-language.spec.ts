import { controllerLanguage } from './controller-language';

describe('the language a controller is written to in', () => {
  it('is Dutch in the Netherlands and English elsewhere, unless the controller chose one', () => {
    expect(controllerLanguage('NL', null)).toBe('nl');
    expect(controllerLanguage('BE', null)).toBe('en');
    expect(controllerLanguage('DE', null)).toBe('en');
    expect(controllerLanguage('NL', 'en')).toBe('en');
    expect(controllerLanguage('BE', 'nl')).toBe('nl');
  });
});
