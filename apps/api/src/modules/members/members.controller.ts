import { Body, Controller, Get, Param, Patch, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { MemberProfile, MembersPage } from '@contracts';
import type { FastifyReply } from 'fastify';
import { CurrentUser, Roles, type AuthUser } from '@api/common/auth.decorators';
import { UuidParam } from '@api/common/uuid.pipe';
import { MembersQuery, UpdateProfileDto } from './dto/members.dto';
import { MembersService, viewerOf } from './members.service';

@ApiTags('members')
@ApiBearerAuth()
@Controller('members')
@Roles('member')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Get()
  @ApiOperation({
    summary: 'Search the directory: full text, filters, facet counts, cursor paging',
  })
  search(@CurrentUser() user: AuthUser, @Query() query: MembersQuery): Promise<MembersPage> {
    return this.members.search(viewerOf(user), query);
  }

  @Get('me')
  @ApiOperation({ summary: 'My own profile, every field' })
  me(@CurrentUser() user: AuthUser): Promise<MemberProfile> {
    return this.members.get(viewerOf(user), user.id);
  }

  @Patch('me')
  @ApiOperation({ summary: 'Edit my profile and who sees each contact field' })
  update(@CurrentUser() user: AuthUser, @Body() dto: UpdateProfileDto): Promise<MemberProfile> {
    return this.members.update(user, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A profile, with only the contact fields the caller may see' })
  get(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string): Promise<MemberProfile> {
    return this.members.get(viewerOf(user), id);
  }

  @Get(':id/vcard')
  @ApiOperation({ summary: 'The profile as a vCard 4.0 (RFC 6350), visible fields only' })
  async vcard(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParam) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const card = await this.members.vcard(viewerOf(user), id);
    const ascii =
      card.name
        .normalize('NFKD')
        .replace(/[^A-Za-z0-9 ._-]/g, '')
        .trim() || 'contact';
    void reply
      .header('content-type', 'text/vcard; charset=utf-8')
      .header(
        'content-disposition',
        `attachment; filename="${ascii}.vcf"; filename*=UTF-8''${encodeURIComponent(card.name)}.vcf`,
      )
      .header('cache-control', 'private, no-store');
    return card.body;
  }
}
