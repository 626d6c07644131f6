import { SnakeNamingStrategy } from './snake-naming.strategy';

describe('SnakeNamingStrategy', () => {
  const naming = new SnakeNamingStrategy();

  it('turns properties into snake_case columns', () => {
    expect(naming.columnName('breachNotificationHours', undefined, [])).toBe('breach_notification_hours');
    expect(naming.columnName('awareAt', undefined, [])).toBe('aware_at');
    expect(naming.columnName('kvkNumber', undefined, [])).toBe('kvk_number');
  });

  it('keeps an explicit column name', () => {
    expect(naming.columnName('x', 'custom_name', [])).toBe('custom_name');
  });

  it('names join columns after the relation', () => {
    expect(naming.joinColumnName('dataController', 'id')).toBe('data_controller_id');
  });
});
