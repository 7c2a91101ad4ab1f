import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion } from '../../../harness/grading/grader-kit.ts';
import { applyJsonPatch } from './support/apply-json-patch.ts';
import type { FlagsClient } from './support/http-client.ts';
import { booleanFlag, type FlagDoc, fullFlag, withoutServiceFields } from './support/sample-flags.ts';
import { type FlagsCluster, sleep, startFlags } from './support/start-flags.ts';
import { tokenFor } from './support/tokens.ts';

const TENANT = 'acme-r4';

interface AuditEntry {
  id: unknown;
  at: string;
  actor: string;
  tenant: string;
  action: string;
  flagKey: string;
  diff: unknown;
}

interface AuditPage {
  entries: AuditEntry[];
  nextCursor: string | null;
}

criterion('R4', 'Audit log', () => {
  let cluster: FlagsCluster;
  let api: FlagsClient;
  const tokens: Record<'alice' | 'bob' | 'carol' | 'other', string> = { alice: '', bob: '', carol: '', other: '' };

  beforeAll(async () => {
    cluster = await startFlags('r4', 1);
    api = cluster.clients[0] as FlagsClient;
    tokens.alice = await tokenFor('alice', TENANT, 'editor');
    tokens.bob = await tokenFor('bob', TENANT, 'admin');
    tokens.carol = await tokenFor('carol', TENANT, 'viewer');
    tokens.other = await tokenFor('alice', 'globex-r4', 'admin');
  });
  afterAll(() => cluster?.stop());

  const audit = async (query: string, token = tokens.carol): Promise<AuditPage> => {
    const res = await api.get(`/audit${query}`, { token });
    const page = res.json as Partial<AuditPage> | undefined;
    expect(
      res.status === 200 && Array.isArray(page?.entries) && page && 'nextCursor' in page,
      `GET /audit${query} must answer 200 {entries: [...], nextCursor}\n  ${res.shown}`,
    ).toBe(true);
    return page as AuditPage;
  };

  const change = async (what: string, call: Promise<{ status: number; shown: string }>, status: number) => {
    const res = await call;
    expect(res.status, `${what} must work (R1)\n  ${res.shown}`).toBe(status);
  };

  test('create, update and delete each append {id, at, actor (sub), tenant, action, flagKey, diff}; replaying the diffs (RFC 6902) rebuilds every state', async () => {
    const states: FlagDoc[] = [];
    const snapshot = async () => {
      const res = await api.get('/flags/audited', { token: tokens.carol });
      states.push(res.status === 404 ? {} : withoutServiceFields(res.json));
    };
    const startedAt = Date.now();
    await change('creating a flag', api.post('/flags', { token: tokens.alice, body: fullFlag('audited') }), 201);
    await snapshot();
    const replaced = {
      ...fullFlag('audited'),
      description: 'replaced',
      rules: (fullFlag('x').rules as unknown[]).slice(1),
    };
    await change('replacing a flag', api.put('/flags/audited', { token: tokens.bob, body: replaced }), 200);
    await snapshot();
    await change(
      'patching a flag',
      api.patch('/flags/audited', {
        token: tokens.alice,
        body: { enabled: false, variants: { on: 1, off: 0, beta: 2 } },
      }),
      200,
    );
    await snapshot();
    await change('deleting a flag', api.delete('/flags/audited', { token: tokens.bob }), 204);
    await snapshot();
    const endedAt = Date.now();

    const { entries } = await audit('?flagKey=audited');
    const shown = JSON.stringify(entries, null, 1).slice(0, 1500);
    expect(
      entries.map((e) => e.action),
      `four changes, newest first:\n${shown}`,
    ).toEqual(['delete', 'update', 'update', 'create']);
    expect(
      entries.map((e) => e.actor),
      `the actor is the token's sub:\n${shown}`,
    ).toEqual(['bob', 'alice', 'bob', 'alice']);
    expect(new Set(entries.map((e) => e.tenant)), `the tenant is the token's tenant:\n${shown}`).toEqual(
      new Set([TENANT]),
    );
    expect(new Set(entries.map((e) => String(e.id))).size, `every entry has its own id:\n${shown}`).toBe(4);
    for (const entry of entries) {
      const at = Date.parse(entry.at);
      expect(
        at >= startedAt - 2_000 && at <= endedAt + 2_000,
        `at must be the time of the change (ISO 8601): ${entry.at}`,
      ).toBe(true);
      expect(entry.flagKey).toBe('audited');
    }
    let doc: unknown = {};
    for (const [i, entry] of [...entries].reverse().entries()) {
      doc = applyJsonPatch(doc, entry.diff);
      expect(
        doc,
        `applying the diff of the ${entry.action} entry (#${i + 1}) to the previous state must give the flag as it then was (without version and updatedAt)`,
      ).toEqual(states[i]);
    }
  });

  test('refused and failed changes add no entry', async () => {
    await change('creating a flag', api.post('/flags', { token: tokens.alice, body: booleanFlag('kept') }), 201);
    const before = await audit('?limit=100');
    const attempts = [
      api.post('/flags', { token: tokens.carol, body: booleanFlag('viewer-made') }),
      api.post('/flags', { body: booleanFlag('anonymous') }),
      api.post('/flags', { token: tokens.alice, body: booleanFlag('kept') }),
      api.post('/flags', { token: tokens.alice, body: booleanFlag('broken', { enabled: 'yes' }) }),
      api.put('/flags/kept', { token: tokens.carol, body: booleanFlag('kept', { enabled: false }) }),
      api.put('/flags/nowhere', { token: tokens.alice, body: booleanFlag('nowhere') }),
      api.patch('/flags/kept', { token: tokens.alice, body: { offVariant: 'nope' } }),
      api.delete('/flags/kept', { token: tokens.carol }),
      api.delete('/flags/nowhere', { token: tokens.bob }),
    ];
    const statuses = [];
    for (const attempt of attempts) statuses.push((await attempt).status);
    expect(
      statuses.filter((s) => s < 400),
      'every one of these changes must be refused (R1)',
    ).toEqual([]);
    const after = await audit('?limit=100');
    const added = after.entries.filter((e) => !before.entries.some((b) => String(b.id) === String(e.id)));
    expect(added, 'refused changes must not be audited').toEqual([]);
  });

  test('GET /audit filters by flagKey, actor, since (inclusive) and until (exclusive), pages with limit and nextCursor, and shows one tenant only', async () => {
    await change('creating a flag', api.post('/flags', { token: tokens.alice, body: booleanFlag('early') }), 201);
    await sleep(400);
    const middle = new Date().toISOString();
    await sleep(400);
    await change('creating a flag', api.post('/flags', { token: tokens.bob, body: booleanFlag('late') }), 201);
    await change(
      'patching a flag',
      api.patch('/flags/late', { token: tokens.bob, body: { description: 'later' } }),
      200,
    );

    const since = await audit(`?since=${encodeURIComponent(middle)}`);
    expect(
      since.entries.map((e) => `${e.action} ${e.flagKey}`),
      `since=${middle}`,
    ).toEqual(['update late', 'create late']);
    const until = await audit(`?until=${encodeURIComponent(middle)}&flagKey=early`);
    expect(
      until.entries.map((e) => `${e.action} ${e.flagKey}`),
      `until=${middle}&flagKey=early`,
    ).toEqual(['create early']);
    const none = await audit(`?since=${encodeURIComponent(middle)}&flagKey=early`);
    expect(none.entries, `since=${middle}&flagKey=early`).toEqual([]);
    const bob = await audit('?actor=bob');
    expect(bob.entries.length > 0 && bob.entries.every((e) => e.actor === 'bob'), 'actor=bob lists only bob').toBe(
      true,
    );

    const all = await audit('?limit=100');
    const paged: AuditEntry[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const page: AuditPage = await audit(`?limit=2${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`);
      expect(page.entries.length <= 2, 'a page has at most limit entries').toBe(true);
      paged.push(...page.entries);
      cursor = page.nextCursor;
      if (cursor === null) break;
    }
    expect(
      paged.map((e) => String(e.id)),
      'following nextCursor with limit=2 must give every entry once, newest first',
    ).toEqual(all.entries.map((e) => String(e.id)));
    const times = all.entries.map((e) => Date.parse(e.at));
    expect(times, 'entries are newest first').toEqual([...times].sort((x, y) => y - x));

    const otherTenant = await audit('', tokens.other);
    expect(otherTenant.entries, "another tenant must not see this tenant's audit").toEqual([]);
  });

  test('no route changes or deletes an entry', async () => {
    const before = await audit('?limit=100');
    const first = before.entries[0];
    expect(first, 'the log must have entries by now').toBeDefined();
    const id = encodeURIComponent(String(first?.id));
    const tries = [
      api.delete(`/audit/${id}`, { token: tokens.bob }),
      api.put(`/audit/${id}`, { token: tokens.bob, body: { ...first, actor: 'mallory' } }),
      api.patch(`/audit/${id}`, { token: tokens.bob, body: { actor: 'mallory' } }),
      api.delete('/audit', { token: tokens.bob }),
      api.post('/audit', { token: tokens.bob, body: { ...first, id: undefined, actor: 'mallory' } }),
    ];
    const accepted = [];
    for (const attempt of tries) {
      const res = await attempt;
      if (res.status < 400) accepted.push(res.shown);
    }
    expect(accepted, 'the audit log is append-only: these requests were accepted').toEqual([]);
    const after = await audit('?limit=100');
    expect(after.entries, 'the audit log changed').toEqual(before.entries);
  });
});
