import { useRef, useState, type FormEvent } from 'react';
import { EVENT_LIMITS, type EventOrganiser, type NetworkEvent } from '@contracts';
import { announce } from '@web/lib/announcer';
import { errorMessage, isApiError } from '@web/lib/api';
import { useMemberSearch } from '@web/modules/members/hooks/use-members';
import { Button } from '@web/ui/Button';
import { ErrorMessage } from '@web/ui/FieldParts';
import { LoadingState } from '@web/ui/LoadingState';
import { Tag } from '@web/ui/Tag';
import { TextInput } from '@web/ui/TextInput';
import { useSetOrganisers } from '../hooks/use-events';
import { ConfirmStep } from './ConfirmStep';

export interface OrganisersSectionProps {
  event: NetworkEvent;
}

const SEARCH_ID = 'organiser-search';
/** Directory results offered at a time. */
const CANDIDATES = 10;

interface CandidatesProps {
  q: string;
  exclude: ReadonlySet<string>;
  busy: boolean;
  onAdd: (member: EventOrganiser) => void;
}

/** Directory results for `q` (the directory's own search), minus those already organising. */
function Candidates({ q, exclude, busy, onAdd }: CandidatesProps) {
  const search = useMemberSearch({
    q,
    sector: [],
    expertise: [],
    country: [],
    level: [],
    sort: null,
  });
  if (search.isPending) return <LoadingState label="Searching the directory…" />;
  if (search.isError) {
    return <ErrorMessage id="organiser-search-failed">{errorMessage(search.error)}</ErrorMessage>;
  }
  const found = (search.data.pages[0]?.items ?? [])
    .filter((member) => !exclude.has(member.id))
    .slice(0, CANDIDATES);
  if (found.length === 0) {
    return (
      <p className="govuk-body" data-testid="organiser-candidates-empty">
        No other members match “{q}”. Try another name or organisation.
      </p>
    );
  }
  return (
    <ul className="govuk-list app-organiser-candidates" aria-label={`Members matching ${q}`}>
      {found.map((member) => (
        <li key={member.id} className="app-organiser" data-testid={`candidate-${member.id}`}>
          <span>
            <span className="govuk-!-font-weight-bold">{member.name}</span>
            <span className="app-secondary-text">, {member.organisation}</span>
          </span>
          <Button
            variant="secondary"
            className="govuk-!-margin-bottom-0"
            busy={busy}
            onClick={() => onAdd({ id: member.id, name: member.name })}
          >
            Add<span className="govuk-visually-hidden"> {member.name} as a co-organiser</span>
          </Button>
        </li>
      ))}
    </ul>
  );
}

/**
 * For organisers and admins on the edit page: who runs the event, adding co-organisers from the
 * directory and removing them after a confirmation. The creator always stays.
 */
export function OrganisersSection({ event }: OrganisersSectionProps) {
  const save = useSetOrganisers();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [searchError, setSearchError] = useState<string | undefined>();
  const [removing, setRemoving] = useState<EventOrganiser | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const listRef = useRef<HTMLDivElement>(null);

  const coOrganisers = event.organisers.filter((o) => o.id !== event.organiserId);
  const full = coOrganisers.length >= EVENT_LIMITS.coOrganisers;
  const exclude = new Set(event.organisers.map((o) => o.id));

  const change = (memberIds: string[], success: string) => {
    setError(null);
    setDone(null);
    save.mutate(
      { id: event.id, memberIds },
      {
        onSuccess: () => {
          setDone(success);
          announce(success);
          setRemoving(null);
        },
        onError: (failure) => {
          const field = isApiError(failure) ? failure.fieldMessage('memberIds') : undefined;
          setError(field ?? errorMessage(failure));
        },
      },
    );
  };

  const onSearch = (submitted: FormEvent<HTMLFormElement>) => {
    submitted.preventDefault();
    const term = text.trim();
    if (term.length < 2) {
      setSearchError('Enter at least 2 characters of a name or organisation');
      document.getElementById(SEARCH_ID)?.focus();
      return;
    }
    setSearchError(undefined);
    setQ(term);
  };

  return (
    <section className="app-event-organisers" aria-labelledby="event-organisers-heading">
      <h2 className="govuk-heading-m" id="event-organisers-heading">
        Organisers
      </h2>
      <p className="govuk-body">
        Organisers can change and cancel the event and see who is registered. Co-organisers must
        hold the editor role.
      </p>
      {done ? (
        <p className="govuk-body govuk-!-font-weight-bold" data-testid="organisers-done">
          {done}
        </p>
      ) : null}
      {error ? <ErrorMessage id="organisers-error">{error}</ErrorMessage> : null}
      <div ref={listRef}>
        <ul className="govuk-list" data-testid="event-organisers">
          {event.organisers.map((organiser) => (
            <li key={organiser.id} className="app-organiser">
              <span>
                {organiser.name}{' '}
                {organiser.id === event.organiserId ? (
                  <Tag colour="grey">Created the event</Tag>
                ) : null}
              </span>
              {organiser.id === event.organiserId ? null : (
                <Button
                  variant="secondary"
                  className="govuk-!-margin-bottom-0"
                  onClick={() => {
                    setRemoving(organiser);
                    setError(null);
                    setDone(null);
                  }}
                >
                  Remove<span className="govuk-visually-hidden"> {organiser.name}</span>
                </Button>
              )}
            </li>
          ))}
        </ul>
      </div>
      {removing ? (
        <ConfirmStep
          id="organiser-remove"
          question={`Remove ${removing.name} as a co-organiser? They will no longer be able to change the event or see who is registered.`}
          confirmLabel={`Yes, remove ${removing.name}`}
          keepLabel="No, keep them"
          error={null}
          busy={save.isPending}
          onConfirm={() =>
            change(
              coOrganisers.filter((o) => o.id !== removing.id).map((o) => o.id),
              `${removing.name} is no longer an organiser of this event.`,
            )
          }
          onKeep={() => {
            setRemoving(null);
            requestAnimationFrame(() => listRef.current?.querySelector('button')?.focus());
          }}
        />
      ) : null}
      {full ? (
        <p className="govuk-body">
          An event can have up to {EVENT_LIMITS.coOrganisers} co-organisers: remove one to add
          another.
        </p>
      ) : (
        <>
          <h3 className="govuk-heading-s">Add a co-organiser</h3>
          <form noValidate onSubmit={onSearch} role="search" aria-label="Find a co-organiser">
            <TextInput
              id={SEARCH_ID}
              name="q"
              type="search"
              label="Name or organisation"
              hint="Searches the member directory."
              value={text}
              onChange={setText}
              error={searchError}
              widthClass="govuk-!-width-two-thirds"
            />
            <Button type="submit" variant="secondary">
              Search
            </Button>
          </form>
          {q ? (
            <Candidates
              q={q}
              exclude={exclude}
              busy={save.isPending}
              onAdd={(member) =>
                change(
                  [...coOrganisers.map((o) => o.id), member.id],
                  `${member.name} is now an organiser of this event.`,
                )
              }
            />
          ) : null}
        </>
      )}
    </section>
  );
}
