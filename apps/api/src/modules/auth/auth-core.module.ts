import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { APP_CONFIG, type AppConfig } from '@api/config/app-config';
import { Keys, KEYS } from '@api/config/keys';
import { IdentityService } from './identity.service';
import { JwtStrategy } from './jwt.strategy';
import { TokenService } from './token.service';

/** What every module needs to know who is calling: tokens and identities. */
@Module({
  imports: [
    PassportModule,
    JwtModule.registerAsync({
      inject: [KEYS, APP_CONFIG],
      useFactory: (keys: Keys, config: AppConfig) => ({
        secret: keys.for('sessions'),
        signOptions: { algorithm: 'HS256', expiresIn: config.accessTokenTtl },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  providers: [TokenService, IdentityService, JwtStrategy],
  exports: [TokenService, IdentityService, JwtModule],
})
export class AuthCoreModule {}
