import { useState } from 'react'
import { inventoryFacts } from '../../../api/assets'
import { formatDateTime } from '../../../lib/format'

const SHOWN = 200

/** InventoryCard shows what the last inventory of a machine found: host, OS, CPU, memory,
 * disks, interfaces and the installed software (filtered here; the list is the asset's). */
export function InventoryCard({ attributes, lastSeenAt }: { attributes: string; lastSeenAt?: number }) {
  const f = inventoryFacts(attributes)
  const [find, setFind] = useState('')
  if (!lastSeenAt && !f.hostname && !f.os) return null
  const software = f.software ?? []
  const needle = find.trim().toLowerCase()
  const matching = needle ? software.filter((s) => s.toLowerCase().includes(needle)) : software
  const gb = (mb: number) => (mb >= 1024 ? `${(mb / 1024).toFixed(1)} GB` : `${mb} MB`)
  return (
    <section className="card span-2" aria-label="Inventory" data-testid="inventory-card">
      <header className="card-head">
        <h2>Inventory</h2>
        <span className="muted small" data-testid="inventory-last-seen">
          {lastSeenAt ? `Last seen ${formatDateTime(lastSeenAt)}` : 'Never inventoried'}
        </span>
      </header>
      <dl className="inventory-facts">
        <dt>Host name</dt>
        <dd data-testid="inventory-hostname">{f.hostname ?? ''}</dd>
        <dt>Operating system</dt>
        <dd data-testid="inventory-os">{[f.os, f.osVersion].filter(Boolean).join(' ')}</dd>
        <dt>CPU</dt>
        <dd data-testid="inventory-cpu">
          {f.cpu ?? ''}
          {f.cpuCount ? ` × ${f.cpuCount}` : ''}
        </dd>
        <dt>Memory</dt>
        <dd data-testid="inventory-memory">{f.memoryMB ? gb(f.memoryMB) : ''}</dd>
        <dt>Address</dt>
        <dd>{f.ip ?? ''}</dd>
        <dt>Disks</dt>
        <dd>
          <ul className="plain">
            {(f.disks ?? []).map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        </dd>
        <dt>Network</dt>
        <dd>
          <ul className="plain" data-testid="inventory-interfaces">
            {(f.interfaces ?? []).map((i) => (
              <li key={i}>{i}</li>
            ))}
          </ul>
        </dd>
      </dl>
      <div className="inventory-software">
        <h3>
          Installed software <span className="muted small" data-testid="inventory-software-count">{software.length.toLocaleString()}</span>
        </h3>
        {software.length > 0 && (
          <>
            <input type="search" placeholder="Find a package" aria-label="Find installed software" value={find} onChange={(e) => setFind(e.target.value)} data-testid="inventory-software-find" />
            <ul className="plain software-list" data-testid="inventory-software">
              {matching.slice(0, SHOWN).map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ul>
            {matching.length > SHOWN && <p className="muted small">and {(matching.length - SHOWN).toLocaleString()} more: narrow the search.</p>}
          </>
        )}
      </div>
    </section>
  )
}
