import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion } from '../../../harness/grading/grader-kit.ts';
import {
  differences,
  type Evaluated,
  evaluate,
  singleVariantsOf,
  syntheticUsers,
  variantsOf,
} from './support/evaluate-users.ts';
import type { FlagsClient } from './support/http-client.ts';
import { booleanFlag, rolloutFlag } from './support/sample-flags.ts';
import { type FlagsCluster, startFlags } from './support/start-flags.ts';
import { type TenantTokens, tenantTokens } from './support/tokens.ts';

const USERS = syntheticUsers(10_000);
/** Every 10th user: what other instances and restarted ones must answer identically. */
const SAMPLE = USERS.filter((_, i) => i % 10 === 0);

const share = (answers: Map<string, Evaluated>, variant: string) =>
  (100 * [...answers.values()].filter((a) => a.variant === variant).length) / answers.size;

const failedAnswers = (answers: Map<string, Evaluated>): string[] =>
  [...answers.values()].filter((a) => a.status !== 200).map((a) => a.shown);

/** Rules in order, first match wins; clauses of one rule must all match. */
const ORDERED_RULES = booleanFlag('ordered', {
  variants: { 'de-beta': 'de-beta', de: 'de', eu: 'eu', adult: 'adult', other: 'other' },
  offVariant: 'other',
  rules: [
    {
      id: 'de-beta',
      clauses: [
        { attribute: 'country', op: 'eq', values: ['DE'] },
        { attribute: 'beta', op: 'eq', values: [true] },
      ],
      serve: { variant: 'de-beta' },
    },
    { id: 'de', clauses: [{ attribute: 'country', op: 'eq', values: ['DE'] }], serve: { variant: 'de' } },
    { id: 'eu', clauses: [{ attribute: 'country', op: 'in', values: ['DE', 'FR'] }], serve: { variant: 'eu' } },
    { id: 'adult', clauses: [{ attribute: 'age', op: 'gte', values: [18] }], serve: { variant: 'adult' } },
  ],
  fallthrough: { variant: 'other' },
});

/** Negative ops on a missing attribute: they must not match either. */
const NEGATIVE_OPS = booleanFlag('negatives', {
  variants: { paid: 'paid', none: 'none' },
  offVariant: 'none',
  rules: [
    { id: 'neq', clauses: [{ attribute: 'plan', op: 'neq', values: ['free'] }], serve: { variant: 'paid' } },
    { id: 'not-in', clauses: [{ attribute: 'tier', op: 'not_in', values: ['free'] }], serve: { variant: 'paid' } },
  ],
  fallthrough: { variant: 'none' },
});

const RULE_CASES: { flag: string; attributes: Record<string, unknown>; variant: string; reason: string }[] = [
  { flag: 'ordered', attributes: { country: 'DE', beta: true, age: 30 }, variant: 'de-beta', reason: 'RULE_MATCH' },
  { flag: 'ordered', attributes: { country: 'DE', beta: false, age: 30 }, variant: 'de', reason: 'RULE_MATCH' },
  { flag: 'ordered', attributes: { country: 'FR', age: 30 }, variant: 'eu', reason: 'RULE_MATCH' },
  { flag: 'ordered', attributes: { country: 'US', age: 30 }, variant: 'adult', reason: 'RULE_MATCH' },
  { flag: 'ordered', attributes: { country: 'US', age: 12 }, variant: 'other', reason: 'FALLTHROUGH' },
  { flag: 'ordered', attributes: {}, variant: 'other', reason: 'FALLTHROUGH' },
  { flag: 'ordered', attributes: { age: '30' }, variant: 'other', reason: 'FALLTHROUGH' },
  { flag: 'negatives', attributes: {}, variant: 'none', reason: 'FALLTHROUGH' },
  { flag: 'negatives', attributes: { plan: 'free' }, variant: 'none', reason: 'FALLTHROUGH' },
  { flag: 'negatives', attributes: { plan: 'pro' }, variant: 'paid', reason: 'RULE_MATCH' },
  { flag: 'negatives', attributes: { tier: 'gold' }, variant: 'paid', reason: 'RULE_MATCH' },
];

criterion('R2', 'Evaluation engine', () => {
  let cluster: FlagsCluster;
  let clients: FlagsClient[];
  let acme: TenantTokens;
  let firstRun: Map<string, Evaluated>;

  beforeAll(async () => {
    cluster = await startFlags('r2', 2);
    clients = cluster.clients;
    acme = await tenantTokens('acme-r2');
    const a = clients[0] as FlagsClient;
    for (const flag of [
      rolloutFlag('split-30', 30),
      rolloutFlag('none-0', 0),
      rolloutFlag('all-100', 100),
      rolloutFlag('grow', 10),
      ORDERED_RULES,
      NEGATIVE_OPS,
    ]) {
      const res = await a.post('/flags', { token: acme.editor, body: flag });
      if (res.status !== 201) throw new Error(`creating the grader's flags must work first (R1)\n  ${res.shown}`);
    }
  });
  afterAll(() => cluster?.stop());

  test('a 30/70 rollout puts 30 ± 2 % of 10,000 synthetic users in the first variant, each answered {variant, value, reason: ROLLOUT}', async () => {
    firstRun = await variantsOf(clients[0] as FlagsClient, acme.viewer, 'split-30', USERS);
    expect(failedAnswers(firstRun).slice(0, 3), 'POST /evaluate must answer 200 for an existing flag').toEqual([]);
    const wrong = [...firstRun.values()].filter(
      (a) =>
        a.reason !== 'ROLLOUT' ||
        !((a.variant === 'treatment' && a.value === 'T') || (a.variant === 'control' && a.value === 'C')),
    );
    expect(
      wrong.slice(0, 3).map((a) => a.shown),
      'a fallthrough rollout answers reason ROLLOUT and the value of the variant served',
    ).toEqual([]);
    const treatment = share(firstRun, 'treatment');
    expect(
      Math.abs(treatment - 30),
      `treatment got ${treatment.toFixed(2)} % of 10,000 users, expected 30 ± 2`,
    ).toBeLessThanOrEqual(2);
  });

  test('every instance gives every user the same variant, through /evaluate and /evaluate/batch alike', async () => {
    firstRun ??= await variantsOf(clients[0] as FlagsClient, acme.viewer, 'split-30', USERS);
    for (const [i, client] of clients.entries()) {
      // Instance a again (same process) and instance b (another process).
      const again = await variantsOf(client, acme.viewer, 'split-30', USERS);
      const diff = differences(firstRun, again);
      expect(
        diff,
        `instance ${'ab'[i]} answered other variants than instance a did for the same users (bucket with a stable hash of flag key and user id, never Math.random):\n  ${diff.join('\n  ')}`,
      ).toEqual([]);
    }
    const singles = await singleVariantsOf(clients[1] as FlagsClient, acme.viewer, 'split-30', SAMPLE.slice(0, 200));
    expect(failedAnswers(singles).slice(0, 3), 'POST /evaluate must answer 200 for an existing flag').toEqual([]);
    const diff = differences(new Map(SAMPLE.slice(0, 200).map((u) => [u, firstRun.get(u) as Evaluated])), singles);
    expect(diff, `POST /evaluate and POST /evaluate/batch disagree:\n  ${diff.join('\n  ')}`).toEqual([]);
  });

  test('0 % never serves, 100 % always serves', async () => {
    const users = USERS.slice(0, 2_000);
    const none = await variantsOf(clients[1] as FlagsClient, acme.viewer, 'none-0', users);
    const all = await variantsOf(clients[0] as FlagsClient, acme.viewer, 'all-100', users);
    expect(share(none, 'treatment'), 'a 0 % rollout must serve its variant to nobody').toBe(0);
    expect(share(all, 'treatment'), 'a 100 % rollout must serve its variant to everybody').toBe(100);
  });

  test('raising a rollout from 10 % to 20 % keeps every user of the first 10 % in, and lands at 20 ± 2 %', async () => {
    const users = USERS;
    const a = clients[0] as FlagsClient;
    const before = await variantsOf(a, acme.viewer, 'grow', users);
    const raised = await a.patch('/flags/grow', {
      token: acme.editor,
      body: { fallthrough: { rollout: { treatment: 20, control: 80 } } },
    });
    expect(raised.status, `raising the rollout with PATCH must work (R1)\n  ${raised.shown}`).toBe(200);
    const after = await variantsOf(a, acme.viewer, 'grow', users);
    const left = users.filter((u) => before.get(u)?.variant === 'treatment' && after.get(u)?.variant !== 'treatment');
    expect(
      left.slice(0, 5),
      `${left.length} users were in the 10 % rollout and are out of the 20 % one (give variants fixed cumulative bucket ranges)`,
    ).toEqual([]);
    const grown = share(after, 'treatment');
    expect(
      Math.abs(grown - 20),
      `after raising to 20 %, treatment got ${grown.toFixed(2)} % of 10,000 users`,
    ).toBeLessThanOrEqual(2);
  });

  test('rules apply in order and the first match wins; a clause on a missing attribute does not match (also neq and not_in)', async () => {
    const wrong: string[] = [];
    for (const [i, c] of RULE_CASES.entries()) {
      const got = await evaluate(clients[i % 2] as FlagsClient, acme.viewer, c.flag, `rules-user-${i}`, c.attributes);
      if (got.status !== 200 || got.variant !== c.variant || got.reason !== c.reason) {
        wrong.push(`attributes ${JSON.stringify(c.attributes)}: expected ${c.variant} (${c.reason})\n  ${got.shown}`);
      }
    }
    expect(wrong, wrong.join('\n')).toEqual([]);
  });

  test('a disabled flag serves its off variant (reason DISABLED); an unknown flag is 404 with reason FLAG_NOT_FOUND', async () => {
    const a = clients[0] as FlagsClient;
    const off = await a.patch('/flags/all-100', { token: acme.editor, body: { enabled: false } });
    expect(off.status, `disabling with PATCH must work (R1)\n  ${off.shown}`).toBe(200);
    const disabled = await evaluate(a, acme.viewer, 'all-100', 'user-1');
    expect(
      { status: disabled.status, variant: disabled.variant, value: disabled.value, reason: disabled.reason },
      `a disabled flag serves offVariant\n  ${disabled.shown}`,
    ).toEqual({ status: 200, variant: 'control', value: 'C', reason: 'DISABLED' });
    const unknown = await evaluate(a, acme.viewer, 'no-such-flag', 'user-1');
    expect({ status: unknown.status, reason: unknown.reason }, `an unknown flag\n  ${unknown.shown}`).toEqual({
      status: 404,
      reason: 'FLAG_NOT_FOUND',
    });
  });

  test('after every instance restarts, users keep their variants', async () => {
    firstRun ??= await variantsOf(clients[0] as FlagsClient, acme.viewer, 'split-30', USERS);
    clients = await cluster.restartAll();
    for (const [i, client] of clients.entries()) {
      const again = await variantsOf(client, acme.viewer, 'split-30', USERS);
      const diff = differences(firstRun, again);
      expect(
        diff,
        `after a restart, instance ${'ab'[i]} moved users to other variants:\n  ${diff.join('\n  ')}`,
      ).toEqual([]);
    }
  });
});
