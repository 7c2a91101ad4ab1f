import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The grader's certificate authority (openssl CLI): signs a CSR at POST /sign only for names the
 * domain-check proxy has seen verified, with the name as the certificate's only SAN.
 */
export interface GraderCa {
  readonly url: string;
  readonly caPem: string;
  /** Names the CA will sign for. */
  readonly allowed: Set<string>;
  readonly signed: string[];
  close(): Promise<void>;
}

export async function startGraderCa(dir: string, port: number): Promise<GraderCa> {
  await mkdir(dir, { recursive: true });
  const caKey = join(dir, 'ca.key');
  const caCert = join(dir, 'ca.pem');
  await run('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', caKey]);
  await run('openssl', [
    'req',
    '-x509',
    '-new',
    '-key',
    caKey,
    '-out',
    caCert,
    '-days',
    '2',
    '-subj',
    '/CN=lab grader CA',
  ]);
  const allowed = new Set<string>();
  const signed: string[] = [];
  let serial = 0;

  const sign = async (csrPem: string): Promise<{ status: number; body: unknown }> => {
    const n = ++serial;
    const csr = join(dir, `req-${n}.csr`);
    await writeFile(csr, csrPem);
    const subject = await run('openssl', ['req', '-in', csr, '-noout', '-subject', '-nameopt', 'multiline']).catch(
      () => undefined,
    );
    const cn = /commonName\s*=\s*(\S+)/.exec(subject?.stdout ?? '')?.[1]?.toLowerCase();
    if (!cn) return { status: 400, body: { error: 'the CSR must name the domain as its CN' } };
    if (!allowed.has(cn))
      return { status: 403, body: { error: `${cn} was never verified through the domain-check proxy` } };
    const ext = join(dir, `req-${n}.ext`);
    await writeFile(ext, `subjectAltName=DNS:${cn}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
    const out = join(dir, `req-${n}.pem`);
    await run('openssl', [
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      caCert,
      '-CAkey',
      caKey,
      '-set_serial',
      String(1000 + n),
      '-days',
      '1',
      '-extfile',
      ext,
      '-out',
      out,
    ]);
    signed.push(cn);
    return { status: 200, body: { certificate: await readFile(out, 'utf8') } };
  };

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const reply = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      if (request.method !== 'POST' || request.url !== '/sign') return reply(404, { error: 'POST /sign {csr}' });
      let csrPem: unknown;
      try {
        csrPem = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { csr?: unknown }).csr;
      } catch {
        return reply(400, { error: 'send JSON {csr: "<PEM>"}' });
      }
      if (typeof csrPem !== 'string') return reply(400, { error: 'send JSON {csr: "<PEM>"}' });
      sign(csrPem).then(
        ({ status, body }) => reply(status, body),
        (error: Error) => reply(400, { error: `could not sign: ${error.message}` }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    caPem: await readFile(caCert, 'utf8'),
    allowed,
    signed,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
