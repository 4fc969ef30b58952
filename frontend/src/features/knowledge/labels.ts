import type { ArticleState } from '../../api/knowledge'

/** What a lifecycle button says, by the state it moves the article from and to. */
export function moveLabel(from: string, to: string): string {
  if (to === 'review') return 'Submit for review'
  if (to === 'published') return 'Publish'
  if (to === 'retired') return 'Retire'
  if (from === 'retired') return 'Revive as draft'
  if (from === 'review') return 'Send back to draft'
  return 'Back to draft'
}

export const STATE_LABELS: Record<ArticleState, string> = {
  draft: 'Draft',
  review: 'In review',
  published: 'Published',
  retired: 'Retired',
}
