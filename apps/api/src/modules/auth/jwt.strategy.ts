import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AuthUser } from '@api/common/auth.decorators';
import { Keys, KEYS } from '@api/config/keys';
import { IdentityService } from './identity.service';
import { JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER } from './token.service';

/** Bearer access tokens: verified, then the identity loaded fresh (no writes). */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(KEYS) keys: Keys,
    private readonly identities: IdentityService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: keys.for('sessions'),
      algorithms: [JWT_ALGORITHM],
      audience: JWT_AUDIENCE,
      issuer: JWT_ISSUER,
      ignoreExpiration: false,
    });
  }

  async validate(payload: {
    sub?: unknown;
    sid?: unknown;
    sua?: unknown;
  }): Promise<AuthUser | false> {
    if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') return false;
    const user = await this.identities.load(payload.sub, payload.sid);
    if (!user) return false;
    if (typeof payload.sua === 'number') user.stepUpAt = new Date(payload.sua * 1000);
    return user;
  }
}
