import {
  retentionDaysProblem,
  type EditableRetentionRuleKey,
  type UpdateRetentionRequest,
} from '@contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmpty, ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';

/** 0 (where keeping for ever is allowed) or a whole number of days within the rule's bounds. */
function RetentionDays(key: EditableRetentionRuleKey, options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'retentionDays',
      validator: {
        validate: (value: unknown) => retentionDaysProblem(key, value) === null,
        defaultMessage: (args) =>
          retentionDaysProblem(key, args?.value) ?? 'Enter a number of days',
      },
    },
    options,
  );
}

/** Left out means unchanged; null is not a setting. */
const given = (_: object, value: unknown) => value !== undefined;

const days = (description: string) =>
  ApiPropertyOptional({ type: Number, description: `${description}, in days` });

/** The rules to change; any left out keep their setting. */
export class UpdateRetentionDto implements UpdateRetentionRequest {
  @ApiPropertyOptional({
    type: Number,
    description: 'Not settable here: it follows UNVERIFIED_ACCOUNT_DAYS',
    deprecated: true,
  })
  @IsEmpty({
    message: 'Set by the UNVERIFIED_ACCOUNT_DAYS configuration variable, not here',
  })
  unverified_accounts?: unknown;

  @days('Rejected applications are deleted this long after the decision; 0 keeps them')
  @ValidateIf(given)
  @RetentionDays('rejected_applications')
  rejected_applications?: number;

  @days('Closed contact point conversations are anonymised at this age; 0 keeps them')
  @ValidateIf(given)
  @RetentionDays('closed_contact_threads')
  closed_contact_threads?: number;

  @days('Notifications are deleted at this age; 0 keeps them')
  @ValidateIf(given)
  @RetentionDays('notifications')
  notifications?: number;

  @days('Sent mail is deleted from the outbox at this age; 0 keeps it')
  @ValidateIf(given)
  @RetentionDays('sent_mail')
  sent_mail?: number;

  @days('Expired links, challenges, counters and sessions are deleted this long after expiry')
  @ValidateIf(given)
  @RetentionDays('expired_tokens')
  expired_tokens?: number;
}
