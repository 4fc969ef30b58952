import { useLicenceUse } from '../../../api/assets'
import { ErrorBanner } from '../../../components/ui/Banner'

/** LicenceCard is a licence's seats against the machines that have its product. */
export function LicenceCard({ id, onOpenAsset }: { id: string; onOpenAsset: (id: string) => void }) {
  const q = useLicenceUse(id, true)
  const u = q.data
  return (
    <section className="card" aria-label="Seats" data-testid="licence-card">
      <header className="card-head">
        <h2>Seats</h2>
        {u?.over && (
          <span className="flag flag-over" data-testid="licence-over">
            Over-used
          </span>
        )}
      </header>
      <ErrorBanner message={q.error?.message} />
      {u && (
        <>
          <p data-testid="licence-use">
            {u.product ? (
              <>
                <strong>{u.installed}</strong> of {u.seats} {u.seats === 1 ? 'seat' : 'seats'} used by machines with {u.product}
              </>
            ) : (
              <span className="muted">Set the product in the attributes ({'{"product": "…", "seats": 10}'}) to count its installations.</span>
            )}
          </p>
          {u.machines.length > 0 && (
            <ul className="plain">
              {u.machines.map((m) => (
                <li key={m.id}>
                  <button type="button" className="link-btn" onClick={() => onOpenAsset(m.id)}>
                    {m.tag} {m.name}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  )
}
