import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MigrationObject } from './migration-spec';
import {
  checkMigrationSpec,
  dbList,
  endpointParams,
  legacyEndpointParams,
  legacyMigrationObject,
} from './migration-spec-wire';

const name = fc.stringMatching(/^[a-z_][a-z0-9_]{0,15}$/);
const table = fc.oneof(name, fc.record({ name, newName: fc.option(name, { nil: undefined }) }));
const objects = fc.uniqueArray(
  fc.record({
    database: name,
    newName: fc.option(name, { nil: undefined }),
    tables: fc.option(
      fc.uniqueArray(table, { minLength: 1, maxLength: 4, selector: (t) => (typeof t === 'string' ? t : t.name) }),
      {
        nil: undefined,
      },
    ),
  }),
  { minLength: 1, maxLength: 4, selector: (o) => o.database },
);

const tableName = (t: NonNullable<MigrationObject['tables']>[number]) => (typeof t === 'string' ? t : t.name);
const tableNewName = (t: NonNullable<MigrationObject['tables']>[number]) =>
  (typeof t === 'string' ? undefined : t.newName) ?? tableName(t);

describe('dbList and legacyMigrationObject', () => {
  it('describe the same databases, tables and renames in both APIs', () => {
    fc.assert(
      fc.property(objects, (list) => {
        const current = JSON.parse(dbList(list)) as Record<
          string,
          { name: string; all: boolean; Table?: Record<string, { name: string }> }
        >;
        const legacy = JSON.parse(legacyMigrationObject(list)) as Array<{
          DBName: string;
          NewDBName: string;
          TableIncludes?: Array<{ TableName: string; NewTableName: string }>;
        }>;
        expect(Object.keys(current)).toEqual(list.map((o) => o.database));
        expect(legacy.map((l) => l.DBName)).toEqual(list.map((o) => o.database));
        for (const [i, o] of list.entries()) {
          const c = current[o.database];
          const l = legacy[i];
          expect(c?.name).toBe(o.newName ?? o.database);
          expect(l?.NewDBName).toBe(o.newName ?? o.database);
          expect(c?.all).toBe(o.tables === undefined);
          expect(Object.entries(c?.Table ?? {}).map(([k, v]) => [k, v.name])).toEqual(
            (o.tables ?? []).map((t) => [tableName(t), tableNewName(t)]),
          );
          expect((l?.TableIncludes ?? []).map((t) => [t.TableName, t.NewTableName])).toEqual(
            (o.tables ?? []).map((t) => [tableName(t), tableNewName(t)]),
          );
        }
      }),
      { numRuns: 250 },
    );
  });
});

describe('endpoint parameters', () => {
  const checked = checkMigrationSpec(
    {
      name: 'n',
      source: {
        instanceType: 'EXPRESS',
        engine: 'MYSQL',
        host: 'db.example.com',
        port: 3306,
        user: 'u',
        password: 'p',
        database: 'a',
      },
      destination: {
        instanceType: 'RDS',
        engine: 'MYSQL',
        instanceId: 'rm-1',
        region: 'cn-shanghai',
        user: 'u',
        password: 'p',
        database: 'b',
      },
      objects: [{ database: 'a' }],
    },
    'cn-hangzhou',
  );

  it('fills in regions and the defaults of the migration mode', () => {
    expect(checked).toMatchObject({
      source: { region: 'cn-hangzhou' },
      destination: { region: 'cn-shanghai' },
      structureInitialization: true,
      dataInitialization: true,
      dataSynchronization: false,
      instanceClass: 'small',
    });
  });

  it('spell the destination database "DataBaseName" in both APIs', () => {
    expect(endpointParams('SourceEndpoint', checked.source)).toMatchObject({
      SourceEndpointDatabaseName: 'a',
      SourceEndpointIP: 'db.example.com',
    });
    expect(endpointParams('DestinationEndpoint', checked.destination)).toMatchObject({
      DestinationEndpointDataBaseName: 'b',
      DestinationEndpointInstanceID: 'rm-1',
      DestinationEndpointRegion: 'cn-shanghai',
    });
    expect(legacyEndpointParams('DestinationEndpoint', checked.destination)).toMatchObject({
      'DestinationEndpoint.DataBaseName': 'b',
      'DestinationEndpoint.InstanceID': 'rm-1',
    });
    expect(legacyEndpointParams('SourceEndpoint', checked.source)).toMatchObject({
      'SourceEndpoint.DatabaseName': 'a',
      'SourceEndpoint.Port': 3306,
    });
  });
});
