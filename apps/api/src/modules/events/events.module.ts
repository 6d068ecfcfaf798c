import { Module } from '@nestjs/common';
import { CalendarService } from './calendar.service';
import { EventsController } from './events.controller';
import { EventsRepository } from './events.repository';
import { EventsService } from './events.service';
import { OrganisersService } from './organisers.service';
import { RegistrationsService } from './registrations.service';

@Module({
  controllers: [EventsController],
  providers: [
    EventsRepository,
    RegistrationsService,
    EventsService,
    CalendarService,
    OrganisersService,
  ],
})
export class EventsModule {}
