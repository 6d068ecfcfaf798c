import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '@api/config/app-config';

export const JWT_AUDIENCE = 'ocvrn';
export const JWT_ISSUER = 'ocvrn';
export const JWT_ALGORITHM = 'HS256';

export interface AccessClaims {
  sub: string;
  sid: string;
  /** When a second factor (or, without one, the password) was last proved: seconds. */
  sua?: number;
  exp?: number;
}

/** Signs and verifies access tokens: HS256 only, `aud`, `iss` and `exp` always checked. */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  sign(
    userId: string,
    sessionId: string,
    stepUpAt?: Date | null,
  ): { accessToken: string; expiresIn: number } {
    const claims: { sid: string; sua?: number } = { sid: sessionId };
    if (stepUpAt) claims.sua = Math.floor(stepUpAt.getTime() / 1000);
    const accessToken = this.jwt.sign(claims, {
      subject: userId,
      audience: JWT_AUDIENCE,
      issuer: JWT_ISSUER,
      algorithm: JWT_ALGORITHM,
      expiresIn: this.config.accessTokenTtl,
    });
    return { accessToken, expiresIn: this.config.accessTokenTtl };
  }

  /** The claims of a valid token, or null for anything forged, expired or malformed. */
  verify(token: string): AccessClaims | null {
    try {
      const claims = this.jwt.verify<AccessClaims & { aud: string }>(token, {
        audience: JWT_AUDIENCE,
        issuer: JWT_ISSUER,
        algorithms: [JWT_ALGORITHM],
      });
      if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string') return null;
      if (claims.sua !== undefined && typeof claims.sua !== 'number') return null;
      return claims;
    } catch {
      return null;
    }
  }
}
