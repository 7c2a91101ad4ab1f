import { labSettings, labSettingsFile } from '../lab-settings.ts';
import type { ImageSpec } from './image-catalog.ts';

/** Why an image was chosen: an env override, the settings file, lab's offline build, or the official image. */
export type ImageSource = 'env' | 'settings' | 'offline' | 'official';

export interface ImageChoice {
  readonly image: string;
  readonly source: ImageSource;
  /** Whether the image is on this machine already (if not, Docker will try to pull it). */
  readonly present: boolean;
}

/**
 * `LAB_IMAGE_<NAME>` wins; then `images.<name>` of lab.settings.json; then the offline image if it is
 * on this machine; then the official image.
 */
export async function chooseImage(spec: ImageSpec, exists: (image: string) => Promise<boolean>): Promise<ImageChoice> {
  const override = process.env[spec.overrideVariable]?.trim();
  if (override) return { image: override, source: 'env', present: await exists(override) };
  const configured = labSettings().images?.[spec.service];
  if (configured) return { image: configured, source: 'settings', present: await exists(configured) };
  if (await exists(spec.offline)) return { image: spec.offline, source: 'offline', present: true };
  return { image: spec.image, source: 'official', present: await exists(spec.image) };
}

/** Where to change an image that was chosen from `source`. */
export const imageOrigin = (source: ImageSource, spec: ImageSpec): string =>
  source === 'env'
    ? spec.overrideVariable
    : source === 'settings'
      ? `images.${spec.service} in ${labSettingsFile()}`
      : '';
