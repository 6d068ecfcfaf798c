import { Initial1795313717653 } from './1795313717653-Initial';
import { MemberProfiles1795317388888 } from './1795317388888-MemberProfiles';
import { Invitations1795317581457 } from './1795317581457-Invitations';
import { DirectoryFacetIndex1795319765256 } from './1795319765256-DirectoryFacetIndex';
import { DirectorySearchTable1795322462275 } from './1795322462275-DirectorySearchTable';
import { Newsletters1795323039500 } from './1795323039500-Newsletters';
import { Documents1796070024627 } from './1796070024627-Documents';
import { Events1796071711488 } from './1796071711488-Events';
import { Inbox1796072464452 } from './1796072464452-Inbox';
import { InboxCreatedIndex1796074169113 } from './1796074169113-InboxCreatedIndex';
import { InboxTrackingTokens1796076087640 } from './1796076087640-InboxTrackingTokens';
import { DirectoryFacetBits1796082570807 } from './1796082570807-DirectoryFacetBits';
import { LibrarySearchVersion1796084984170 } from './1796084984170-LibrarySearchVersion';
import { InboxStatsIndex1796086796714 } from './1796086796714-InboxStatsIndex';
import { AccountSecurity1796619002648 } from './1796619002648-AccountSecurity';
import { AuditChain1796630000000 } from './1796630000000-AuditChain';
import { Retention1796630323246 } from './1796630323246-Retention';
import { EventOrganisers1796630345628 } from './1796630345628-EventOrganisers';
import { MailInSecretsAndVerdicts1796630608299 } from './1796630608299-MailInSecretsAndVerdicts';
import { DataRights1796630246711 } from './1796630246711-DataRights';

/** Every migration, in order. A new one is appended here. */
export const MIGRATIONS = [
  Initial1795313717653,
  MemberProfiles1795317388888,
  Invitations1795317581457,
  DirectoryFacetIndex1795319765256,
  DirectorySearchTable1795322462275,
  Newsletters1795323039500,
  Documents1796070024627,
  Events1796071711488,
  Inbox1796072464452,
  InboxCreatedIndex1796074169113,
  InboxTrackingTokens1796076087640,
  DirectoryFacetBits1796082570807,
  LibrarySearchVersion1796084984170,
  InboxStatsIndex1796086796714,
  AccountSecurity1796619002648,
  AuditChain1796630000000,
  DataRights1796630246711,
  Retention1796630323246,
  EventOrganisers1796630345628,
  MailInSecretsAndVerdicts1796630608299,
];
