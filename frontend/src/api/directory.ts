// Directory: people, groups and members, categories and services, as the admin screens edit
// them. Go checks every write's role again; the screens only hide what would be refused.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import * as Go from '../../wailsjs/go/app/Directory'
import type { app, desk, people } from '../../wailsjs/go/models'
import { call } from './client'
import { sessionKeys, type Role } from './session'

export type DirectoryList = app.DirectoryDTO
export type Person = people.User
export type CategoryItem = desk.CategoryItem
export type Service = desk.Service

/** PersonPatch changes some of a person's fields; the others stay. */
export interface PersonPatch {
  name?: string
  email?: string
  role?: Role
  active?: boolean
  /** The person's manager; "" clears it. */
  managerId?: string
}

export const directoryKeys = { list: ['directory', 'list'] as const }

export const listDirectory = (): Promise<DirectoryList> => call(() => Go.List())

export function useDirectory() {
  return useQuery({ queryKey: directoryKeys.list, queryFn: listDirectory })
}

/** useDirectoryWrite runs a write and refreshes the directory and every picker. */
function useDirectoryWrite<A, R>(fn: (a: A) => Promise<R>) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: directoryKeys.list })
      void qc.invalidateQueries({ queryKey: sessionKeys.reference })
    },
  })
}

export const useCreatePerson = () =>
  useDirectoryWrite((u: { name: string; email: string; role: Role }) =>
    call(() => Go.CreatePerson({ ...u, id: '', active: true, createdAt: 0, updatedAt: 0 } as Person)),
  )
export const useUpdatePerson = () =>
  useDirectoryWrite((v: { id: string; patch: PersonPatch }) => call(() => Go.UpdatePerson(v.id, v.patch as desk.PersonPatch)))
/** Saving a group sends its department as it stands (null: every department's): Go sets
 * every field it is given. */
export const useSaveGroup = () =>
  useDirectoryWrite((g: { id: string; name: string; description: string; active: boolean; departmentId: string | null }) =>
    call(() => Go.SaveGroup({ ...g, departmentId: g.departmentId || undefined, createdAt: 0, updatedAt: 0 } as people.Group)),
  )
export type Department = people.Department
export const useSaveDepartment = () =>
  useDirectoryWrite((d: { id: string; name: string; description: string; active: boolean }) =>
    call(() => Go.SaveDepartment({ ...d, createdAt: 0, updatedAt: 0 } as people.Department)),
  )
export const useSetMember = () =>
  useDirectoryWrite((v: { groupId: string; userId: string; member: boolean }) => call(() => Go.SetMember(v.groupId, v.userId, v.member)))
export const useSaveCategory = () => useDirectoryWrite((c: CategoryItem) => call(() => Go.SaveCategory(c)))
export const useSaveService = () =>
  useDirectoryWrite((s: { id: string; name: string; description: string; active: boolean }) =>
    call(() => Go.SaveService({ ...s, createdAt: 0 } as Service)),
  )
