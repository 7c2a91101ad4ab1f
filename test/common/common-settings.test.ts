import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { ROOT, runLab } from '../run-lab.ts';

interface Row {
  id: number;
  required: number;
  common: number;
  bonus: number;
  maxPoints: number;
}

/** Project 25's row of `lab list --json`, under the given class settings. */
async function project25(settings?: object): Promise<Row> {
  const env: Record<string, string> = { LAB_CURRICULUM: ROOT };
  if (settings) {
    env.LAB_SETTINGS = join(mkdtempSync(join(tmpdir(), 'lab-settings-')), 'lab.settings.json');
    writeFileSync(env.LAB_SETTINGS, JSON.stringify(settings));
  }
  const run = await runLab(['list', '--json'], env);
  expect(run.code, run.stderr).toBe(0);
  return (JSON.parse(run.stdout) as { projects: Row[] }).projects.find((p) => p.id === 25) as Row;
}

test('a graded project counts C1–C6; a class can weigh them, drop one, or switch them all off', async () => {
  const standard = await project25();
  expect(standard).toMatchObject({ required: 4, common: 6, bonus: 3 });

  const weighed = await project25({ common: { difficulty: { C1: 5, C2: 0 } } });
  expect(weighed.common).toBe(5);
  // C1 from 2 to 5 (+30 points), C2 (difficulty 1) gone (−10 points).
  expect(weighed.maxPoints).toBe(standard.maxPoints + 30 - 10);

  const off = await project25({ common: { enabled: false } });
  expect(off.common).toBe(0);
  expect(off.maxPoints).toBe(standard.maxPoints - 90);
});

test('a weight out of range is refused, naming the field', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'lab-settings-')), 'lab.settings.json');
  writeFileSync(file, JSON.stringify({ common: { difficulty: { C7: 1, C1: 9 } } }));
  const run = await runLab(['list'], { LAB_SETTINGS: file, LAB_CURRICULUM: ROOT });
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/common\.difficulty/);
});
