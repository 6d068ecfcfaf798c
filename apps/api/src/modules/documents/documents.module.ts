import { Module } from '@nestjs/common';
import { resolve } from 'node:path';
import { APP_CONFIG, type AppConfig } from '@api/config/app-config';
import { DocumentFilesService } from './document-files.service';
import { DocumentsController } from './documents.controller';
import { DocumentsRepository } from './documents.repository';
import { DocumentsService } from './documents.service';
import { BLOB_STORAGE, type BlobStorage } from './storage/blob-storage';
import { LocalStorage } from './storage/local-storage';
import { createS3Client, S3Storage } from './storage/s3-storage';

@Module({
  controllers: [DocumentsController],
  providers: [
    {
      provide: BLOB_STORAGE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): BlobStorage =>
        config.storage === 's3' && config.s3
          ? new S3Storage(createS3Client(config.s3), config.s3.bucket)
          : new LocalStorage(resolve(config.dataDir, 'documents')),
    },
    DocumentsRepository,
    DocumentFilesService,
    DocumentsService,
  ],
  exports: [DocumentFilesService, DocumentsRepository, BLOB_STORAGE],
})
export class DocumentsModule {}
