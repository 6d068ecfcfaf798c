import { Module } from '@nestjs/common';
import { InvitationsModule } from '../invitations/invitations.module';
import { AuthController } from './auth.controller';
import { AuthCoreModule } from './auth-core.module';
import { AuthService } from './auth.service';
import { LocalStrategy } from './local.strategy';
import { SignInLimiter } from './sign-in-limiter';

@Module({
  imports: [AuthCoreModule, InvitationsModule],
  controllers: [AuthController],
  providers: [AuthService, LocalStrategy, SignInLimiter],
  exports: [AuthService],
})
export class AuthModule {}
