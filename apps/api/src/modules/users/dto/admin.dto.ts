import { GRANTABLE_ROLES, type GrantableRole } from '@contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsUUID,
  Matches,
} from 'class-validator';
import { PageQuery } from '@api/common/pagination';
import { PlainLine, PlainText } from '@api/common/text.validators';

export class ApplicationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['pending', 'approved', 'rejected'] })
  @IsOptional()
  @IsIn(['pending', 'approved', 'rejected'])
  status: 'pending' | 'approved' | 'rejected' = 'pending';
}

export class UsersQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @PlainLine(1, 200)
  q?: string;

  @ApiPropertyOptional({ enum: ['pending', 'approved', 'rejected', 'disabled'] })
  @IsOptional()
  @IsIn(['pending', 'approved', 'rejected', 'disabled'])
  status?: 'pending' | 'approved' | 'rejected' | 'disabled';

  @ApiPropertyOptional({ enum: GRANTABLE_ROLES })
  @IsOptional()
  @IsIn(GRANTABLE_ROLES)
  role?: GrantableRole;
}

export class RejectDto {
  @ApiProperty({ description: 'Told to the applicant', maxLength: 2000 })
  @PlainText(1, 2000)
  reason: string;
}

export class SetRolesDto {
  @ApiProperty({ enum: GRANTABLE_ROLES, isArray: true })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(GRANTABLE_ROLES.length)
  @IsIn(GRANTABLE_ROLES, {
    each: true,
    message: `each role must be one of ${GRANTABLE_ROLES.join(', ')}`,
  })
  roles: GrantableRole[];
}

export class DisableDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @PlainText(1, 2000)
  reason?: string;
}

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[a-z][a-z._]{0,63}$/, { message: 'action must be an action name' })
  action?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ description: "Part of the actor's name or email" })
  @IsOptional()
  @PlainLine(1, 200)
  actor?: string;

  @ApiPropertyOptional({ description: 'user, document, inbox_thread, …' })
  @IsOptional()
  @Matches(/^[a-z][a-z_]{0,63}$/, { message: 'targetType must be a target type' })
  targetType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @PlainLine(1, 200)
  targetId?: string;

  @ApiPropertyOptional({ description: 'ISO 8601; entries at or after' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date or time' })
  from?: string;

  @ApiPropertyOptional({ description: 'ISO 8601; entries before' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date or time' })
  to?: string;

  @ApiPropertyOptional({ description: 'Text in the action, target or detail' })
  @IsOptional()
  @PlainLine(1, 200)
  q?: string;
}
