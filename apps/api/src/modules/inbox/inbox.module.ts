import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { ThrottleModule } from '../throttle/throttle.module';
import { ContactLimits } from './contact-limits';
import { ContactController } from './contact.controller';
import { ContactService } from './contact.service';
import { InboxController } from './inbox.controller';
import { InboxRepository } from './inbox.repository';
import { InboxService } from './inbox.service';
import { MailInListener } from './mail-in.listener';
import { ReplyAddresses } from './reply-address';
import { APP_CONFIG, type AppConfig } from '@api/config/app-config';
import { Keys, KEYS } from '@api/config/keys';

@Module({
  imports: [DocumentsModule, ThrottleModule],
  controllers: [ContactController, InboxController],
  providers: [
    InboxRepository,
    ContactLimits,
    ContactService,
    InboxService,
    MailInListener,
    {
      provide: ReplyAddresses,
      inject: [APP_CONFIG, KEYS],
      useFactory: (config: AppConfig, keys: Keys) =>
        new ReplyAddresses(config.contactAddress, keys.for('tracking')),
    },
  ],
})
export class InboxModule {}
