// CSV import (Settings → Import, managers and admins; Go checks the role again): choose a
// file, preview it under a mapping Go guesses, and import it with the person's mapping.
import * as Go from '../../wailsjs/go/app/Imports'
import type { importer } from '../../wailsjs/go/models'
import { call } from './client'

export type ImportMapping = importer.Mapping
export type ImportPreview = importer.Preview
export type ImportReport = importer.Report
export type ImportProgress = importer.Progress
export type ImportField = importer.Field
export type ImportKind = 'ticket' | 'asset' | 'person'

/** chooseImportFile opens the native dialog: the chosen path, "" when canceled. */
export const chooseImportFile = (): Promise<string> => call(() => Go.Choose())

/** previewImport reads the file under mapping; a mapping with no columns is guessed. */
export const previewImport = (path: string, mapping: ImportMapping): Promise<ImportPreview> =>
  call(() => Go.Preview(path, mapping))

/** runImport imports the file; refused rows come back in the report, not as an error. */
export const runImport = (path: string, mapping: ImportMapping, skipRefused: boolean): Promise<ImportReport> =>
  call(() => Go.Run(path, mapping, skipRefused))

export const importProgress = (): Promise<ImportProgress> => call(() => Go.Progress())

/** emptyMapping is the mapping Go guesses from: a kind and no columns. */
export function emptyMapping(kind: ImportKind): ImportMapping {
  return { format: 'csv', kind, columns: {} }
}
