import type { Config, Role } from './config.ts';

/** Who made a request, from a verified access token. */
export interface AuthUser {
  readonly id: string;
  readonly username: string;
  readonly role: Role;
}

// TODO(R1): sign HS256 tokens with jose (SignJWT) from config.jwtSecret: a short-lived access token
//           (ACCESS_TOKEN_TTL_SECONDS) with the role in a claim, and a refresh token with a jti you store.
// TODO(R1): verify with jwtVerify(token, key, { algorithms: ['HS256'] }) — refuse alg none, other
//           secrets, edited payloads, expired tokens and refresh tokens used as access tokens.
// TODO(R1): refresh: exchange a refresh token once (delete its jti as you check it) for a new pair.
export async function verifyAccessToken(_config: Config, _token: string): Promise<AuthUser> {
  throw new Error('TODO(R1): verify the access token');
}
