// The bulk actions' names, for the bar that offers them and the dialog that asks for each.

/** The bulk actions that ask for something first. */
export type BulkKind = 'assign' | 'priority' | 'category' | 'tags' | 'note' | 'on_hold' | 'resolved' | 'canceled'

export const BULK_LABELS: Record<BulkKind, string> = {
  assign: 'Assign',
  priority: 'Set priority',
  category: 'Set category',
  tags: 'Add tags',
  note: 'Add work note',
  on_hold: 'Put on hold',
  resolved: 'Resolve',
  canceled: 'Cancel tickets',
}
