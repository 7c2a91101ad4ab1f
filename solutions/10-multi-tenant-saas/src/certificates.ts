import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A fresh P-256 key and a CSR naming `domain` (CN and SAN), both PEM, made by the openssl CLI. */
export async function keyAndCsr(domain: string): Promise<{ keyPem: string; csrPem: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'saas-csr-'));
  try {
    const key = join(dir, 'key.pem');
    const csr = join(dir, 'csr.pem');
    await run('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', key]);
    await run('openssl', [
      'req',
      '-new',
      '-key',
      key,
      '-out',
      csr,
      '-subj',
      `/CN=${domain}`,
      '-addext',
      `subjectAltName=DNS:${domain}`,
    ]);
    return { keyPem: await readFile(key, 'utf8'), csrPem: await readFile(csr, 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
