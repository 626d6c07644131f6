import { readByIdSql, ReadableColumn } from './read-by-id';

const column = (databaseName: string, propertyName: string, more: Partial<ReadableColumn> = {}): ReadableColumn => ({ databaseName, propertyName, isSelect: true, isPrimary: false, ...more });

describe('readByIdSql', () => {
  it('selects every selectable column under its property name, by the primary key', () => {
    const sql = readByIdSql('processors', [column('id', 'id', { isPrimary: true }), column('kvk_number', 'kvkNumber'), column('key_hash', 'keyHash', { isSelect: false })]);
    expect(sql).toBe('SELECT "id" AS "id", "kvk_number" AS "kvkNumber" FROM "processors" WHERE "id" = $1');
  });

  it('refuses an entity whose columns need TypeORM to hydrate them', () => {
    expect(() => readByIdSql('t', [column('id', 'id', { isPrimary: true }), column('amount', 'amount', { transformer: {} })])).toThrow(/t\.amount needs TypeORM/);
    expect(() => readByIdSql('t', [column('id', 'id', { isPrimary: true }), column('owner_id', 'owner', { relationMetadata: {} })])).toThrow(/t\.owner_id/);
    expect(() => readByIdSql('t', [column('a', 'a', { isPrimary: true }), column('b', 'b', { isPrimary: true })])).toThrow(/2 primary-key columns/);
  });
});
