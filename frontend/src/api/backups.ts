// Backups of the desk: the folder, the daily schedule, back up now and restore (admins only;
// Go checks the role again).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import * as Go from '../../wailsjs/go/app/Backups'
import type { app } from '../../wailsjs/go/models'
import { call } from './client'

export type BackupStatus = app.BackupStatus
export type BackupEntry = app.BackupEntry

export const backupKeys = { status: ['backups'] as const }

export const getBackups = (): Promise<BackupStatus> => call(() => Go.Status())
export const configureBackups = (folder: string, scheduled: boolean): Promise<BackupStatus> =>
  call(() => Go.Configure(folder, scheduled))
export const backUpNow = (): Promise<BackupEntry> => call(() => Go.Now())
export const restoreBackup = (name: string): Promise<BackupEntry> => call(() => Go.Restore(name))

export function useBackups() {
  return useQuery({ queryKey: backupKeys.status, queryFn: getBackups })
}

/** useBackupWrite runs a backup call and refreshes the list after it. */
export function useBackupWrite<A, R>(fn: (a: A) => Promise<R>) {
  const qc = useQueryClient()
  return useMutation({ mutationFn: fn, onSettled: () => qc.invalidateQueries({ queryKey: backupKeys.status }) })
}
