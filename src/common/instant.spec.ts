import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { IsInstant, IsInstantDate, isInTheFuture } from './instant';

class WithString {
  @IsInstant()
  at: string;
}

class WithDate {
  @IsInstantDate()
  at: Date;
}

const errorsOf = (cls: new () => object, at: unknown) => validateSync(plainToInstance(cls, { at })).map((e) => e.property);

describe('instants', () => {
  it.each(['2026-03-29T01:30:00Z', '2026-03-29T03:30:00+02:00', '2026-03-29T01:30:00.123Z', '2026-03-29T01:30Z'])('accepts %s', (at) => {
    expect(errorsOf(WithString, at)).toEqual([]);
    expect(errorsOf(WithDate, at)).toEqual([]);
  });

  it.each([
    '2026-03-29T02:30:00',
    '2026-03-29',
    'yesterday',
    '',
    1774747800000,
    null,
    ['2026-03-29T01:30:00Z'],
    '2026-02-30T10:00:00Z',
    '2026-W01-1T00:00:00Z',
    '2026-001T00:00:00Z',
    '20260101T000000Z',
    '2026-01-01T00:00:00,5Z',
    '2026-01-01T00Z',
  ])('refuses %p', (at) => {
    expect(errorsOf(WithString, at)).toEqual(['at']);
    expect(errorsOf(WithDate, at)).toEqual(['at']);
  });

  it('turns an accepted instant into the same Date, whatever its offset', () => {
    const dto = plainToInstance(WithDate, { at: '2026-03-29T03:30:00+02:00' });
    expect(dto.at).toEqual(new Date('2026-03-29T01:30:00Z'));
  });

  it('allows two minutes of clock skew, not more', () => {
    const now = new Date('2026-01-15T09:00:00Z');
    expect(isInTheFuture(new Date('2026-01-15T09:02:00Z'), now)).toBe(false);
    expect(isInTheFuture(new Date('2026-01-15T09:02:00.001Z'), now)).toBe(true);
  });
});
