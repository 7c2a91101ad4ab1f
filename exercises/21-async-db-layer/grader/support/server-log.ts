import { execFile } from 'node:child_process';
import { lab } from '../../../../harness/grading/grader-kit.ts';

/**
 * What the run's Postgres container wrote to its log since `sinceMs` (epoch ms): the server logs to
 * stderr, and `docker logs --since` cuts the window, so a warm container's long history is not read.
 */
export function serverLogSince(sinceMs: number): Promise<string> {
  const service = lab().services.find((s) => s.name === 'postgres');
  if (!service?.containerId) {
    throw new Error(
      'B1 reads the Postgres server log (docker logs), so it needs the container lab starts: run without LAB_DATABASE_URL',
    );
  }
  const since = (sinceMs / 1000).toFixed(3);
  return new Promise((resolve, reject) =>
    execFile(
      'docker',
      ['logs', '--since', since, service.containerId as string],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => (error ? reject(error) : resolve(stdout + stderr)),
    ),
  );
}
