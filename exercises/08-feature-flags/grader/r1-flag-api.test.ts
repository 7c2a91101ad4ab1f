import type { ValidateFunction } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion } from '../../../harness/grading/grader-kit.ts';
import type { FlagsClient } from './support/http-client.ts';
import { learnerSchema, schemaErrors } from './support/learner-schema.ts';
import { booleanFlag, type FlagDoc, fullFlag, withoutServiceFields } from './support/sample-flags.ts';
import { type FlagsCluster, startFlags } from './support/start-flags.ts';
import { type TenantTokens, tenantTokens } from './support/tokens.ts';

/** Structurally bad flags and the JSON pointer each error must name; the schema must refuse them too. */
const BAD_PAYLOADS: { what: string; flag: FlagDoc; paths: string[]; schemaRejects: boolean }[] = [
  {
    what: 'an unknown clause op',
    flag: {
      ...fullFlag('bad-op'),
      rules: [
        {
          id: 'r',
          clauses: [
            { attribute: 'country', op: 'eq', values: ['DE'] },
            { attribute: 'age', op: 'like', values: [18] },
          ],
          serve: { variant: 'on' },
        },
      ],
    },
    paths: ['/rules/0/clauses/1/op'],
    schemaRejects: true,
  },
  {
    what: 'enabled as a string',
    flag: booleanFlag('bad-enabled', { enabled: 'yes' }),
    paths: ['/enabled'],
    schemaRejects: true,
  },
  { what: 'a key with spaces and capitals', flag: booleanFlag('Bad Key!'), paths: ['/key'], schemaRejects: true },
  {
    what: 'a rollout weight that is not a number',
    flag: booleanFlag('bad-weight', { fallthrough: { rollout: { on: 'ten', off: 90 } } }),
    paths: ['/fallthrough/rollout/on'],
    schemaRejects: true,
  },
  {
    what: 'a missing offVariant',
    flag: (() => {
      const { offVariant: _o, ...rest } = booleanFlag('bad-missing');
      return rest;
    })(),
    paths: ['/offVariant'],
    schemaRejects: true,
  },
  {
    what: 'two bad fields at once (every error is listed, not only the first)',
    flag: {
      ...fullFlag('bad-two'),
      enabled: 1,
      rules: [{ id: 'r', clauses: [{ attribute: 'a', op: 'sometimes', values: [1] }], serve: { variant: 'on' } }],
    },
    paths: ['/enabled', '/rules/0/clauses/0/op'],
    schemaRejects: true,
  },
  {
    what: 'an offVariant that names no variant',
    flag: booleanFlag('bad-off', { offVariant: 'nope' }),
    paths: ['/offVariant'],
    schemaRejects: false,
  },
];

criterion('R1', 'Flag model & API', () => {
  let cluster: FlagsCluster;
  let api: FlagsClient;
  let acme: TenantTokens;
  let validate: ValidateFunction;

  beforeAll(async () => {
    cluster = await startFlags('r1', 1);
    api = cluster.clients[0] as FlagsClient;
    acme = await tenantTokens('acme-r1');
  });
  afterAll(() => cluster?.stop());

  const expectValid = (flag: unknown, where: string) => {
    expect(validate(flag), `${where} must be valid against your own schema: ${schemaErrors(validate)}`).toBe(true);
  };

  test('GET /schemas/flag.json compiles in Ajv (2020-12, strict), accepts a complete flag and refuses broken ones', async () => {
    validate = await learnerSchema(api);
    expectValid(fullFlag('schema-check'), "the README's example flag");
    const accepted = BAD_PAYLOADS.filter((bad) => bad.schemaRejects && validate(bad.flag)).map((bad) => bad.what);
    expect(
      accepted,
      'your schema accepts these broken flags; describe the flag precisely (types, enums, required)',
    ).toEqual([]);
  });

  test('POST, GET, PUT, PATCH and DELETE /flags/:key round-trip (what you send is what you get, plus version and updatedAt)', async () => {
    validate ??= await learnerSchema(api);
    const flag = fullFlag('checkout');
    const created = await api.post('/flags', { token: acme.editor, body: flag });
    expect(created.status, `creating a flag must answer 201\n  ${created.shown}`).toBe(201);
    const body = created.json as FlagDoc;
    expect(withoutServiceFields(body), `POST /flags must answer the flag as sent\n  ${created.shown}`).toEqual(flag);
    expect(Number.isInteger(body.version), `the created flag must carry an integer version\n  ${created.shown}`).toBe(
      true,
    );
    expect(Number.isNaN(Date.parse(String(body.updatedAt))), `updatedAt must be an ISO time\n  ${created.shown}`).toBe(
      false,
    );
    expectValid(body, 'the flag POST /flags answered');

    const read = await api.get('/flags/checkout', { token: acme.viewer });
    expect(read.status, `a viewer may read flags\n  ${read.shown}`).toBe(200);
    expect(withoutServiceFields(read.json), `GET must return what was created\n  ${read.shown}`).toEqual(flag);

    const replaced = { ...flag, description: 'replaced', rules: [], fallthrough: { variant: 'off' } };
    const put = await api.put('/flags/checkout', { token: acme.editor, body: replaced });
    expect(put.status, `PUT of an existing flag must answer 200\n  ${put.shown}`).toBe(200);
    const putVersion = (put.json as FlagDoc).version as number;
    expect(putVersion > (body.version as number), `PUT must raise the version\n  ${put.shown}`).toBe(true);
    const afterPut = await api.get('/flags/checkout', { token: acme.viewer });
    expect(withoutServiceFields(afterPut.json), `what you PUT is what you GET\n  ${afterPut.shown}`).toEqual(replaced);
    expectValid(afterPut.json, 'the flag GET answered after PUT');

    const patch = await api.patch('/flags/checkout', {
      token: acme.admin,
      body: { enabled: false, description: 'patched' },
    });
    expect(patch.status, `PATCH with some top-level fields must answer 200\n  ${patch.shown}`).toBe(200);
    expect(
      ((patch.json as FlagDoc).version as number) > putVersion,
      `PATCH must raise the version\n  ${patch.shown}`,
    ).toBe(true);
    const afterPatch = await api.get('/flags/checkout', { token: acme.viewer });
    expect(
      withoutServiceFields(afterPatch.json),
      `PATCH replaces the top-level fields it names and keeps the others\n  ${afterPatch.shown}`,
    ).toEqual({ ...replaced, enabled: false, description: 'patched' });

    await api.post('/flags', { token: acme.editor, body: booleanFlag('another') });
    const list = await api.get('/flags', { token: acme.viewer });
    const flags = (list.json as { flags?: FlagDoc[] } | undefined)?.flags;
    expect(Array.isArray(flags), `GET /flags must answer {"flags": [...]}\n  ${list.shown}`).toBe(true);
    expect((flags ?? []).map((f) => f.key).sort(), `GET /flags must list the tenant's flags\n  ${list.shown}`).toEqual([
      'another',
      'checkout',
    ]);
    for (const listed of flags ?? []) expectValid(listed, `flag ${listed.key} in GET /flags`);

    const deleted = await api.delete('/flags/checkout', { token: acme.editor });
    expect(deleted.status, `DELETE must answer 204\n  ${deleted.shown}`).toBe(204);
    const gone = await api.get('/flags/checkout', { token: acme.viewer });
    expect(gone.status, `a deleted flag must be 404\n  ${gone.shown}`).toBe(404);
  });

  test('invalid payloads get 400 with {errors: [{path, message}]} naming each bad field by JSON pointer, and create nothing', async () => {
    const problems: string[] = [];
    for (const bad of BAD_PAYLOADS) {
      const res = await api.post('/flags', { token: acme.editor, body: bad.flag });
      const errors = (res.json as { errors?: { path?: unknown }[] } | undefined)?.errors;
      const paths = Array.isArray(errors) ? errors.map((e) => e?.path) : [];
      const missing = bad.paths.filter((p) => !paths.includes(p));
      if (res.status !== 400 || missing.length) {
        problems.push(`${bad.what}: expected 400 with errors at ${bad.paths.join(' and ')}\n  ${res.shown}`);
      }
    }
    const list = await api.get('/flags', { token: acme.viewer });
    const keys = ((list.json as { flags?: FlagDoc[] } | undefined)?.flags ?? []).map((f) => f.key);
    const created = keys.filter((k) => String(k).startsWith('bad-'));
    if (created.length)
      problems.push(`refused payloads must create nothing, but these flags exist: ${created.join(', ')}`);
    const putBad = await api.put('/flags/another', {
      token: acme.editor,
      body: booleanFlag('another', { enabled: 'no' }),
    });
    if (putBad.status !== 400) problems.push(`PUT with enabled "no" must be 400\n  ${putBad.shown}`);
    const patchBad = await api.patch('/flags/another', { token: acme.editor, body: { offVariant: 'nope' } });
    if (patchBad.status !== 400)
      problems.push(`PATCH to an offVariant that names no variant must be 400\n  ${patchBad.shown}`);
    expect(problems, problems.join('\n')).toEqual([]);
  });

  test('a duplicate key is 409, an unknown key 404, a viewer gets 403 on every write and no token gets 401', async () => {
    const problems: string[] = [];
    const check = (what: string, status: number, res: { status: number; shown: string }) => {
      if (res.status !== status) problems.push(`${what} must be ${status}\n  ${res.shown}`);
    };
    await api.post('/flags', { token: acme.editor, body: booleanFlag('taken') });
    check(
      'creating a flag whose key exists',
      409,
      await api.post('/flags', { token: acme.admin, body: booleanFlag('taken') }),
    );
    check('GET of an unknown key', 404, await api.get('/flags/no-such-flag', { token: acme.viewer }));
    check(
      'PUT of an unknown key',
      404,
      await api.put('/flags/no-such-flag', { token: acme.editor, body: booleanFlag('no-such-flag') }),
    );
    check(
      'PATCH of an unknown key',
      404,
      await api.patch('/flags/no-such-flag', { token: acme.editor, body: { enabled: false } }),
    );
    check('DELETE of an unknown key', 404, await api.delete('/flags/no-such-flag', { token: acme.editor }));
    check(
      'a viewer creating a flag',
      403,
      await api.post('/flags', { token: acme.viewer, body: booleanFlag('viewer-made') }),
    );
    check(
      'a viewer replacing a flag',
      403,
      await api.put('/flags/taken', { token: acme.viewer, body: booleanFlag('taken', { enabled: false }) }),
    );
    check(
      'a viewer patching a flag',
      403,
      await api.patch('/flags/taken', { token: acme.viewer, body: { enabled: false } }),
    );
    check('a viewer deleting a flag', 403, await api.delete('/flags/taken', { token: acme.viewer }));
    check('GET /flags without a token', 401, await api.get('/flags'));
    check('POST /flags without a token', 401, await api.post('/flags', { body: booleanFlag('anonymous') }));
    const after = await api.get('/flags/taken', { token: acme.viewer });
    if (withoutServiceFields(after.json).enabled !== true)
      problems.push(`refused writes must change nothing\n  ${after.shown}`);
    expect(problems, problems.join('\n')).toEqual([]);
  });
});
