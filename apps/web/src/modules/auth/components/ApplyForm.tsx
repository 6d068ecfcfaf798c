import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import type { RegisterRequest } from '@contracts';
import { COUNTRY_OPTIONS } from '@web/lib/countries';
import { errorMessage, isApiError, tooManyAttemptsMessage } from '@web/lib/api';
import { usePageTitle } from '@web/lib/use-page-title';
import { useSectors } from '@web/modules/taxonomy/hooks/use-taxonomy';
import { Button } from '@web/ui/Button';
import { ErrorSummary, type ErrorSummaryItem } from '@web/ui/ErrorSummary';
import { Select } from '@web/ui/Select';
import { TextInput } from '@web/ui/TextInput';
import { Textarea } from '@web/ui/Textarea';
import { useApply } from '../hooks/use-session-actions';
import { passwordLengthProblem, personalWords } from '../password-strength';
import { NewPasswordField } from './NewPasswordField';
import { fieldErrorsFrom, isEmail, type FieldErrors } from './validation';

/** The form's values: every field of an application, as text. */
type Values = Required<Omit<RegisterRequest, 'invitation'>>;
type Field = keyof Values;

const FIELDS: readonly Field[] = [
  'name',
  'email',
  'password',
  'organisation',
  'sector',
  'country',
  'statement',
];

export const STATEMENT_MAX = 2000;

const fieldId = (field: Field) => `apply-${field}`;

const COUNTRY_SELECT_OPTIONS = COUNTRY_OPTIONS.map((country) => ({
  value: country.code,
  label: country.name,
}));

const EMPTY: Values = {
  name: '',
  email: '',
  password: '',
  organisation: '',
  sector: '',
  country: '',
  statement: '',
};

function validate(values: Values, invited: boolean): FieldErrors<Field> {
  const errors: FieldErrors<Field> = {};
  if (!values.name.trim()) errors.name = 'Enter your full name';
  if (!values.email.trim()) errors.email = 'Enter your email address';
  else if (!isEmail(values.email)) {
    errors.email = 'Enter an email address in the correct format, like name@example.com';
  }
  if (!values.password) errors.password = 'Enter a password';
  else {
    const lengthProblem = passwordLengthProblem(values.password);
    if (lengthProblem) errors.password = lengthProblem;
  }
  if (!values.organisation.trim()) errors.organisation = 'Enter your organisation';
  if (!values.sector) errors.sector = 'Select your sector';
  if (!values.country) errors.country = 'Select your country';
  if (invited) return errors;
  if (!values.statement.trim()) errors.statement = 'Enter why you want to join';
  else if (values.statement.length > STATEMENT_MAX) {
    errors.statement = `Why you want to join must be ${STATEMENT_MAX.toLocaleString('en-GB')} characters or fewer`;
  }
  return errors;
}

/** An invitation the form redeems: the address is fixed and no statement is asked for. */
export interface ApplyFormInvitation {
  token: string;
  email: string;
}

export interface ApplyFormProps {
  invitation?: ApplyFormInvitation;
}

export function ApplyForm({ invitation }: ApplyFormProps) {
  const navigate = useNavigate();
  const apply = useApply();
  const { sectors, isLoading: sectorsLoading } = useSectors();
  const [values, setValues] = useState<Values>(
    invitation ? { ...EMPTY, email: invitation.email } : EMPTY,
  );
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [generalError, setGeneralError] = useState<string | null>(null);

  const summary: ErrorSummaryItem[] = [
    ...FIELDS.flatMap((field) => {
      const text = errors[field];
      return text ? [{ fieldId: fieldId(field), text }] : [];
    }),
    ...(generalError ? [{ text: generalError }] : []),
  ];
  usePageTitle(invitation ? 'Join OCVRN' : 'Apply to join', summary.length > 0);

  const set = (field: Field) => (value: string) => setValues((old) => ({ ...old, [field]: value }));

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (apply.isPending) return;
    const found = validate(values, invitation !== undefined);
    setErrors(found);
    setGeneralError(null);
    if (Object.keys(found).length > 0) return;
    const { statement, ...rest } = values;
    const request: RegisterRequest = {
      ...rest,
      name: values.name.trim(),
      email: values.email.trim(),
      organisation: values.organisation.trim(),
      // With an invitation no statement is asked for (the server does not require one).
      ...(invitation ? { invitation: invitation.token } : { statement: statement.trim() }),
    };
    apply.mutate(request, {
      onSuccess: ({ signedIn, status, emailVerified }) => {
        // Approved at once (an invitation): straight to the home page. Otherwise the pending
        // page says where the link to confirm the address went.
        if (signedIn) {
          void navigate(status === 'approved' ? '/' : '/pending');
        } else {
          const checkEmail = emailVerified
            ? ''
            : ` We have sent a link to ${request.email}: follow it to confirm your email address.`;
          void navigate('/sign-in', {
            state: {
              message:
                status === 'approved'
                  ? `Your account is ready. Sign in to continue.${checkEmail}`
                  : `Thank you for applying.${checkEmail} Sign in to follow your application.`,
            },
          });
        }
      },
      onError: (error) => {
        if (isApiError(error) && error.code === 'EMAIL_TAKEN') {
          setErrors({ email: 'An account with this email address already exists' });
          return;
        }
        const invitationProblem = isApiError(error) ? error.fieldMessage('invitation') : undefined;
        if (invitationProblem) {
          setGeneralError(invitationProblem);
          return;
        }
        if (isApiError(error) && error.fieldErrors.length > 0) {
          const fromServer = fieldErrorsFrom(error, FIELDS);
          setErrors(fromServer);
          if (Object.keys(fromServer).length === 0) setGeneralError(errorMessage(error));
          return;
        }
        if (isApiError(error) && error.status === 429) {
          setGeneralError(tooManyAttemptsMessage(error));
          return;
        }
        setGeneralError(errorMessage(error));
      },
    });
  };

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={summary} />
        {invitation ? (
          <>
            <h1 className="govuk-heading-l">You have been invited to join OCVRN</h1>
            <p className="govuk-body">
              Create your account to join the Organised Crime Virtual Research Network. Your account
              will be ready as soon as you have created it: there is no application to wait for.
            </p>
          </>
        ) : (
          <>
            <h1 className="govuk-heading-l">Apply to join</h1>
            <p className="govuk-body">
              The network is open to academics, government researchers, law enforcement, industry
              and international partners working on organised crime. An administrator reviews every
              application.
            </p>
          </>
        )}
        <form noValidate onSubmit={onSubmit}>
          <TextInput
            id={fieldId('name')}
            name="name"
            label="Full name"
            value={values.name}
            onChange={set('name')}
            error={errors.name}
            autoComplete="name"
            spellCheck={false}
          />
          <TextInput
            id={fieldId('email')}
            name="email"
            type="email"
            label="Email address"
            hint={
              invitation
                ? 'The address your invitation was sent to. You will use it to sign in.'
                : 'We will use this to sign you in and to tell you about your application.'
            }
            value={values.email}
            onChange={set('email')}
            error={errors.email}
            autoComplete="email"
            spellCheck={false}
            readOnly={invitation !== undefined}
            widthClass={invitation ? 'app-input--read-only' : undefined}
          />
          <NewPasswordField
            id={fieldId('password')}
            name="password"
            label="Password"
            value={values.password}
            onChange={set('password')}
            error={errors.password}
            userInputs={personalWords(values.name, values.email, values.organisation)}
          />
          <TextInput
            id={fieldId('organisation')}
            name="organisation"
            label="Organisation"
            value={values.organisation}
            onChange={set('organisation')}
            error={errors.organisation}
            autoComplete="organization"
          />
          <Select
            id={fieldId('sector')}
            name="sector"
            label="Sector"
            placeholder={sectorsLoading ? 'Loading sectors…' : 'Choose your sector'}
            options={sectors.map((sector) => ({ value: sector.id, label: sector.label }))}
            value={values.sector}
            onChange={set('sector')}
            error={errors.sector}
          />
          <Select
            id={fieldId('country')}
            name="country"
            label="Country"
            hint="Where you are based."
            placeholder="Choose your country"
            options={COUNTRY_SELECT_OPTIONS}
            value={values.country}
            onChange={set('country')}
            error={errors.country}
            autoComplete="country"
          />
          {invitation ? null : (
            <Textarea
              id={fieldId('statement')}
              name="statement"
              label="Why do you want to join?"
              hint="Tell us about your work on organised crime and what you hope to share or find."
              value={values.statement}
              onChange={set('statement')}
              error={errors.statement}
              maxLength={STATEMENT_MAX}
              rows={6}
            />
          )}
          <Button type="submit" busy={apply.isPending}>
            {invitation ? 'Create account' : 'Apply'}
          </Button>
          {apply.isPending ? (
            <p className="govuk-body" role="status">
              {invitation ? 'Creating your account…' : 'Sending your application…'}
            </p>
          ) : null}
        </form>
        {invitation ? (
          <p className="govuk-body">
            Already have an account?{' '}
            <Link to="/sign-in" className="govuk-link">
              Sign in
            </Link>
            .
          </p>
        ) : (
          <p className="govuk-body">
            Already applied?{' '}
            <Link to="/sign-in" className="govuk-link">
              Sign in
            </Link>{' '}
            to see how your application is going.
          </p>
        )}
      </div>
    </div>
  );
}
