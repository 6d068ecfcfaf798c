import { Global, Module } from '@nestjs/common';
import { AuthCoreModule } from '../auth/auth-core.module';
import { OutboxDispatcher } from './outbox.dispatcher';
import { RealtimeGateway } from './realtime.gateway';
import { RealtimeServer } from './realtime.server';

@Global()
@Module({
  imports: [AuthCoreModule],
  providers: [RealtimeServer, RealtimeGateway, OutboxDispatcher],
  exports: [RealtimeServer],
})
export class RealtimeModule {}
