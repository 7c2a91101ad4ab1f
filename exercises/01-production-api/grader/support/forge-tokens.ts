import { SignJWT } from 'jose';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The payload of a JWT, unverified (the grader only reuses its claims). */
export function claimsOf(token: string): Record<string, unknown> {
  const [, payload] = token.split('.');
  try {
    return JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new Error(`your access token is not a JWT (three base64url parts): ${token.slice(0, 60)}…`);
  }
}

/**
 * Tokens a server must refuse, made from a real access token so that only one thing is wrong with
 * each (give it a viewer's token): same claims, but signed with another secret, a payload edited
 * after signing (role → admin),
 * or alg "none" with no signature.
 */
export async function forgedTokens(realAccessToken: string): Promise<Record<string, string>> {
  const claims = claimsOf(realAccessToken);
  const [header, , signature] = realAccessToken.split('.');
  const otherSecret = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode('not-the-server-secret-at-all'));
  return {
    'signed with another secret': otherSecret,
    'payload edited after signing (role: admin)': `${header}.${b64({ ...claims, role: 'admin' })}.${signature}`,
    'alg none, no signature': `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`,
    'not a JWT at all': 'garbage.token.value',
  };
}
