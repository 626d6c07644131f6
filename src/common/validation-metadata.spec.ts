import 'reflect-metadata';
import { Type } from 'class-transformer';
import { getMetadataStorage, IsInt, IsString, validate, ValidateNested } from 'class-validator';
import { rememberValidationRules } from './validation-metadata';

class Reporter {
  @IsString() name: string;
}

class Report {
  @IsString() title: string;
  @ValidateNested() @Type(() => Reporter) reporter: Reporter;
}

class LateReport extends Report {
  @IsInt() count: number;
}

const storage = getMetadataStorage();
const unremembered = storage.getTargetValidationMetadatas.bind(storage);
rememberValidationRules();

describe('validation rules kept per class', () => {
  it('finds the same rules class-validator finds, for every class and set of options', () => {
    for (const target of [Report, Reporter, LateReport]) {
      for (const [always, strictGroups, groups] of [
        [false, false, undefined],
        [true, false, undefined],
        [false, true, ['a']],
      ] as const) {
        const groupList = groups ? [...groups] : undefined;
        expect(storage.getTargetValidationMetadatas(target, '', always, strictGroups, groupList)).toEqual(unremembered(target, '', always, strictGroups, groupList));
      }
    }
  });

  it('validates as before, nested objects and inherited rules too', async () => {
    const late = Object.assign(new LateReport(), { title: 7, count: 'x', reporter: Object.assign(new Reporter(), { name: 3 }) });
    const errors = await validate(late);
    expect(errors.map((e) => e.property).sort()).toEqual(['count', 'reporter', 'title']);
    expect(errors.find((e) => e.property === 'reporter')?.children?.map((c) => c.property)).toEqual(['name']);
  });

  it('sees a rule added after a class was validated', async () => {
    expect(await validate(Object.assign(new Reporter(), { name: 'Ada' }))).toEqual([]);
    IsInt()(Reporter.prototype, 'age');
    const errors = await validate(Object.assign(new Reporter(), { name: 'Ada', age: 'old' }));
    expect(errors.map((e) => e.property)).toEqual(['age']);
  });
});
