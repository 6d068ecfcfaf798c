import { Module } from '@nestjs/common';
import { Keys, KEYS } from '@api/config/keys';
import { InvitationsModule } from '../invitations/invitations.module';
import { ThrottleModule } from '../throttle/throttle.module';
import { AccountController } from './account.controller';
import { AuthChallengesService } from './auth-challenges.service';
import { AuthController } from './auth.controller';
import { AuthCoreModule } from './auth-core.module';
import { AuthService } from './auth.service';
import { EmailVerificationService } from './email-verification.service';
import { LocalStrategy } from './local.strategy';
import { MfaController } from './mfa.controller';
import { MfaService } from './mfa.service';
import { PasskeySignInService } from './passkey-sign-in.service';
import { PasskeysController } from './passkeys.controller';
import { PasskeysService } from './passkeys.service';
import { PasswordsService } from './passwords.service';
import { DeviceCookies } from './session-cookies';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';
import { SignInLimiter } from './sign-in-limiter';
import { SsoAccountsService } from './sso-accounts.service';
import { SsoController } from './sso.controller';
import { SsoService } from './sso.service';

@Module({
  imports: [AuthCoreModule, InvitationsModule, ThrottleModule],
  controllers: [
    AuthController,
    AccountController,
    MfaController,
    SessionsController,
    SsoController,
    PasskeysController,
  ],
  providers: [
    AuthService,
    LocalStrategy,
    SignInLimiter,
    AuthChallengesService,
    EmailVerificationService,
    PasswordsService,
    SessionsService,
    MfaService,
    PasskeysService,
    PasskeySignInService,
    SsoService,
    SsoAccountsService,
    {
      provide: DeviceCookies,
      inject: [KEYS],
      useFactory: (keys: Keys) => new DeviceCookies(keys.for('device')),
    },
  ],
  exports: [AuthService, SessionsService],
})
export class AuthModule {}
