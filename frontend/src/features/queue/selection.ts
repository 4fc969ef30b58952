// The rows ticked in a queue. Picked rows are kept by id (a page reloading keeps them); "all"
// is every ticket of the view's filters, loaded or not, less the rows unticked since, so
// Ctrl+A on a 40,000-ticket view costs nothing until an action asks Go to resolve it.

export interface Picked {
  all: boolean
  /** all: false — the ticked ids; all: true — the unticked ones. */
  ids: ReadonlySet<string>
  /** The row a shift-click extends from (its index in the view), -1 for none. */
  anchor: number
}

export const none: Picked = { all: false, ids: new Set(), anchor: -1 }

export function isPicked(p: Picked, id: string): boolean {
  return p.all ? !p.ids.has(id) : p.ids.has(id)
}

/** count is how many tickets are ticked, of total in the view. */
export function count(p: Picked, total: number): number {
  return p.all ? Math.max(0, total - p.ids.size) : p.ids.size
}

function flip(set: ReadonlySet<string>, id: string, on: boolean): Set<string> {
  const next = new Set(set)
  if (on) next.add(id)
  else next.delete(id)
  return next
}

/** toggle ticks or unticks one row and makes it the anchor of the next shift-click. */
export function toggle(p: Picked, id: string, index: number): Picked {
  const on = !isPicked(p, id)
  return { all: p.all, ids: flip(p.ids, id, p.all ? !on : on), anchor: index }
}

/**
 * extend gives the rows from the anchor to index (inclusive) the anchor's state, as a
 * shift-click does: after ticking a row it ticks the range, after unticking one it unticks it.
 * rowAt gives the id at an index, or null for a row not loaded (it is skipped). With no anchor
 * it is a plain toggle.
 */
export function extend(p: Picked, index: number, rowAt: (i: number) => string | null): Picked {
  if (p.anchor < 0) {
    const id = rowAt(index)
    return id ? toggle(p, id, index) : p
  }
  const [from, to] = p.anchor <= index ? [p.anchor, index] : [index, p.anchor]
  const anchorID = rowAt(p.anchor)
  const on = anchorID ? isPicked(p, anchorID) : true
  let ids = new Set(p.ids)
  for (let i = from; i <= to; i++) {
    const id = rowAt(i)
    if (id) ids = flip(ids, id, p.all ? !on : on)
  }
  return { all: p.all, ids, anchor: index }
}

/** all ticks every ticket of the view. */
export function pickAll(): Picked {
  return { all: true, ids: new Set(), anchor: -1 }
}
