import { chooseImage, type ImageSource } from './choose-image.ts';
import { inspectImage } from './docker-cli.ts';
import { imageSpec, recipeDigest, SERVICES, type ServiceName } from './image-catalog.ts';

/** One dependency's images on this machine (`lab images list`, `lab doctor`). */
export interface ImageStatus {
  readonly service: ServiceName;
  /** The official image (default when the offline one is absent). */
  readonly image: string;
  readonly imagePresent: boolean;
  /** lab's offline equivalent, built by `lab images build`. */
  readonly offline: string;
  readonly offlinePresent: boolean;
  /** False when the offline image was built from an older recipe (`lab images build` rebuilds it). */
  readonly offlineCurrent: boolean;
  /** What a run would start, and why. */
  readonly uses: string;
  readonly usesSource: ImageSource;
  /** Whether that image is here (if not, Docker will try to pull it). */
  readonly usesPresent: boolean;
}

export async function listImages(services: readonly ServiceName[] = SERVICES): Promise<ImageStatus[]> {
  return Promise.all(
    services.map(async (service) => {
      const spec = imageSpec(service);
      const seen = new Map<string, Awaited<ReturnType<typeof inspectImage>>>();
      const inspect = async (tag: string) => {
        if (!seen.has(tag)) seen.set(tag, await inspectImage(tag));
        return seen.get(tag);
      };
      const choice = await chooseImage(spec, async (tag) => (await inspect(tag)) !== undefined);
      const offline = await inspect(spec.offline);
      return {
        service,
        image: spec.image,
        imagePresent: (await inspect(spec.image)) !== undefined,
        offline: spec.offline,
        offlinePresent: offline !== undefined,
        offlineCurrent: offline?.recipe === recipeDigest(service),
        uses: choice.image,
        usesSource: choice.source,
        usesPresent: choice.present,
      };
    }),
  );
}
