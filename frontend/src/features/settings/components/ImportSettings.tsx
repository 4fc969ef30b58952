import { useEffect, useState } from 'react'
import { onEvent, toApiError } from '../../../api/client'
import {
  chooseImportFile,
  emptyMapping,
  previewImport,
  runImport,
  type ImportKind,
  type ImportMapping,
  type ImportPreview,
  type ImportProgress,
  type ImportReport,
} from '../../../api/imports'

const KINDS: { id: ImportKind; label: string }[] = [
  { id: 'ticket', label: 'Tickets' },
  { id: 'asset', label: 'Assets' },
  { id: 'person', label: 'People' },
]

const DELIMITERS: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'bar' }

type ValueMaps = Record<string, Record<string, string>>

/**
 * ImportSettings (managers and admins) imports tickets, assets or people from a CSV file: the
 * person chooses the file and the record type, sees its first rows with the column mapping Go
 * guessed, corrects the mapping, the value maps and the date format, and imports. Every row
 * goes through the same checks as a record made by hand; by default one refused row refuses
 * the file, and the mapping stays here to be corrected.
 */
export function ImportSettings() {
  const [kind, setKind] = useState<ImportKind>('ticket')
  const [path, setPath] = useState('')
  const [mapping, setMapping] = useState<ImportMapping | null>(null)
  const [preview, setPreview] = useState<ImportPreview | null>(null)
  const [skip, setSkip] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  const [progress, setProgress] = useState<ImportProgress | null>(null)
  const [report, setReport] = useState<ImportReport | null>(null)

  useEffect(() => onEvent('import:progress', (p) => setProgress(p)), [])

  /** load reads the file under m (guessing when m maps no column) and keeps Go's mapping. */
  async function load(file: string, m: ImportMapping) {
    setError('')
    setBusy(true)
    try {
      const pv = await previewImport(file, m)
      setPreview(pv)
      setMapping(pv.mapping)
    } catch (e) {
      setError(toApiError(e).message)
    } finally {
      setBusy(false)
    }
  }

  async function choose() {
    setError('')
    try {
      const file = await chooseImportFile()
      if (!file) return
      setPath(file)
      setReport(null)
      await load(file, emptyMapping(kind))
    } catch (e) {
      setError(toApiError(e).message)
    }
  }

  function changeKind(k: ImportKind) {
    setKind(k)
    setReport(null)
    if (path) void load(path, emptyMapping(k))
  }

  function setColumn(column: string, key: string) {
    if (!mapping || !path) return
    const columns = { ...mapping.columns, [column]: key }
    // The other column mapped to the same field lets go of it: one column per field.
    if (key) for (const c of Object.keys(columns)) if (c !== column && columns[c] === key) columns[c] = ''
    void load(path, { ...mapping, columns })
  }

  function setValue(field: string, value: string, to: string) {
    if (!mapping) return
    const values: ValueMaps = { ...((mapping.values ?? {}) as ValueMaps) }
    values[field] = { ...(values[field] ?? {}), [value]: to }
    setMapping({ ...mapping, values } as ImportMapping)
  }

  async function run() {
    if (!mapping) return
    setError('')
    setReport(null)
    setProgress({ rows: 0, bytes: 0, total: 1 })
    setBusy(true)
    try {
      setReport(await runImport(path, mapping, skip))
    } catch (e) {
      setError(toApiError(e).message)
    } finally {
      setBusy(false)
    }
  }

  const fields = preview?.fields ?? []
  const fieldOf = (column: string) => mapping?.columns?.[column] ?? ''
  const dateMapped = fields.some((f) => f.type === 'date' && Object.values(mapping?.columns ?? {}).includes(f.key))
  const pct = progress && progress.total > 0 ? Math.min(100, Math.round((progress.bytes / progress.total) * 100)) : 0

  return (
    <section className="card" aria-label="Import" data-testid="import-settings">
      <header className="card-head">
        <h2>Import from a CSV file</h2>
      </header>
      <p className="muted">
        Each row becomes a ticket, an asset or a person, checked like one made by hand. Unless you skip refused rows,
        one refused row imports nothing.
      </p>
      <div className="row-start">
        <label>
          Record type{' '}
          <select value={kind} onChange={(e) => changeKind(e.target.value as ImportKind)} data-testid="import-kind">
            {KINDS.map((k) => (
              <option key={k.id} value={k.id}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn" onClick={() => void choose()} disabled={busy} data-testid="import-choose">
          Choose file…
        </button>
        {path && (
          <span className="mono small" data-testid="import-file">
            {path}
          </span>
        )}
      </div>
      {error && (
        <p role="alert" className="field-error" data-testid="import-error">
          {error}
        </p>
      )}
      {preview && mapping && (
        <>
          <p className="muted small" data-testid="import-summary">
            {preview.total} rows, {mapping.encoding}, separated by {DELIMITERS[mapping.delimiter ?? ','] ?? mapping.delimiter}
          </p>
          <div className="table-scroll">
            <table className="data-table" data-testid="import-preview">
              <thead>
                <tr>
                  {preview.header.map((h, i) => (
                    <th key={`${h}-${i}`}>
                      <div>{h}</div>
                      <select
                        aria-label={`Field for ${h}`}
                        value={fieldOf(h)}
                        onChange={(e) => setColumn(h, e.target.value)}
                        data-testid="import-column"
                        data-column={h}
                      >
                        <option value="">(not imported)</option>
                        {fields.map((f) => (
                          <option key={f.key} value={f.key}>
                            {f.label}
                            {f.required ? ' *' : ''}
                          </option>
                        ))}
                      </select>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((r, i) => (
                  <tr key={i} data-testid="import-preview-row">
                    {preview.header.map((_, j) => (
                      <td key={j}>{r[j] ?? ''}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {Object.entries(preview.values ?? {}).map(([column, list]) => {
            const key = fieldOf(column)
            const f = fields.find((x) => x.key === key)
            if (!f) return null
            const vm = ((mapping.values ?? {}) as ValueMaps)[key] ?? {}
            return (
              <fieldset key={column} className="import-values" data-testid="import-values" data-column={column}>
                <legend>
                  Values of {column} → {f.label}
                </legend>
                <table className="data-table">
                  <tbody>
                    {list.map((v) => (
                      <tr key={v.value}>
                        <td>{v.value}</td>
                        <td className="muted small">{v.count} rows</td>
                        <td>
                          {f.type === 'enum' ? (
                            <select
                              aria-label={`${f.label} for ${v.value}`}
                              value={vm[v.value] ?? v.to}
                              onChange={(e) => setValue(key, v.value, e.target.value)}
                              data-testid="import-value"
                              data-value={v.value}
                            >
                              <option value="">(not known: refused)</option>
                              {(f.values ?? []).map((x) => (
                                <option key={x} value={x}>
                                  {x}
                                </option>
                              ))}
                            </select>
                          ) : (
                            <input
                              aria-label={`${f.label} for ${v.value}`}
                              placeholder={f.type === 'group' ? 'group name' : 'email or name'}
                              value={vm[v.value] ?? ''}
                              onChange={(e) => setValue(key, v.value, e.target.value)}
                              onBlur={() => path && void load(path, mapping)}
                              data-testid="import-value"
                              data-value={v.value}
                            />
                          )}
                        </td>
                        {f.type !== 'enum' && (
                          <td className={v.match ? 'small' : 'small field-error'} data-testid="import-match" data-value={v.value}>
                            {v.match ? `→ ${v.match}` : 'nobody here: refused'}
                          </td>
                        )}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </fieldset>
            )
          })}
          {dateMapped && (
            <label>
              Date format{' '}
              <select
                value={mapping.dateFormats?.[0] ?? ''}
                onChange={(e) => setMapping({ ...mapping, dateFormats: e.target.value ? [e.target.value] : [] } as ImportMapping)}
                data-testid="import-date-format"
              >
                <option value="">(guess)</option>
                {preview.dateLayouts.map((l) => (
                  <option key={l} value={l}>
                    {l}
                  </option>
                ))}
              </select>
            </label>
          )}
          <div className="row-start">
            <label className="check">
              <input type="checkbox" checked={skip} onChange={(e) => setSkip(e.target.checked)} data-testid="import-skip" />
              Skip refused rows (import the others)
            </label>
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void run()} data-testid="import-run">
              {busy ? 'Importing…' : `Import ${preview.total} rows`}
            </button>
          </div>
          {busy && progress && (
            <progress max={100} value={pct} aria-label="Import progress" data-testid="import-progress">
              {pct}%
            </progress>
          )}
        </>
      )}
      {report && <ImportReportView report={report} />}
    </section>
  )
}

function ImportReportView({ report }: { report: ImportReport }) {
  return (
    <div className="import-report" data-testid="import-report">
      {report.written ? (
        <p role="status" className="saved-note" data-testid="import-imported">
          Imported {report.imported} of {report.rows} rows.
        </p>
      ) : (
        <p role="alert" className="field-error" data-testid="import-imported">
          Imported nothing: {report.refusedRows} of {report.rows} rows were refused.
        </p>
      )}
      {report.refusedRows > 0 && (
        <table className="data-table" data-testid="import-refused">
          <thead>
            <tr>
              <th>Line</th>
              <th>Column</th>
              <th>Reason</th>
            </tr>
          </thead>
          <tbody>
            {report.refused.map((r) => (
              <tr key={`${r.line}-${r.field ?? ''}`} data-testid="import-refused-row">
                <td>{r.line}</td>
                <td>{r.column ?? ''}</td>
                <td>{r.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
