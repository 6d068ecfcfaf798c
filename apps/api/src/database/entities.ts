import { AuditEntryEntity } from '@api/modules/audit/audit-entry.entity';
import { DataExportEntity } from '@api/modules/data-rights/data-export.entity';
import { AccountTokenEntity } from '@api/modules/auth/account-token.entity';
import {
  AuthChallengeEntity,
  PasskeyEntity,
  RateLimitEntity,
  RecoveryCodeEntity,
  UserIdentityEntity,
} from '@api/modules/auth/mfa.entities';
import { RefreshTokenEntity } from '@api/modules/auth/refresh-token.entity';
import { SessionEntity } from '@api/modules/auth/session.entity';
import { AutoApproveDomainEntity } from '@api/modules/invitations/auto-approve-domain.entity';
import { DocumentVersionEntity } from '@api/modules/documents/document-version.entity';
import { DocumentEntity } from '@api/modules/documents/document.entity';
import { CalendarFeedEntity } from '@api/modules/events/calendar-feed.entity';
import { EventOrganiserEntity } from '@api/modules/events/event-organiser.entity';
import { EventRegistrationEntity } from '@api/modules/events/event-registration.entity';
import { EventEntity } from '@api/modules/events/event.entity';
import {
  CannedReplyEntity,
  InboxAttachmentEntity,
  InboxMessageEntity,
  InboxThreadEntity,
  InboxTrackingTokenEntity,
  ReferenceCounterEntity,
} from '@api/modules/inbox/inbox.entities';
import { InvitationEntity } from '@api/modules/invitations/invitation.entity';
import { MemberSearchEntity } from '@api/modules/members/member-search.entity';
import { MailMessageEntity } from '@api/modules/mail/mail-message.entity';
import { NewsletterSubscriptionEntity } from '@api/modules/newsletters/newsletter-subscription.entity';
import { NewsletterEntity } from '@api/modules/newsletters/newsletter.entity';
import { NotificationEntity } from '@api/modules/notifications/notification.entity';
import { LevelEntity, SectorEntity, TopicEntity } from '@api/modules/taxonomy/taxonomy.entities';
import { UserEntity } from '@api/modules/users/user.entity';
import {
  RetentionRuleEntity,
  RetentionStateEntity,
} from '@api/modules/retention/retention.entities';

/** Every entity; a module adds its own here. */
export const ENTITIES = [
  UserEntity,
  SessionEntity,
  RefreshTokenEntity,
  AuditEntryEntity,
  NotificationEntity,
  MailMessageEntity,
  TopicEntity,
  SectorEntity,
  LevelEntity,
  InvitationEntity,
  AutoApproveDomainEntity,
  MemberSearchEntity,
  NewsletterEntity,
  NewsletterSubscriptionEntity,
  DocumentEntity,
  DocumentVersionEntity,
  EventEntity,
  EventRegistrationEntity,
  CalendarFeedEntity,
  EventOrganiserEntity,
  InboxThreadEntity,
  InboxMessageEntity,
  InboxAttachmentEntity,
  CannedReplyEntity,
  ReferenceCounterEntity,
  InboxTrackingTokenEntity,
  AccountTokenEntity,
  RecoveryCodeEntity,
  PasskeyEntity,
  AuthChallengeEntity,
  UserIdentityEntity,
  RateLimitEntity,
  RetentionRuleEntity,
  RetentionStateEntity,
  DataExportEntity,
];
