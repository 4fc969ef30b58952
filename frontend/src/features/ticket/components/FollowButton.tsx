// Follow a ticket: its changes then reach the person's notification centre, on every desk of
// theirs (a follow is a record of theirs that syncs).
import { useFollow, useFollowing } from '../../../api/notify'

export function FollowButton({ ticketId }: { ticketId: string }) {
  const following = useFollowing(ticketId)
  const follow = useFollow(ticketId)
  const on = following.data ?? false
  return (
    <button
      type="button"
      className={`btn btn-small${on ? ' btn-on' : ''}`}
      aria-pressed={on}
      disabled={following.isPending || follow.isPending}
      title={follow.error?.message ?? (on ? 'Stop hearing of changes to this ticket' : 'Hear of every change to this ticket')}
      onClick={() => follow.mutate(!on)}
      data-testid="ticket-follow"
      data-following={on ? 'true' : 'false'}
    >
      {on ? 'Following' : 'Follow'}
    </button>
  )
}
