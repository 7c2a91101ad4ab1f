import { execFileSync } from 'node:child_process';

/** Ids of the containers (running or not) carrying a label, e.g. `dev.lab.run=<runId>`. */
export const containersWithLabel = (label: string): string[] =>
  execFileSync('docker', ['ps', '-aq', '--filter', `label=${label}`], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);

/** Whether lab's offline images are here: the suite builds nothing, it needs `lab images build` first. */
export const offlineImagesPresent = (): boolean => {
  try {
    const images = ['redis:7.0', 'postgres:15', 'rabbitmq:3.10', 'toxiproxy:2.12.0', 'kafka:4.1.1'];
    execFileSync('docker', ['image', 'inspect', ...images.map((image) => `lab/${image}-bookworm`)], {
      stdio: 'ignore',
    });
    return true;
  } catch {
    return false;
  }
};
