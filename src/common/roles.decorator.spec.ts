import { mayAct, REPORTING_ROLES, WRITING_ROLES } from './roles.decorator';

describe('mayAct', () => {
  it('lets admin do everything, even what names no role', () => {
    expect(mayAct('admin', [])).toBe(true);
    expect(mayAct('admin', WRITING_ROLES)).toBe(true);
  });

  it('lets another role do only what names it', () => {
    expect(mayAct('reporter', REPORTING_ROLES)).toBe(true);
    expect(mayAct('reporter', WRITING_ROLES)).toBe(false);
    expect(mayAct('auditor', REPORTING_ROLES)).toBe(false);
    expect(mayAct('officer', [])).toBe(false);
  });

  it('never lets the system actor through a route', () => {
    expect(mayAct('system', REPORTING_ROLES)).toBe(false);
  });
});
