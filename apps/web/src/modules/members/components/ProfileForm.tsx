import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useBlocker, useNavigate } from 'react-router';
import {
  VISIBILITIES,
  type MemberProfile,
  type ProfileVisibility,
  type UpdateProfileRequest,
  type Visibility,
} from '@contracts';
import { errorMessage, isApiError } from '@web/lib/api';
import { authStore } from '@web/lib/auth-store';
import { COUNTRY_OPTIONS } from '@web/lib/countries';
import type { TaxonomyLabels } from '@web/modules/taxonomy/hooks/use-taxonomy';
import { Button } from '@web/ui/Button';
import type { ErrorSummaryItem } from '@web/ui/ErrorSummary';
import { LoadingState } from '@web/ui/LoadingState';
import { Radios } from '@web/ui/Radios';
import { Select } from '@web/ui/Select';
import { TextInput } from '@web/ui/TextInput';
import { Textarea } from '@web/ui/Textarea';
import { useUpdateProfile } from '../hooks/use-members';
import {
  BIO_MAX,
  hasOrcidChecksum,
  isOrcidFormat,
  normaliseOrcid,
  safeHttpUrl,
  VISIBILITY_LABELS,
} from '../profile-fields';
import { ExpertisePicker } from './ExpertisePicker';

type TextField =
  | 'name'
  | 'title'
  | 'organisation'
  | 'sector'
  | 'level'
  | 'country'
  | 'bio'
  | 'orcid'
  | 'phone'
  | 'website';
type VisibilityField = keyof ProfileVisibility;
type ProfileField = TextField | 'expertise' | `visibility.${VisibilityField}`;

/** The form's fields in page order: the error summary lists problems in this order. */
const FIELD_ORDER: readonly ProfileField[] = [
  'name',
  'title',
  'organisation',
  'sector',
  'level',
  'country',
  'bio',
  'orcid',
  'expertise',
  'visibility.email',
  'phone',
  'visibility.phone',
  'website',
  'visibility.website',
];

export type ProfileFieldErrors = Partial<Record<ProfileField, string>>;

export function profileFieldId(field: ProfileField): string {
  return `profile-${field.replace('.', '-')}`;
}

/** Maps a server error's `field` (`visibility.email`, `expertise[2]`, `expertise.2`) to a control. */
export function profileFieldFor(field: string): ProfileField | null {
  const base = field.replace(/\[\d+\]$/, '').replace(/\.\d+$/, '');
  if (base === 'visibility') return 'visibility.email';
  return FIELD_ORDER.find((candidate) => candidate === base) ?? null;
}

interface FormValues extends Record<TextField, string> {
  expertise: string[];
  visibility: ProfileVisibility;
}

function toValues(profile: MemberProfile): FormValues {
  return {
    name: profile.name,
    title: profile.title ?? '',
    organisation: profile.organisation,
    sector: profile.sector,
    level: profile.level ?? '',
    country: profile.country,
    bio: profile.bio ?? '',
    orcid: profile.orcid ?? '',
    phone: profile.phone ?? '',
    website: profile.website ?? '',
    expertise: [...profile.expertise],
    visibility: { ...profile.visibility },
  };
}

const optional = (value: string): string | null => value.trim() || null;
const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/** What changed, as `PATCH /members/me` takes it: untouched fields are not sent. */
export function changedFields(values: FormValues, initial: FormValues): UpdateProfileRequest {
  const request: UpdateProfileRequest = {};
  if (values.name.trim() !== initial.name.trim()) request.name = values.name.trim();
  if (values.organisation.trim() !== initial.organisation.trim()) {
    request.organisation = values.organisation.trim();
  }
  if (values.sector !== initial.sector) request.sector = values.sector;
  if (values.country !== initial.country) request.country = values.country;
  if (optional(values.title) !== optional(initial.title)) request.title = optional(values.title);
  if (optional(values.level) !== optional(initial.level)) request.level = optional(values.level);
  if (optional(values.bio) !== optional(initial.bio)) request.bio = optional(values.bio);
  const orcid = optional(normaliseOrcid(values.orcid));
  if (orcid !== optional(normaliseOrcid(initial.orcid))) request.orcid = orcid;
  if (optional(values.phone) !== optional(initial.phone)) request.phone = optional(values.phone);
  if (optional(values.website) !== optional(initial.website)) {
    request.website = optional(values.website);
  }
  if (!sameSet(values.expertise, initial.expertise)) request.expertise = values.expertise;
  const visibility: Partial<ProfileVisibility> = {};
  for (const key of ['email', 'phone', 'website'] as const) {
    if (values.visibility[key] !== initial.visibility[key])
      visibility[key] = values.visibility[key];
  }
  if (Object.keys(visibility).length > 0) request.visibility = visibility;
  return request;
}

function validate(values: FormValues): ProfileFieldErrors {
  const errors: ProfileFieldErrors = {};
  if (!values.name.trim()) errors.name = 'Enter your full name';
  if (!values.organisation.trim()) errors.organisation = 'Enter your organisation';
  if (!values.sector) errors.sector = 'Select your sector';
  if (!values.country) errors.country = 'Select your country';
  if (values.bio.length > BIO_MAX) {
    errors.bio = `About you must be ${BIO_MAX.toLocaleString('en-GB')} characters or fewer`;
  }
  const orcid = normaliseOrcid(values.orcid);
  if (orcid && !isOrcidFormat(orcid)) {
    errors.orcid = 'Enter your ORCID iD in the correct format, like 0000-0002-1825-0097';
  } else if (orcid && !hasOrcidChecksum(orcid)) {
    errors.orcid = 'Enter a real ORCID iD: check you have copied all 16 characters correctly';
  }
  if (values.website.trim() && !safeHttpUrl(values.website)) {
    errors.website =
      'Enter a website address starting with https:// or http://, like https://www.example.org';
  }
  return errors;
}

/** The server's words for format errors are terse: GOV.UK-style ones with an example instead. */
const SERVER_MESSAGES: ProfileFieldErrors = {
  phone: 'Enter a telephone number, like 01632 960 001 or +44 808 157 0192',
  website:
    'Enter a website address starting with https:// or http://, like https://www.example.org',
};

const sentence = (message: string) => message.charAt(0).toUpperCase() + message.slice(1);

const VISIBILITY_ITEMS = VISIBILITIES.map((value) => ({ value, label: VISIBILITY_LABELS[value] }));

const COUNTRY_SELECT_OPTIONS = COUNTRY_OPTIONS.map((country) => ({
  value: country.code,
  label: country.name,
}));

const UNSAVED_WARNING = 'You have not saved the changes to your profile. Leave this page anyway?';

/** The error summary's items for a set of field errors and other messages, in page order. */
function summaryOf(errors: ProfileFieldErrors, general: readonly string[]): ErrorSummaryItem[] {
  return [
    ...FIELD_ORDER.flatMap((field) => {
      const text = errors[field];
      return text ? [{ fieldId: profileFieldId(field), text }] : [];
    }),
    ...general.map((text) => ({ text })),
  ];
}

export interface ProfileFormProps {
  profile: MemberProfile;
  taxonomy: TaxonomyLabels;
  /** The page shows the error summary above its heading. */
  onErrors: (items: ErrorSummaryItem[]) => void;
}

/** Every field of my profile, with who may see each contact field right after it. */
export function ProfileForm({ profile, taxonomy, onErrors }: ProfileFormProps) {
  const navigate = useNavigate();
  const update = useUpdateProfile();
  const [initial] = useState(() => toValues(profile));
  const [values, setValues] = useState<FormValues>(initial);
  const [errors, setErrors] = useState<ProfileFieldErrors>({});
  const leaving = useRef(false);

  const showErrors = (fieldErrors: ProfileFieldErrors, general: string[] = []) => {
    setErrors(fieldErrors);
    onErrors(summaryOf(fieldErrors, general));
  };

  const dirty = Object.keys(changedFields(values, initial)).length > 0;

  // Warn before leaving with unsaved changes: in the app, and when closing or reloading the tab.
  const blocker = useBlocker(
    useCallback(
      ({ currentLocation, nextLocation }) =>
        dirty &&
        !leaving.current &&
        authStore.getState().status === 'signed-in' &&
        currentLocation.pathname !== nextLocation.pathname,
      [dirty],
    ),
  );
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    if (window.confirm(UNSAVED_WARNING)) blocker.proceed();
    else blocker.reset();
  }, [blocker]);
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);

  const set = (field: TextField) => (value: string) =>
    setValues((old) => ({ ...old, [field]: value }));
  const setVisibility = (field: VisibilityField) => (value: string) =>
    setValues((old) => ({
      ...old,
      visibility: { ...old.visibility, [field]: value as Visibility },
    }));

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (update.isPending) return;
    const found = validate(values);
    showErrors(found);
    if (Object.keys(found).length > 0) return;
    update.mutate(changedFields(values, initial), {
      onSuccess: (saved) => {
        leaving.current = true;
        void navigate(`/members/${encodeURIComponent(saved.id)}`, {
          state: { profileSaved: true },
        });
      },
      onError: (error) => {
        if (isApiError(error) && error.fieldErrors.length > 0) {
          const fromServer: ProfileFieldErrors = {};
          const other: string[] = [];
          for (const { field, message } of error.fieldErrors) {
            const control = profileFieldFor(field);
            if (control) fromServer[control] ??= SERVER_MESSAGES[control] ?? sentence(message);
            else other.push(sentence(message));
          }
          showErrors(fromServer, other);
          return;
        }
        showErrors({}, [errorMessage(error)]);
      },
    });
  };

  return (
    <form noValidate onSubmit={onSubmit}>
      <h2 className="govuk-heading-m">About you</h2>
      <TextInput
        id={profileFieldId('name')}
        name="name"
        label="Full name"
        value={values.name}
        onChange={set('name')}
        error={errors.name}
        autoComplete="name"
        spellCheck={false}
      />
      <TextInput
        id={profileFieldId('title')}
        name="title"
        label="Job title (optional)"
        hint="For example, Senior Lecturer in Criminology"
        value={values.title}
        onChange={set('title')}
        error={errors.title}
        autoComplete="organization-title"
      />
      <TextInput
        id={profileFieldId('organisation')}
        name="organisation"
        label="Organisation"
        value={values.organisation}
        onChange={set('organisation')}
        error={errors.organisation}
        autoComplete="organization"
      />
      <Select
        id={profileFieldId('sector')}
        name="sector"
        label="Sector"
        options={taxonomy.sectors.map((sector) => ({ value: sector.id, label: sector.label }))}
        placeholder={values.sector ? undefined : 'Choose your sector'}
        value={values.sector}
        onChange={set('sector')}
        error={errors.sector}
      />
      <Select
        id={profileFieldId('level')}
        name="level"
        label="Level (optional)"
        hint="The level you mostly work at."
        options={taxonomy.levels.map((level) => ({ value: level.id, label: level.label }))}
        placeholder="Not specified"
        value={values.level}
        onChange={set('level')}
        error={errors.level}
      />
      <Select
        id={profileFieldId('country')}
        name="country"
        label="Country"
        hint="Where you are based."
        options={COUNTRY_SELECT_OPTIONS}
        placeholder={values.country ? undefined : 'Choose your country'}
        value={values.country}
        onChange={set('country')}
        error={errors.country}
        autoComplete="country"
      />
      <Textarea
        id={profileFieldId('bio')}
        name="bio"
        label="About your work (optional)"
        hint="Your research, current projects and what you would like to work on with others. Members can search these words."
        value={values.bio}
        onChange={set('bio')}
        error={errors.bio}
        maxLength={BIO_MAX}
        rows={8}
      />
      <TextInput
        id={profileFieldId('orcid')}
        name="orcid"
        label="ORCID iD (optional)"
        hint="16 characters, for example 0000-0002-1825-0097"
        value={values.orcid}
        onChange={set('orcid')}
        error={errors.orcid}
        spellCheck={false}
        widthClass="govuk-input--width-20"
      />

      {taxonomy.topics.length > 0 ? (
        <ExpertisePicker
          id={profileFieldId('expertise')}
          topics={taxonomy.topics}
          values={values.expertise}
          onChange={(expertise) => setValues((old) => ({ ...old, expertise }))}
          error={errors.expertise}
        />
      ) : taxonomy.isLoading ? (
        <LoadingState label="Loading the research priorities…" />
      ) : (
        <p className="govuk-body" id={profileFieldId('expertise')} tabIndex={-1}>
          The research priorities could not be loaded, so your expertise cannot be changed now.
        </p>
      )}

      <h2 className="govuk-heading-m">Contact details</h2>
      <p className="govuk-body">
        For each contact detail, choose who can see it: every member, the network&rsquo;s
        administrators only, or nobody but you (hidden).
      </p>
      <div className="govuk-form-group">
        <p className="govuk-body govuk-!-margin-bottom-1 govuk-!-font-weight-bold">Email address</p>
        <p className="govuk-body govuk-!-margin-bottom-1 app-break">{profile.email ?? ''}</p>
        <p className="govuk-hint">This is the address you sign in with.</p>
      </div>
      <Radios
        idPrefix={profileFieldId('visibility.email')}
        name="visibility-email"
        legend="Who can see your email address?"
        items={VISIBILITY_ITEMS}
        value={values.visibility.email}
        onChange={setVisibility('email')}
        error={errors['visibility.email']}
        small
        inline
      />
      <TextInput
        id={profileFieldId('phone')}
        name="phone"
        type="tel"
        label="Phone number (optional)"
        hint="For international numbers include the country code, like +44 808 157 0192"
        value={values.phone}
        onChange={set('phone')}
        error={errors.phone}
        autoComplete="tel"
        widthClass="govuk-input--width-20"
      />
      <Radios
        idPrefix={profileFieldId('visibility.phone')}
        name="visibility-phone"
        legend="Who can see your phone number?"
        items={VISIBILITY_ITEMS}
        value={values.visibility.phone}
        onChange={setVisibility('phone')}
        error={errors['visibility.phone']}
        small
        inline
      />
      <TextInput
        id={profileFieldId('website')}
        name="website"
        type="url"
        label="Website (optional)"
        hint="Starting with https://, like https://www.example.org"
        value={values.website}
        onChange={set('website')}
        error={errors.website}
        autoComplete="url"
        spellCheck={false}
      />
      <Radios
        idPrefix={profileFieldId('visibility.website')}
        name="visibility-website"
        legend="Who can see your website?"
        items={VISIBILITY_ITEMS}
        value={values.visibility.website}
        onChange={setVisibility('website')}
        error={errors['visibility.website']}
        small
        inline
      />

      <div className="govuk-button-group">
        <Button type="submit" busy={update.isPending}>
          {update.isPending ? 'Saving your profile…' : 'Save your profile'}
        </Button>
        <Link className="govuk-link" to={`/members/${encodeURIComponent(profile.id)}`}>
          Cancel
        </Link>
      </div>
    </form>
  );
}
