import { joinedColumn, joinedInstants } from './sql-columns';

describe('joined columns', () => {
  it('joins values with null as the empty string', () => {
    expect(joinedColumn(['3f2504e0-4f89-41d3-9a0c-0305e82c3301', null, 'listed'])).toBe('3f2504e0-4f89-41d3-9a0c-0305e82c3301,,listed');
  });

  it.each([[''], ['a,b'], [',']])('refuses %p, which would not come back as it went', (value) => {
    expect(() => joinedColumn(['x', value, null])).toThrow(/not (a value|values) for a joined column/);
  });

  it('joins no values as the empty text', () => {
    expect(joinedColumn([])).toBe('');
  });

  it('joins instants as milliseconds since the epoch, before 1970 too', () => {
    expect(joinedInstants([new Date('2024-02-29T23:59:59.999Z'), new Date('1969-12-31T23:59:59.999Z')])).toBe('1709251199999,-1');
  });
});
