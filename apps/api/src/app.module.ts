import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JwtAuthGuard, RolesGuard } from './common/access.guards';
import { ProblemFilter } from './common/problem.filter';
import { ConfigModule, type RuntimeSettings } from './config/config.module';
import { dataSourceOptions } from './database/data-source-options';
import { QueryLogger } from './database/query-logger';
import { AuditModule } from './modules/audit/audit.module';
import { AuthModule } from './modules/auth/auth.module';
import { DataRightsModule } from './modules/data-rights/data-rights.module';
import { DocumentsModule } from './modules/documents/documents.module';
import { EventsModule } from './modules/events/events.module';
import { InboxModule } from './modules/inbox/inbox.module';
import { HealthModule } from './modules/health/health.module';
import { InvitationsModule } from './modules/invitations/invitations.module';
import { MailModule } from './modules/mail/mail.module';
import { JobsModule } from './modules/jobs/jobs.module';
import { MembersModule } from './modules/members/members.module';
import { NewslettersModule } from './modules/newsletters/newsletters.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { RealtimeModule } from './modules/realtime/realtime.module';
import { RetentionModule } from './modules/retention/retention.module';
import { TaxonomyModule } from './modules/taxonomy/taxonomy.module';
import { UsersModule } from './modules/users/users.module';

@Module({})
export class AppModule {
  static forRoot(settings: RuntimeSettings): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(settings),
        TypeOrmModule.forRoot({
          ...dataSourceOptions(settings.databaseUrl, settings.poolSize ?? 20),
          // Failed statements logged without their parameters.
          logger: new QueryLogger(),
          migrationsRun: false,
        }),
        AuditModule,
        MailModule,
        JobsModule,
        NotificationsModule,
        RealtimeModule,
        TaxonomyModule,
        AuthModule,
        UsersModule,
        InvitationsModule,
        MembersModule,
        NewslettersModule,
        DocumentsModule,
        EventsModule,
        InboxModule,
        HealthModule,
        RetentionModule,
        DataRightsModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}
