/** The contract env, read once at start-up. Secrets come only from here, never from source. */
export interface Config {
  readonly port: number;
  readonly tlsPort: number | undefined;
  readonly databaseUrl: string;
  readonly appDbPassword: string;
  readonly platformToken: string;
  readonly jwtSecret: Uint8Array;
  readonly billingWebhookUrl: string | undefined;
  readonly domainCheckProxy: string | undefined;
  readonly certIssuerUrl: string | undefined;
}

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the SaaS service needs it (see the README's contract)`);
  return value;
};

export function readConfig(): Config {
  return {
    port: Number(process.env.PORT ?? 3000),
    tlsPort: process.env.TLS_PORT ? Number(process.env.TLS_PORT) : undefined,
    databaseUrl: required('DATABASE_URL'),
    appDbPassword: required('APP_DB_PASSWORD'),
    platformToken: required('PLATFORM_TOKEN'),
    jwtSecret: new TextEncoder().encode(required('JWT_SECRET')),
    billingWebhookUrl: process.env.BILLING_WEBHOOK_URL,
    domainCheckProxy: process.env.DOMAIN_CHECK_PROXY,
    certIssuerUrl: process.env.CERT_ISSUER_URL,
  };
}
