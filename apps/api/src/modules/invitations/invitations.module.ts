import { Module } from '@nestjs/common';
import { AdmissionService } from './admission.service';
import { DomainsController } from './domains.controller';
import { DomainsService } from './domains.service';
import { InvitationLookupController, InvitationsAdminController } from './invitations.controller';
import { InvitationsService } from './invitations.service';

/** Invitations and auto-approved email domains; registration asks AdmissionService. */
@Module({
  controllers: [InvitationsAdminController, InvitationLookupController, DomainsController],
  providers: [InvitationsService, DomainsService, AdmissionService],
  exports: [AdmissionService],
})
export class InvitationsModule {}
