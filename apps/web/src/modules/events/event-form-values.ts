import {
  EVENT_KINDS,
  EVENT_LIMITS,
  type CreateEventRequest,
  type EventKind,
  type FieldError,
  type NetworkEvent,
  type UpdateEventRequest,
} from '@contracts';
import type { ErrorSummaryItem } from '@web/ui/ErrorSummary';
import { browserTimeZone, isKnownTimeZone, splitLocal, wallClockIn } from './event-times';

/** What the organiser's form holds: times as the date and time inputs give them. */
export interface EventFormValues {
  title: string;
  kind: EventKind | '';
  topics: string[];
  description: string;
  timezone: string;
  startDate: string;
  startTime: string;
  endDate: string;
  endTime: string;
  venue: string;
  onlineUrl: string;
  /** Blank: no limit. */
  capacity: string;
  opensDate: string;
  opensTime: string;
  closesDate: string;
  closesTime: string;
  public: boolean;
}

/** The questions of the form; a date and time pair is one question. */
export type EventField =
  | 'title'
  | 'kind'
  | 'topics'
  | 'description'
  | 'timezone'
  | 'start'
  | 'end'
  | 'venue'
  | 'onlineUrl'
  | 'capacity'
  | 'opens'
  | 'closes'
  | 'public';
export type EventErrors = Partial<Record<EventField, string>>;

/** The form's questions in page order: the error summary lists problems in this order. */
const FIELD_ORDER: readonly EventField[] = [
  'title',
  'kind',
  'topics',
  'description',
  'timezone',
  'start',
  'end',
  'venue',
  'onlineUrl',
  'capacity',
  'opens',
  'closes',
  'public',
];

export type DateTimeField = 'start' | 'end' | 'opens' | 'closes';

const DATE_TIME_KEYS: Record<
  DateTimeField,
  { date: keyof EventFormValues; time: keyof EventFormValues }
> = {
  start: { date: 'startDate', time: 'startTime' },
  end: { date: 'endDate', time: 'endTime' },
  opens: { date: 'opensDate', time: 'opensTime' },
  closes: { date: 'closesDate', time: 'closesTime' },
};

const isDateTimeField = (field: EventField): field is DateTimeField => field in DATE_TIME_KEYS;

export function eventFieldId(field: EventField, part?: 'date' | 'time'): string {
  const base = `event-${field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
  return part ? `${base}-${part}` : base;
}

export function emptyEventValues(timezone: string = browserTimeZone()): EventFormValues {
  return {
    title: '',
    kind: '',
    topics: [],
    description: '',
    timezone,
    startDate: '',
    startTime: '',
    endDate: '',
    endTime: '',
    venue: '',
    onlineUrl: '',
    capacity: '',
    opensDate: '',
    opensTime: '',
    closesDate: '',
    closesTime: '',
    // Members only until the organiser decides the event is for everyone.
    public: false,
  };
}

export function toEventValues(event: NetworkEvent): EventFormValues {
  const start = splitLocal(event.startsAtLocal);
  const end = splitLocal(event.endsAtLocal);
  const opens = event.registrationOpensAt
    ? wallClockIn(event.registrationOpensAt, event.timezone)
    : { date: '', time: '' };
  const closes = event.registrationClosesAt
    ? wallClockIn(event.registrationClosesAt, event.timezone)
    : { date: '', time: '' };
  return {
    title: event.title,
    kind: event.kind,
    topics: [...event.topics],
    description: event.description,
    timezone: event.timezone,
    startDate: start.date,
    startTime: start.time,
    endDate: end.date,
    endTime: end.time,
    venue: event.venue ?? '',
    onlineUrl: event.onlineUrl ?? '',
    capacity: event.capacity === null ? '' : String(event.capacity),
    opensDate: opens.date,
    opensTime: opens.time,
    closesDate: closes.date,
    closesTime: closes.time,
    public: event.public,
  };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)(?::[0-5]\d)?$/;

function isRealDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/** `2026-03-29T10:00`: wall-clock time without an offset, as the API takes it with the zone. */
function wallClock(date: string, time: string): string {
  return `${date}T${time.slice(0, 5)}`;
}

function dateTimeOf(values: EventFormValues, field: DateTimeField): { date: string; time: string } {
  const keys = DATE_TIME_KEYS[field];
  return {
    date: String(values[keys.date]).trim(),
    time: String(values[keys.time]).trim(),
  };
}

/** The wall-clock value of an optional date and time pair (null when both are blank). */
function optionalWallClock(values: EventFormValues, field: DateTimeField): string | null {
  const { date, time } = dateTimeOf(values, field);
  return date && time ? wallClock(date, time) : null;
}

function parseCapacity(value: string): number | null {
  return value.trim() === '' ? null : Number(value.trim());
}

function trimmedOrNull(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

export function toCreateRequest(values: EventFormValues): CreateEventRequest {
  const start = dateTimeOf(values, 'start');
  const end = dateTimeOf(values, 'end');
  return {
    title: values.title.trim(),
    kind: values.kind as EventKind,
    topics: values.topics,
    description: values.description,
    timezone: values.timezone,
    startsAt: wallClock(start.date, start.time),
    endsAt: wallClock(end.date, end.time),
    venue: trimmedOrNull(values.venue),
    onlineUrl: trimmedOrNull(values.onlineUrl),
    capacity: parseCapacity(values.capacity),
    registrationOpensAt: optionalWallClock(values, 'opens'),
    registrationClosesAt: optionalWallClock(values, 'closes'),
    public: values.public,
  };
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

const TIME_KEYS: readonly (keyof EventFormValues)[] = [
  'timezone',
  'startDate',
  'startTime',
  'endDate',
  'endTime',
  'opensDate',
  'opensTime',
  'closesDate',
  'closesTime',
];

/**
 * What changed, as `PATCH /events/:id` takes it. Times are wall-clock times in the zone, so
 * when the zone or any time changed, the zone and every time are sent together.
 */
export function changedFields(values: EventFormValues, saved: EventFormValues): UpdateEventRequest {
  const full = toCreateRequest(values);
  const request: UpdateEventRequest = {};
  if (values.title.trim() !== saved.title.trim()) request.title = full.title;
  if (values.kind !== saved.kind) request.kind = full.kind;
  if (!sameSet(values.topics, saved.topics)) request.topics = full.topics;
  if (values.description !== saved.description) request.description = full.description;
  if (TIME_KEYS.some((key) => values[key] !== saved[key])) {
    request.timezone = full.timezone;
    request.startsAt = full.startsAt;
    request.endsAt = full.endsAt;
    request.registrationOpensAt = full.registrationOpensAt;
    request.registrationClosesAt = full.registrationClosesAt;
  }
  if (values.venue.trim() !== saved.venue.trim()) request.venue = full.venue;
  if (values.onlineUrl.trim() !== saved.onlineUrl.trim()) request.onlineUrl = full.onlineUrl;
  if (values.capacity.trim() !== saved.capacity.trim()) request.capacity = full.capacity;
  if (values.public !== saved.public) request.public = full.public;
  return request;
}

export function hasChanges(values: EventFormValues, saved: EventFormValues): boolean {
  return (Object.keys(values) as (keyof EventFormValues)[]).some((key) => {
    const a = values[key];
    const b = saved[key];
    return Array.isArray(a) && Array.isArray(b) ? !sameSet(a, b) : a !== b;
  });
}

const count = (value: number) => value.toLocaleString('en-GB');

const DATE_TIME_WORDS: Record<DateTimeField, { what: string; example: string }> = {
  start: { what: 'the event starts', example: '10:00' },
  end: { what: 'the event ends', example: '12:30' },
  opens: { what: 'registration opens', example: '09:00' },
  closes: { what: 'registration closes', example: '17:00' },
};

function checkDateTime(
  values: EventFormValues,
  field: DateTimeField,
  required: boolean,
): string | undefined {
  const { date, time } = dateTimeOf(values, field);
  const { what, example } = DATE_TIME_WORDS[field];
  if (!date && !time) return required ? `Enter the date and time ${what}` : undefined;
  if (!date) return `Enter the date ${what}`;
  if (!isRealDate(date)) return `The date ${what} must be a real date`;
  if (!time) return `Enter the time ${what}`;
  if (!TIME.test(time)) return `Enter the time ${what} as hours and minutes, like ${example}`;
  return undefined;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

export function validateEvent(values: EventFormValues): EventErrors {
  const errors: EventErrors = {};
  const title = values.title.trim();
  if (!title) errors.title = 'Enter a title';
  else if (title.length > EVENT_LIMITS.title) {
    errors.title = `Title must be ${count(EVENT_LIMITS.title)} characters or fewer`;
  }
  if (!(EVENT_KINDS as readonly string[]).includes(values.kind)) {
    errors.kind = 'Select the kind of event';
  }
  if (values.topics.length > EVENT_LIMITS.topics) {
    errors.topics = `Choose ${EVENT_LIMITS.topics} topics or fewer`;
  }
  if (values.description.length > EVENT_LIMITS.description) {
    errors.description = `The description must be ${count(EVENT_LIMITS.description)} characters or fewer`;
  }
  if (!values.timezone) errors.timezone = 'Select the time zone of the event';
  else if (!isKnownTimeZone(values.timezone)) errors.timezone = 'Select a time zone from the list';

  errors.start = checkDateTime(values, 'start', true);
  errors.end = checkDateTime(values, 'end', true);
  if (!errors.start && !errors.end) {
    const start = optionalWallClock(values, 'start') ?? '';
    const end = optionalWallClock(values, 'end') ?? '';
    if (end <= start) errors.end = 'The event must end after it starts';
  }

  if (values.venue.trim().length > EVENT_LIMITS.venue) {
    errors.venue = `The venue must be ${count(EVENT_LIMITS.venue)} characters or fewer`;
  }
  const online = values.onlineUrl.trim();
  if (online) {
    if (online.length > EVENT_LIMITS.onlineUrl) {
      errors.onlineUrl = `The online link must be ${count(EVENT_LIMITS.onlineUrl)} characters or fewer`;
    } else if (!isHttpUrl(online)) {
      errors.onlineUrl =
        'Enter the online link in the right format, like https://meet.example.org/abc';
    }
  }
  const capacity = values.capacity.trim();
  if (capacity) {
    const number = Number(capacity);
    if (!/^\d+$/.test(capacity) || !Number.isSafeInteger(number)) {
      errors.capacity = 'The number of places must be a whole number, like 30';
    } else if (number < 1 || number > EVENT_LIMITS.capacity) {
      errors.capacity = `The number of places must be between 1 and ${count(EVENT_LIMITS.capacity)}`;
    }
  }

  errors.opens = checkDateTime(values, 'opens', false);
  errors.closes = checkDateTime(values, 'closes', false);
  if (!errors.opens && !errors.closes) {
    const opens = optionalWallClock(values, 'opens');
    const closes = optionalWallClock(values, 'closes');
    if (opens && closes && closes <= opens) {
      errors.closes = 'Registration must close after it opens';
    }
  }
  for (const field of FIELD_ORDER) if (errors[field] === undefined) delete errors[field];
  return errors;
}

const sentence = (message: string) => message.charAt(0).toUpperCase() + message.slice(1);

/** What the API's field names mean to the organiser. */
const SERVER_FIELDS: Record<string, { field: EventField; words: string }> = {
  title: { field: 'title', words: 'the title' },
  kind: { field: 'kind', words: 'the kind of event' },
  topics: { field: 'topics', words: 'the topics' },
  description: { field: 'description', words: 'the description' },
  timezone: { field: 'timezone', words: 'the time zone' },
  startsAt: { field: 'start', words: 'the start' },
  endsAt: { field: 'end', words: 'the end' },
  venue: { field: 'venue', words: 'the venue' },
  onlineUrl: { field: 'onlineUrl', words: 'the online link' },
  capacity: { field: 'capacity', words: 'the number of places' },
  registrationOpensAt: { field: 'opens', words: 'the opening of registration' },
  registrationClosesAt: { field: 'closes', words: 'the closing of registration' },
  public: { field: 'public', words: 'who can see it' },
};

/**
 * A server message in the organiser's words: "must be after startsAt" on `endsAt` reads "The
 * end must be after the start".
 */
function humaniseServerMessage(base: string, message: string): string {
  let text = message.trim();
  for (const [name, { words }] of Object.entries(SERVER_FIELDS)) {
    text = text.replace(new RegExp(`\\b${name}\\b`, 'g'), words);
  }
  const own = SERVER_FIELDS[base]?.words;
  if (own && !text.toLowerCase().startsWith(own) && /^(must|is|are|should|each)\b/.test(text)) {
    text = `${own} ${text}`;
  }
  return sentence(text);
}

/** Maps a server error's `field` (`title`, `topics[2]`, `topics.2`) to a question. */
function baseField(field: string): string {
  return field.replace(/\[\d+\]$/, '').replace(/\.\d+$/, '');
}

/** A 400's field errors, on the form's questions; the rest as sentences. */
export function fromServerErrors(errors: readonly FieldError[]): {
  fields: EventErrors;
  other: string[];
} {
  const fields: EventErrors = {};
  const other: string[] = [];
  for (const { field, message } of errors) {
    const base = baseField(field);
    const control = SERVER_FIELDS[base]?.field;
    const text = humaniseServerMessage(base, message);
    if (control) fields[control] ??= text;
    else other.push(text);
  }
  return { fields, other };
}

/**
 * The input a question's error leads to: for a date and time, the part that is missing or
 * wrong (the date when both are fine and the problem is the order).
 */
export function errorTargetId(field: EventField, values: EventFormValues): string {
  if (!isDateTimeField(field)) return field === 'kind' ? eventFieldId('kind') : eventFieldId(field);
  const { date, time } = dateTimeOf(values, field);
  const timeWrong = date !== '' && isRealDate(date) && (!time || !TIME.test(time));
  return eventFieldId(field, timeWrong ? 'time' : 'date');
}

/** The error summary's items for a set of field errors and other messages, in page order. */
export function eventSummary(
  errors: EventErrors,
  values: EventFormValues,
  other: readonly string[] = [],
): ErrorSummaryItem[] {
  return [
    ...FIELD_ORDER.flatMap((field) => {
      const text = errors[field];
      return text ? [{ fieldId: errorTargetId(field, values), text }] : [];
    }),
    ...other.map((text) => ({ text })),
  ];
}
