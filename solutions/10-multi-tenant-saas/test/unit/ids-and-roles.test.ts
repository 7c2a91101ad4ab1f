import { describe, expect, test } from 'vitest';
import { appRoleName } from '../../src/db.ts';
import { HttpError, uuidParam } from '../../src/http-error.ts';
import { isolationSql } from '../../src/schema.ts';

describe('uuidParam', () => {
  test('passes a uuid through', () => {
    expect(uuidParam('0f506ba5-1605-4758-8fe0-895e689c3dcc', 'project')).toBe('0f506ba5-1605-4758-8fe0-895e689c3dcc');
  });

  test('anything else is a 404, never a database error', () => {
    expect(() => uuidParam("1' OR '1'='1", 'project')).toThrow(HttpError);
    try {
      uuidParam('42', 'project');
    } catch (error) {
      expect((error as HttpError).status).toBe(404);
    }
  });
});

describe('appRoleName', () => {
  test('one role per database, safe as an identifier', () => {
    expect(appRoleName('lab_Abc-1')).toBe('saas_app_lab_abc_1');
  });

  test('never longer than a Postgres identifier', () => {
    expect(appRoleName('x'.repeat(100)).length).toBeLessThanOrEqual(63);
  });
});

describe('isolationSql', () => {
  test('enables and forces RLS with a policy keyed on the transaction-local tenant', () => {
    const sql = isolationSql('projects');
    expect(sql).toContain('ENABLE ROW LEVEL SECURITY');
    expect(sql).toContain('FORCE ROW LEVEL SECURITY');
    expect(sql).toContain("current_setting('app.tenant_id', true)");
  });
});
