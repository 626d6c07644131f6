import { plainToInstance } from 'class-transformer';
import { ArrayUnique, validateSync } from 'class-validator';
import { IsUuid } from './uuid';

class One {
  @IsUuid()
  id: string;
}

class Many {
  @ArrayUnique()
  @IsUuid({ each: true })
  ids: string[];
}

describe('IsUuid', () => {
  it('keeps a UUID as Postgres prints it', () => {
    const dto = plainToInstance(One, { id: '3F2504E0-4F89-41D3-9A0C-0305E82C3301' });
    expect(validateSync(dto)).toEqual([]);
    expect(dto.id).toBe('3f2504e0-4f89-41d3-9a0c-0305e82c3301');
  });

  it('lowercases every id of a list, so the same id in two cases is a duplicate', () => {
    const dto = plainToInstance(Many, { ids: ['3F2504E0-4F89-41D3-9A0C-0305E82C3301', '3f2504e0-4f89-41d3-9a0c-0305e82c3301'] });
    expect(validateSync(dto).map((e) => Object.keys(e.constraints ?? {}))).toEqual([['arrayUnique']]);
  });

  it.each(['not-a-uuid', 42, null, ['x']])('refuses %p', (id) => {
    expect(validateSync(plainToInstance(One, { id })).map((e) => e.property)).toEqual(['id']);
  });
});
