import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useBlocker, useNavigate } from 'react-router';
import { errorMessage, isApiError } from '@web/lib/api';
import { authStore } from '@web/lib/auth-store';
import { usePageTitle } from '@web/lib/use-page-title';
import { NewsletterForm } from '@web/modules/newsletters/components/NewsletterForm';
import {
  draftSummary,
  EMPTY_DRAFT,
  fromServerErrors,
  hasChanges,
  toCreateRequest,
  validateDraft,
  type DraftErrors,
  type DraftValues,
} from '@web/modules/newsletters/draft-values';
import { useCreateNewsletter } from '@web/modules/newsletters/hooks/use-newsletters';
import { editPath } from '@web/modules/newsletters/newsletter-labels';
import { useTaxonomyLabels } from '@web/modules/taxonomy/hooks/use-taxonomy';
import { Button } from '@web/ui/Button';
import { ErrorSummary, type ErrorSummaryItem } from '@web/ui/ErrorSummary';

const UNSAVED_WARNING = 'You have not saved this issue. Leave this page and lose it?';

/**
 * `/newsletters/new` (editors): a new issue, saved as a draft when asked; from then on the
 * editor saves it as it is written.
 */
export function NewsletterNewPage() {
  const navigate = useNavigate();
  const create = useCreateNewsletter();
  const taxonomy = useTaxonomyLabels();
  const [values, setValues] = useState<DraftValues>(EMPTY_DRAFT);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [summary, setSummary] = useState<ErrorSummaryItem[]>([]);
  const leaving = useRef(false);
  usePageTitle('New newsletter issue', summary.length > 0);

  const dirty = hasChanges(values, EMPTY_DRAFT);

  // Warn before leaving with unsaved work: in the app, and when closing or reloading the tab.
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

  const showErrors = (fields: DraftErrors, other: string[] = []) => {
    setErrors(fields);
    setSummary(draftSummary(fields, other));
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (create.isPending) return;
    const found = validateDraft(values);
    showErrors(found);
    if (Object.keys(found).length > 0) return;
    create.mutate(toCreateRequest(values), {
      onSuccess: (created) => {
        leaving.current = true;
        void navigate(editPath(created.id), { replace: true });
      },
      onError: (error) => {
        if (isApiError(error) && error.status === 400 && error.fieldErrors.length > 0) {
          const fromServer = fromServerErrors(error.fieldErrors);
          showErrors(fromServer.fields, fromServer.other);
          return;
        }
        showErrors({}, [errorMessage(error)]);
      },
    });
  };

  return (
    <>
      <Link className="govuk-back-link" to="/newsletters/drafts">
        Drafts and clearance
      </Link>
      <ErrorSummary items={summary} />
      <span className="govuk-caption-l">Newsletter issue</span>
      <h1 className="govuk-heading-l">New newsletter issue</h1>
      <p className="govuk-body">
        Save it as a draft to start: from then on your changes are saved as you write.
      </p>
      <form noValidate onSubmit={onSubmit}>
        <NewsletterForm
          values={values}
          onChange={(patch) => setValues((old) => ({ ...old, ...patch }))}
          errors={errors}
          taxonomy={taxonomy}
        />
        <div className="govuk-button-group">
          <Button type="submit" busy={create.isPending}>
            {create.isPending ? 'Saving the draft…' : 'Save as draft'}
          </Button>
          <Link className="govuk-link" to="/newsletters/drafts">
            Cancel
          </Link>
        </div>
      </form>
    </>
  );
}
