import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runLab } from '../run-lab.ts';

const settingsFile = (content: string): string => {
  const file = join(mkdtempSync(join(tmpdir(), 'lab-settings-')), 'lab.settings.json');
  writeFileSync(file, content);
  return file;
};

describe('lab.settings.json: class-wide image choices', () => {
  test('images.redis picks the image a run uses; LAB_IMAGE_REDIS still wins', async () => {
    const LAB_SETTINGS = settingsFile(JSON.stringify({ images: { redis: 'school.example/redis:7.0' } }));
    const listed = await runLab(['images', 'list', '--json'], { LAB_SETTINGS });
    expect(listed.code, listed.stderr).toBe(0);
    const redis = JSON.parse(listed.stdout).images.find((i: { service: string }) => i.service === 'redis');
    expect(redis).toMatchObject({ uses: 'school.example/redis:7.0', usesSource: 'settings', usesPresent: false });

    const env = await runLab(['images', 'list', '--json'], { LAB_SETTINGS, LAB_IMAGE_REDIS: 'mine/redis:1' });
    expect(JSON.parse(env.stdout).images[0]).toMatchObject({ uses: 'mine/redis:1', usesSource: 'env' });
  });

  test('an unknown field or a file that is not JSON is a clear error naming the file', async () => {
    const unknown = settingsFile(JSON.stringify({ images: { redis: 'x' }, imagez: {} }));
    const bad = await runLab(['images', 'list'], { LAB_SETTINGS: unknown });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(unknown);
    expect(bad.stderr).toMatch(/imagez/);

    const notJson = await runLab(['images', 'list'], { LAB_SETTINGS: settingsFile('{ images: ') });
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/not valid JSON/);

    const missing = await runLab(['images', 'list'], { LAB_SETTINGS: '/nonexistent/lab.settings.json' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/does not exist/);
  });
});
