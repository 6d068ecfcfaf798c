import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { ThrottleModule } from '../throttle/throttle.module';
import { AccountDataController } from './account-data.controller';
import { AdminErasureController } from './admin-erasure.controller';
import { DataExportService } from './data-export.service';
import { DataRightsRepository } from './data-rights.repository';
import { ErasureService } from './erasure.service';

/** Members' data rights: a copy of their data, closing their account, erasure on request. */
@Module({
  imports: [DocumentsModule, ThrottleModule],
  controllers: [AccountDataController, AdminErasureController],
  providers: [DataRightsRepository, DataExportService, ErasureService],
})
export class DataRightsModule {}
