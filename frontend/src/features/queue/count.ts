/**
 * countLabel is the queue header's count. A first page that came without its total (-1: the
 * boot's read-ahead of a long queue, asked again at once with the count) shows "…" while the
 * count is on its way; if that ask failed, the rows already shown are a lower bound, so the
 * header says so ("50+ tickets") instead of waiting for an answer that will not come.
 */
export function countLabel(total: number | undefined, shown: number, failed: boolean): string {
  if (total === undefined) return '…'
  if (total < 0) return failed ? `${shown.toLocaleString()}+ tickets` : '…'
  return `${total.toLocaleString()} ${total === 1 ? 'ticket' : 'tickets'}`
}
