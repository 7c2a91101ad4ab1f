import type { ImageSpec } from './image-catalog.ts';

/** Why an image was chosen: an env override, lab's offline build, or the official image. */
export type ImageSource = 'env' | 'offline' | 'official';

export interface ImageChoice {
  readonly image: string;
  readonly source: ImageSource;
  /** Whether the image is on this machine already (if not, Docker will try to pull it). */
  readonly present: boolean;
}

/** `LAB_IMAGE_<NAME>` wins; then the offline image if it is on this machine; then the official image. */
export async function chooseImage(spec: ImageSpec, exists: (image: string) => Promise<boolean>): Promise<ImageChoice> {
  const override = process.env[spec.overrideVariable]?.trim();
  if (override) return { image: override, source: 'env', present: await exists(override) };
  if (await exists(spec.offline)) return { image: spec.offline, source: 'offline', present: true };
  return { image: spec.image, source: 'official', present: await exists(spec.image) };
}
