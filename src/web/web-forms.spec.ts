import { parseForm } from './web-forms';

describe('parseForm', () => {
  it('decodes fields, keeps repeated ones as a list, and gives __proto__ no power', () => {
    const fields = parseForm('note=Een+regel%0Aen+nog+een&kind=a&kind=b&__proto__=x&empty=');
    expect(fields.note).toBe('Een regel\nen nog een');
    expect(fields.kind).toEqual(['a', 'b']);
    expect(fields.empty).toBe('');
    expect(Object.getPrototypeOf(fields)).toBeNull();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
