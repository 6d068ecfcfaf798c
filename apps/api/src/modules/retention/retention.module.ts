import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { ThrottleModule } from '../throttle/throttle.module';
import { RetentionRunner } from './retention-runner';
import { RetentionController } from './retention.controller';
import { RetentionRepository } from './retention.repository';
import { RetentionService } from './retention.service';

/** How long the platform keeps what it holds: settings, the daily run, the admin routes. */
@Module({
  imports: [DocumentsModule, ThrottleModule],
  controllers: [RetentionController],
  providers: [RetentionRepository, RetentionRunner, RetentionService],
})
export class RetentionModule {}
