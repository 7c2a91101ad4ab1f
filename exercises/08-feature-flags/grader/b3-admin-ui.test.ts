import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion } from '../../../harness/grading/grader-kit.ts';
import { type Browser, launchChromium } from './support/headless-chromium.ts';
import type { FlagsClient } from './support/http-client.ts';
import { booleanFlag, type FlagDoc } from './support/sample-flags.ts';
import { type FlagsCluster, sleep, startFlags } from './support/start-flags.ts';
import { type TenantTokens, tenantTokens } from './support/tokens.ts';

/** Chromium on a loaded 2-core machine: a page with two fetches can take seconds. */
const UI_TIMEOUT_MS = 15_000;

criterion('B3', 'Admin UI', () => {
  let cluster: FlagsCluster;
  let api: FlagsClient;
  let acme: TenantTokens;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
    cluster = await startFlags('b3', 1);
    api = cluster.clients[0] as FlagsClient;
    acme = await tenantTokens('acme-b3');
    for (const key of ['ui-flag', 'other-flag']) {
      const res = await api.post('/flags', { token: acme.admin, body: booleanFlag(key) });
      if (res.status !== 201) throw new Error(`creating the grader's flags must work first (R1)\n  ${res.shown}`);
    }
  });
  afterAll(async () => {
    await browser?.close().catch(() => {});
    await cluster?.stop();
  });

  const enabledOf = async (key: string) =>
    ((await api.get(`/flags/${key}`, { token: acme.viewer })).json as FlagDoc).enabled;

  test('an editor switches a flag with [data-flag=<key>] [data-testid=toggle], and [data-testid=audit] then lists the change with the actor', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${cluster.instances[0]?.url}/admin?token=${encodeURIComponent(acme.editor)}`);
      await page.locator('[data-flag="ui-flag"] [data-testid=toggle]').click({ timeout: UI_TIMEOUT_MS });
      const deadline = Date.now() + UI_TIMEOUT_MS;
      while ((await enabledOf('ui-flag')) !== false && Date.now() < deadline) await sleep(200);
      expect(await enabledOf('ui-flag'), 'clicking the toggle of an enabled flag must disable it through the API').toBe(
        false,
      );
      expect(await enabledOf('other-flag'), 'only the flag whose toggle was clicked changes').toBe(true);
      let audit = '';
      while (Date.now() < deadline) {
        audit = (await page.locator('[data-testid=audit]').textContent({ timeout: UI_TIMEOUT_MS })) ?? '';
        if (audit.includes('ui-flag') && audit.includes('acme-b3-editor')) break;
        await sleep(200);
      }
      expect(
        audit,
        'after the change, [data-testid=audit] must list it with its flag key and the actor (the token sub, acme-b3-editor)',
      ).toContain('acme-b3-editor');
      expect(audit).toContain('ui-flag');
    } finally {
      await page.close();
    }
  });

  test("a viewer's toggle is disabled, and the API refuses the change if called anyway", async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${cluster.instances[0]?.url}/admin?token=${encodeURIComponent(acme.viewer)}`);
      const toggle = page.locator('[data-flag="other-flag"] [data-testid=toggle]');
      await page.waitForSelector('[data-flag="other-flag"] [data-testid=toggle]', { timeout: UI_TIMEOUT_MS });
      expect(await toggle.isDisabled({ timeout: UI_TIMEOUT_MS }), "a viewer's toggle must be disabled").toBe(true);
    } finally {
      await page.close();
    }
    const forced = await api.patch('/flags/other-flag', { token: acme.viewer, body: { enabled: false } });
    expect(forced.status, `the API must refuse a viewer's change\n  ${forced.shown}`).toBe(403);
    expect(await enabledOf('other-flag'), 'the flag is unchanged').toBe(true);
  });
});
