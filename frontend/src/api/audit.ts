// Audit: verifying the audit trail's hash chain and exporting the trail.
import * as Go from '../../wailsjs/go/app/Audit'
import type { app, audit } from '../../wailsjs/go/models'
import { call } from './client'

export type AuditResult = audit.Result
export type AuditSaved = app.Saved
export type AuditFormat = 'csv' | 'json'

/** verifyAudit walks the whole chain in Go: intact with its size, or the first broken link. */
export const verifyAudit = (): Promise<AuditResult> => call(() => Go.Verify())

/** exportAudit asks where to save (the native dialog) and writes every entry there. */
export const exportAudit = (format: AuditFormat): Promise<AuditSaved> => call(() => Go.Export(format))
