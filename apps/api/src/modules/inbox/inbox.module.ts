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

@Module({
  imports: [DocumentsModule, ThrottleModule],
  controllers: [ContactController, InboxController],
  providers: [
    InboxRepository,
    ContactLimits,
    ContactService,
    InboxService,
    MailInListener,
    ReplyAddresses,
  ],
})
export class InboxModule {}
