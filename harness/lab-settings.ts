import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { LabError } from './errors.ts';
import { COMMON_CRITERION_IDS } from './manifest/exercise-schema.ts';
import { LAB_ROOT } from './paths.ts';
import { SERVICES } from './services/image-catalog.ts';

/**
 * Class-wide settings a teacher (or a machine) keeps next to lab: `<lab>/lab.settings.json`, or the
 * file `LAB_SETTINGS` names. Not to be confused with a project's own `lab.config.json`, where a
 * learner changes how their program is run. Every field is optional; unknown fields are errors.
 */
export const labSettingsSchema = z.strictObject({
  $schema: z.string().optional(),
  /** Image per service, e.g. `{ "redis": "registry.example.edu/redis:7.0" }`; `LAB_IMAGE_<NAME>` still wins. */
  images: z.partialRecord(z.enum(SERVICES), z.string().trim().min(1)).optional(),
  /** The common criteria C1–C6 (docs/common-criteria.md): on by default; a difficulty of 0 switches one off. */
  common: z
    .strictObject({
      enabled: z.boolean().default(true),
      difficulty: z.partialRecord(z.enum(COMMON_CRITERION_IDS), z.number().int().min(0).max(5)).default({}),
    })
    .optional(),
});
export type LabSettings = z.infer<typeof labSettingsSchema>;

/** Where the settings are read from. */
export const labSettingsFile = (): string => resolve(process.env.LAB_SETTINGS ?? join(LAB_ROOT, 'lab.settings.json'));

let cached: { file: string; settings: LabSettings } | undefined;

/** The settings, read once per process; none when the file does not exist (unless LAB_SETTINGS names it). */
export function labSettings(): LabSettings {
  const file = labSettingsFile();
  if (cached?.file === file) return cached.settings;
  if (!existsSync(file)) {
    if (process.env.LAB_SETTINGS) {
      throw new LabError(`LAB_SETTINGS names ${file}, which does not exist`, {
        next: 'Fix the path, or unset LAB_SETTINGS to use lab.settings.json next to lab (optional).',
      });
    }
    return {};
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new LabError(`${file} is not valid JSON: ${(error as Error).message}`, {
      next: 'Fix the file (it holds class-wide settings such as service images), or remove it.',
    });
  }
  const parsed = labSettingsSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ');
    throw new LabError(`${file} is invalid: ${problems}`, {
      next: `Known fields: ${SERVICES.map((s) => `images.${s}`).join(', ')} (docs/architecture.md, "Settings"), common.enabled, common.difficulty.C1…C6 (docs/common-criteria.md).`,
    });
  }
  cached = { file, settings: parsed.data };
  return parsed.data;
}
