import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion, invoke, lab } from '../../../harness/grading/grader-kit.ts';
import { pollApi } from './support/api-poller.ts';
import { progressLines, writeMigrations } from './support/migrations.ts';
import { type Saas, startSaas } from './support/start-saas.ts';
import { expectStatus, idOf, onboard, type Tenant } from './support/tenants.ts';

criterion('B1', 'Tenant migrations automation', () => {
  let saas: Saas;
  let tenants: Tenant[];
  let poisonProject = '';
  const dir = () => join(lab().workDir, 'b1-migrations');

  beforeAll(async () => {
    saas = await startSaas('b1');
    tenants = [
      await onboard(saas.api, 'one-b1', 'pro'),
      await onboard(saas.api, 'two-b1', 'pro'),
      await onboard(saas.api, 'three-b1', 'pro'),
    ];
    for (const [i, tenant] of tenants.entries()) {
      for (const name of ['alpha', i === 1 ? 'poison' : 'beta']) {
        const id = idOf(
          await expectStatus(
            'POST /projects',
            saas.api.post('/projects', { token: tenant.admin, body: { name } }),
            201,
          ),
        );
        if (name === 'poison') poisonProject = id;
      }
    }
    await writeMigrations(dir());
  });
  afterAll(() => saas?.stop());

  const namesOf = async (tenant: Tenant): Promise<string[]> => {
    const res = await saas.api.get('/projects', { token: tenant.admin });
    expect(res.status, res.shown).toBe(200);
    return (res.json as { name: string }[]).map((p) => p.name).sort();
  };

  /** Runs migrate while polling the API; the API must answer every poll. */
  const migrate = async (args: string[]) => {
    const poller = pollApi(saas.api, '/projects', (tenants[0] as Tenant).admin);
    const result = await invoke('migrate', ['--dir', dir(), ...args], { env: saas.env, timeoutMs: 120_000 });
    const seen = await poller.stop();
    expect(
      seen.failed,
      `the API must keep serving while migrate runs; failed polls:\n  ${seen.failed.slice(0, 3).join('\n  ')}`,
    ).toEqual([]);
    const lines = progressLines(`${result.stdout}\n${result.stderr}`);
    for (const line of lines) {
      expect(
        line,
        `every progress line has {tenant, migration, direction, status, ms}: ${JSON.stringify(line)}`,
      ).toMatchObject({
        tenant: expect.any(String),
        migration: expect.any(String),
        direction: expect.stringMatching(/^(up|down)$/),
        status: expect.any(String),
        ms: expect.any(Number),
      });
    }
    return { result, lines };
  };

  test('a failing tenant is rolled back, named, and stops the run; a rerun finishes the others without applying anything twice; --down restores the data', async () => {
    const [one, two, three] = tenants as [Tenant, Tenant, Tenant];
    const first = await migrate([]);
    expect(
      first.result.exitCode,
      `migrate must exit non-zero when a tenant's migration fails\n  stdout: ${first.result.stdout.slice(-800)}`,
    ).not.toBe(0);
    const failed = first.lines.find((l) => l.tenant === two.id && l.status === 'failed');
    expect(
      failed,
      `a progress line {tenant: ${two.id}, status: "failed"} names the tenant whose migration failed; lines: ${JSON.stringify(first.lines)}`,
    ).toBeDefined();
    expect(failed?.migration, 'the failing migration is 002').toMatch(/002/);
    expect(
      await namesOf(two),
      "the failing tenant's step 002 must be rolled back as a whole (its 001 may stay)",
    ).toSatisfy((names: string[]) => names.every((n) => !n.endsWith(' v3')));
    for (const tenant of [one, three]) {
      const names = await namesOf(tenant);
      const applied002 = first.lines.some(
        (l) => l.tenant === tenant.id && String(l.migration).includes('002') && l.status !== 'failed',
      );
      for (const name of names) {
        expect(name, `${tenant.name}: each migration applies once`).toMatch(
          applied002 ? /^(alpha|beta) v2 v3$/ : /^(alpha|beta)( v2)?$/,
        );
      }
    }

    // The operator fixes the tenant's data and reruns: everything converges, nothing runs twice.
    const renamed = (await namesOf(two)).find((n) => n.startsWith('poison'))?.replace('poison', 'gamma') ?? 'gamma v2';
    await expectStatus(
      'renaming the poison project',
      saas.api.patch(`/projects/${poisonProject}`, { token: two.admin, body: { name: renamed } }),
      200,
    );
    const second = await migrate([]);
    expect(second.result.exitCode, `the rerun must succeed\n  stdout: ${second.result.stdout.slice(-800)}`).toBe(0);
    expect(await namesOf(one)).toEqual(['alpha v2 v3', 'beta v2 v3']);
    expect(await namesOf(two)).toEqual(['alpha v2 v3', 'gamma v2 v3']);
    expect(await namesOf(three)).toEqual(['alpha v2 v3', 'beta v2 v3']);

    const down = await migrate(['--down']);
    expect(down.result.exitCode, `migrate --down must succeed\n  stdout: ${down.result.stdout.slice(-800)}`).toBe(0);
    for (const tenant of tenants) {
      expect(
        down.lines.some((l) => l.tenant === tenant.id && l.direction === 'down'),
        `a down progress line for ${tenant.name}`,
      ).toBe(true);
    }
    expect(await namesOf(one), 'after --down every tenant is back at version 001').toEqual(['alpha v2', 'beta v2']);
    expect(await namesOf(two)).toEqual(['alpha v2', 'gamma v2']);
    expect(await namesOf(three)).toEqual(['alpha v2', 'beta v2']);
  });
});
