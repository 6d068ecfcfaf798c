import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type {
  AttendeeList,
  CalendarFeed,
  EventOrganisersList,
  EventsPage,
  NetworkEvent,
  RegistrationResult,
} from '@contracts';
import type { FastifyReply } from 'fastify';
import { CurrentUser, Public, Roles, type AuthUser } from '@api/common/auth.decorators';
import { UuidParam } from '@api/common/uuid.pipe';
import { contentDisposition } from '../documents/file-name';
import { CalendarService } from './calendar.service';
import { attendeesCsv } from './attendees-csv';
import {
  CancelEventDto,
  CreateEventDto,
  EventsQuery,
  FeedQuery,
  SetEventOrganisersDto,
  UpdateEventDto,
} from './dto/events.dto';
import { EventsService, viewerOf } from './events.service';
import { OrganisersService } from './organisers.service';
import { RegistrationsService } from './registrations.service';

function fileStem(title: string): string {
  const stem = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .toLowerCase();
  return stem || 'event';
}

@ApiTags('events')
@ApiBearerAuth()
@Controller('events')
export class EventsController {
  constructor(
    private readonly events: EventsService,
    private readonly registrations: RegistrationsService,
    private readonly calendar: CalendarService,
    private readonly organisersService: OrganisersService,
  ) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Upcoming (default), past, or a date range; public events to anyone, all to members',
  })
  list(
    @CurrentUser() user: AuthUser | undefined,
    @Query() query: EventsQuery,
  ): Promise<EventsPage> {
    return this.events.list(viewerOf(user), query);
  }

  @Get('feed.ics')
  @Public()
  @ApiProduces('text/calendar')
  @ApiOperation({
    summary: 'A member’s personal calendar feed (secret token from /events/feed-token)',
  })
  async feed(
    @Query() query: FeedQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const ics = await this.calendar.feedIcs(query.token);
    void reply
      .type('text/calendar; charset=utf-8')
      .header('cache-control', 'private, max-age=300')
      .header('referrer-policy', 'no-referrer');
    return ics;
  }

  @Get('feed-token')
  @Roles('member')
  @ApiOperation({ summary: 'Whether I have a calendar feed' })
  feedToken(@CurrentUser() user: AuthUser): Promise<CalendarFeed> {
    return this.calendar.feed(user.id);
  }

  @Post('feed-token')
  @Roles('member')
  @ApiOperation({ summary: 'A new secret calendar feed URL (replaces the old one)' })
  createFeedToken(@CurrentUser() user: AuthUser): Promise<CalendarFeed> {
    return this.calendar.createFeed(user.id);
  }

  @Delete('feed-token')
  @Roles('member')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke my calendar feed' })
  revokeFeedToken(@CurrentUser() user: AuthUser): Promise<void> {
    return this.calendar.revokeFeed(user.id);
  }

  @Get(':id')
  @Public()
  @ApiOperation({ summary: 'An event (public ones to anyone; the online link to attendees only)' })
  get(
    @CurrentUser() user: AuthUser | undefined,
    @Param('id', UuidParam) id: string,
  ): Promise<NetworkEvent> {
    return this.events.get(viewerOf(user), id);
  }

  @Get(':id/ics')
  @Public()
  @ApiProduces('text/calendar')
  @ApiOperation({ summary: 'The event as iCalendar (RFC 5545)' })
  async ics(
    @CurrentUser() user: AuthUser | undefined,
    @Param('id', UuidParam) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const { ics, title } = await this.calendar.eventIcs(viewerOf(user), id);
    void reply
      .type('text/calendar; charset=utf-8')
      .header('content-disposition', contentDisposition(`${fileStem(title)}.ics`));
    return ics;
  }

  @Post()
  @Roles('editor')
  @ApiOperation({ summary: 'Announce an event (organisers)' })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateEventDto): Promise<NetworkEvent> {
    return this.events.create(user, dto);
  }

  @Patch(':id')
  @Roles('editor', 'admin')
  @ApiOperation({ summary: 'Change an event; a bigger capacity seats the waitlist in order' })
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: UpdateEventDto,
  ): Promise<NetworkEvent> {
    return this.events.update(user, id, dto);
  }

  @Post(':id/cancel')
  @Roles('editor', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel an event with a reason; everyone registered is emailed' })
  cancel(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: CancelEventDto,
  ): Promise<NetworkEvent> {
    return this.events.cancel(user, id, dto.reason);
  }

  @Post(':id/registrations')
  @Roles('member')
  @ApiOperation({
    summary:
      'Register: a seat, or the waitlist when full (201; 200 with the same place when asked again)',
  })
  async register(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParam) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RegistrationResult> {
    const { result, created } = await this.registrations.register(user, id);
    void reply.code(created ? 201 : 200);
    return result;
  }

  @Delete(':id/registrations/me')
  @Roles('member')
  @HttpCode(204)
  @ApiOperation({ summary: 'Give up my place; the first on the waitlist gets the seat' })
  unregister(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string): Promise<void> {
    return this.registrations.unregister(user, id);
  }

  @Get(':id/attendees')
  @Roles('editor', 'admin')
  @ApiOperation({
    summary:
      'Confirmed attendees and the waitlist in order (the event’s organisers and admins); ' +
      'addresses as each member allows, withheld ones marked',
  })
  async attendees(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParam) id: string,
  ): Promise<AttendeeList> {
    return (await this.registrations.attendees(user, id)).list;
  }

  @Get(':id/attendees.csv')
  @Roles('editor', 'admin')
  @ApiProduces('text/csv')
  @ApiOperation({
    summary: 'The attendee and waitlist lists as CSV (the event’s organisers and admins)',
  })
  async attendeesCsv(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParam) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const { list, title } = await this.registrations.exportAttendees(user, id);
    void reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', contentDisposition(`${fileStem(title)}-attendees.csv`));
    return attendeesCsv(list);
  }

  @Get(':id/organisers')
  @Roles('member')
  @ApiOperation({ summary: 'Who runs the event: the creator first, then the co-organisers' })
  organisers(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParam) id: string,
  ): Promise<EventOrganisersList> {
    return this.organisersService.list(user, id);
  }

  @Put(':id/organisers')
  @Roles('editor', 'admin')
  @ApiOperation({
    summary:
      'Replace the co-organisers (approved members holding the editor role; organisers and admins)',
  })
  setOrganisers(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: SetEventOrganisersDto,
  ): Promise<NetworkEvent> {
    return this.organisersService.set(user, id, dto.memberIds);
  }
}
