import { CONTACT_LIMITS } from '@contracts';
import { Radios } from '@web/ui/Radios';
import { Textarea } from '@web/ui/Textarea';
import { TextInput } from '@web/ui/TextInput';
import { CATEGORY_HINTS, CATEGORY_LABELS } from '../contact-labels';
import {
  CATEGORY_ORDER,
  contactFieldId,
  type ContactErrors,
  type ContactValues,
} from '../contact-values';
import { AttachmentsField } from './AttachmentsField';

export interface ContactFieldsProps {
  values: ContactValues;
  onChange: (patch: Partial<ContactValues>) => void;
  errors: ContactErrors;
  /** Signed in: the name and email are the account's, shown but not editable. */
  account: boolean;
  busy: boolean;
}

const CATEGORY_ITEMS = CATEGORY_ORDER.map((value) => ({
  value,
  label: CATEGORY_LABELS[value],
  hint: CATEGORY_HINTS[value],
}));

/** The fields of a message to the contact point, and the honeypot that people never see. */
export function ContactFields({ values, onChange, errors, account, busy }: ContactFieldsProps) {
  const accountHint = account ? 'From your account' : undefined;
  return (
    <>
      <TextInput
        id={contactFieldId('name')}
        name="name"
        label="Your name"
        value={values.name}
        onChange={(name) => onChange({ name })}
        error={errors.name}
        autoComplete="name"
        spellCheck={false}
        readOnly={account}
        hint={accountHint}
      />
      <TextInput
        id={contactFieldId('email')}
        name="email"
        type="email"
        label="Email address"
        value={values.email}
        onChange={(email) => onChange({ email })}
        error={errors.email}
        autoComplete="email"
        spellCheck={false}
        readOnly={account}
        hint={
          account
            ? 'From your account. Replies go to this address.'
            : 'We will send a confirmation and our replies to this address.'
        }
      />
      <TextInput
        id={contactFieldId('organisation')}
        name="organisation"
        label="Organisation (optional)"
        value={values.organisation}
        onChange={(organisation) => onChange({ organisation })}
        error={errors.organisation}
        autoComplete="organization"
      />
      <Radios
        idPrefix={contactFieldId('category')}
        name="category"
        legend="What is your message about?"
        legendClass="govuk-fieldset__legend--m"
        items={CATEGORY_ITEMS}
        value={values.category}
        onChange={(category) => onChange({ category: category as ContactValues['category'] })}
        error={errors.category}
        small
      />
      <TextInput
        id={contactFieldId('subject')}
        name="subject"
        label="Subject"
        value={values.subject}
        onChange={(subject) => onChange({ subject })}
        error={errors.subject}
      />
      <Textarea
        id={contactFieldId('message')}
        name="message"
        label="Your message"
        hint="Do not include anything marked above OFFICIAL, or personal details of anyone else."
        value={values.message}
        onChange={(message) => onChange({ message })}
        error={errors.message}
        rows={8}
        maxLength={CONTACT_LIMITS.message}
      />
      <AttachmentsField
        id={contactFieldId('files')}
        label="Attach files (optional)"
        files={values.files}
        onChange={(files) => onChange({ files })}
        error={errors.files}
        disabled={busy}
      />
      {/* A honeypot for bots: hidden from people and assistive technology alike. */}
      <div className="app-honeypot" aria-hidden="true">
        <label htmlFor="contact-website">Leave this empty</label>
        <input
          id="contact-website"
          name="website"
          type="text"
          tabIndex={-1}
          autoComplete="off"
          value={values.website}
          onChange={(event) => onChange({ website: event.target.value })}
        />
      </div>
    </>
  );
}
