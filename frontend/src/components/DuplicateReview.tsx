import { useId, useState } from 'react';
import { graphql } from '../gql';
import { ApiError, clearQueryCache, gqlRequest } from '../api';
import { ErrorBox } from './Status';
import { useT } from '../hooks';

const ConfirmDuplicate = graphql(`
  mutation ConfirmDuplicate($component: ID!, $shared: ID!, $note: String) {
    confirmDuplicate(component: $component, shared: $shared, note: $note) {
      review
      reviewNote
    }
  }
`);

const DismissDuplicate = graphql(`
  mutation DismissDuplicate($component: ID!, $shared: ID!, $note: String!) {
    dismissDuplicate(component: $component, shared: $shared, note: $note) {
      review
      reviewNote
    }
  }
`);

export type ReviewAction = 'CONFIRMED' | 'DISMISSED';

/** DuplicateReview confirms or dismisses one finding (component duplicates shared) with a note
 * (required to dismiss: the framework's reviewers must say why); onDone tells the page, which
 * reloads the worklist (a dismissed finding leaves the default list). */
export function DuplicateReview({
  component,
  shared,
  onDone,
}: {
  component: string;
  shared: string;
  onDone: (action: ReviewAction, note: string) => void;
}) {
  const { tr } = useT();
  const id = useId();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const act = async (action: ReviewAction) => {
    const text = note.trim();
    if (action === 'DISMISSED' && !text) {
      setMissing(true);
      return;
    }
    setMissing(false);
    setError(null);
    setBusy(true);
    try {
      if (action === 'CONFIRMED') await gqlRequest(ConfirmDuplicate, { component, shared, note: text || null });
      else await gqlRequest(DismissDuplicate, { component, shared, note: text });
      clearQueryCache();
      onDone(action, text);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(String(e), 'CLIENT_ERROR', null));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="dup-review"
      aria-label={tr('dupReviewForm', { shared })}
      data-testid={`dup-review-${shared}`}
      onSubmit={(e) => e.preventDefault()}
    >
      <label htmlFor={`${id}-note`}>{tr('dupReviewNote')}</label>
      <textarea
        id={`${id}-note`}
        value={note}
        maxLength={1000}
        rows={2}
        onChange={(e) => setNote(e.target.value)}
        aria-invalid={missing || undefined}
        aria-describedby={missing ? `${id}-missing` : undefined}
      />
      {missing && (
        <p id={`${id}-missing`} className="field-error" role="alert">
          {tr('dupReviewNoteNeeded')}
        </p>
      )}
      <div className="dup-review-actions">
        <button type="button" disabled={busy} onClick={() => void act('CONFIRMED')}>
          {tr('dupConfirm')}
        </button>
        <button type="button" disabled={busy} onClick={() => void act('DISMISSED')}>
          {tr('dupDismiss')}
        </button>
      </div>
      {error && <ErrorBox error={error} />}
    </form>
  );
}
