// Session: who is signed in, reference data for forms, settings and readiness.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import * as Go from '../../wailsjs/go/app/Session'
import type { app, desk, people } from '../../wailsjs/go/models'
import { call, firstScreenPainted } from './client'

export type Me = app.Me
export type Reference = app.Reference
export type User = people.User
export type Group = app.GroupDTO
export type Category = desk.Category
export type View = app.ViewDTO
export type Role = 'requester' | 'agent' | 'manager' | 'admin'
export type Settings = desk.Settings
export type SignInState = app.SignInState

export const sessionKeys = {
  me: ['session', 'me'] as const,
  reference: ['session', 'reference'] as const,
  settings: ['session', 'settings'] as const,
  signIn: ['signin'] as const,
}

export const getMe = (): Promise<Me> => call(() => Go.Me())
export const getReference = (): Promise<Reference> => call(() => Go.Reference())
/** switchUser acts as another person; one with a password is switched to only with it. */
export const switchUser = (userId: string, password = ''): Promise<Me> => call(() => Go.SwitchUser(userId, password))
export const getSignInState = (): Promise<SignInState> => call(() => Go.SignInState())
export const signIn = (email: string, password: string): Promise<Me> => call(() => Go.SignIn(email, password))
export const unlock = (password: string): Promise<Me> => call(() => Go.Unlock(password))
export const lockDesk = (): Promise<void> => call(() => Go.Lock())
export const signOut = (): Promise<void> => call(() => Go.SignOut())
/** touch tells Go the person used the desk (holds off the idle lock); true: it is locked. */
export const touch = (): Promise<boolean> => call(() => Go.Touch())
export const setMyPassword = (oldPassword: string, newPassword: string): Promise<void> =>
  call(() => Go.SetMyPassword(oldPassword, newPassword))
export const setUserPassword = (userId: string, password: string): Promise<void> => call(() => Go.SetUserPassword(userId, password))
export const setIdleLock = (minutes: number): Promise<SignInState> => call(() => Go.SetIdleLock(minutes))
export const loadDemo = (load: boolean): Promise<number> => call(() => Go.LoadDemo(load))
/** welcome answers the first start: who the person is (they become the admin), demo or not. */
export const welcome = (name: string, email: string, demo: boolean): Promise<Me> => call(() => Go.Welcome(name, email, demo))
export const setNativeTheme = (theme: string): Promise<void> => call(() => Go.SetTheme(theme))
/** printWindow opens the system print dialog (Go asks Wails, which works on macOS too, where
 * the page's own window.print() does nothing); the print stylesheet shows the open ticket. */
export const printWindow = (): Promise<void> => call(() => Go.Print())
export const getSettings = (): Promise<Settings> => call(() => Go.Settings())
export const saveSettings = (st: Settings): Promise<Settings> => call(() => Go.SaveSettings(st))
/** NewUser is what an admin types to add a person. */
export interface NewUser {
  name: string
  email: string
  role: Role
}
export const createUser = (u: NewUser): Promise<User> =>
  call(() => Go.CreateUser({ ...u, id: '', active: true, createdAt: 0, updatedAt: 0 } as User))
/** advanceClock moves Go's clock ahead (test hook: OUTPOST_TEST_HOOKS=1 only). */
export const advanceClock = (minutes: number): Promise<void> => call(() => Go.AdvanceClock(minutes))

/** roleRank orders roles as Go does: requester < agent < manager < admin. */
export function roleRank(role: string): number {
  return ['requester', 'agent', 'manager', 'admin'].indexOf(role)
}

let readySent = false

/** markReady tells Go the first screen shows data; only the first call goes through. */
export function markReady(): void {
  if (readySent) return
  readySent = true
  // The smoke test and the benchmark notice a missing line; nothing the user can do about it.
  void call(() => Go.Ready()).catch(() => {})
  firstScreenPainted((at) => void call(() => Go.Painted(at)).catch(() => {}))
}

export function useMe() {
  return useQuery({ queryKey: sessionKeys.me, queryFn: getMe, staleTime: Infinity })
}

export function useReference() {
  return useQuery({ queryKey: sessionKeys.reference, queryFn: getReference, staleTime: 60_000 })
}

/** useSwitchUser acts as another user; every cached answer belonged to the old one. */
export function useSwitchUser() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (s: { userId: string; password?: string }) => switchUser(s.userId, s.password),
    onSuccess: (me) => {
      qc.setQueryData(sessionKeys.me, me)
      void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'session' || q.queryKey[1] !== 'me' })
    },
  })
}

/** useSignInState is whether someone is signed in and whether the desk is locked. */
export function useSignInState() {
  return useQuery({ queryKey: sessionKeys.signIn, queryFn: getSignInState, staleTime: Infinity })
}

/** useSignIn signs a person in (or unlocks for the same person); every answer was someone else's. */
export function useSignIn() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (s: { email: string; password: string; unlock?: boolean }) =>
      s.unlock ? unlock(s.password) : signIn(s.email, s.password),
    onSuccess: (me) => {
      qc.setQueryData(sessionKeys.me, me)
      void qc.invalidateQueries()
    },
  })
}

/** useSetIdleLock stores the idle lock minutes (admins). */
export function useSetIdleLock() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: setIdleLock,
    onSuccess: (st) => qc.setQueryData(sessionKeys.signIn, st),
  })
}

/** usePasswordChange sets one's own password, or an admin another person's. */
export function useSetPassword() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (p: { userId?: string; oldPassword?: string; password: string }) =>
      p.userId ? setUserPassword(p.userId, p.password) : setMyPassword(p.oldPassword ?? '', p.password),
    onSuccess: () => void qc.invalidateQueries({ queryKey: sessionKeys.signIn }),
  })
}

export function useSettings() {
  return useQuery({ queryKey: sessionKeys.settings, queryFn: getSettings })
}

/** useSaveSettings stores desk settings; the matrix also feeds the new-ticket form. */
export function useSaveSettings() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: saveSettings,
    onSuccess: (st) => {
      qc.setQueryData(sessionKeys.settings, st)
      void qc.invalidateQueries({ queryKey: sessionKeys.reference })
    },
  })
}

/** useCreateUser adds a person; the reference data lists users for every picker. */
export function useCreateUser() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: createUser,
    onSuccess: () => void qc.invalidateQueries({ queryKey: sessionKeys.reference }),
  })
}

export function useWelcome() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (w: { name: string; email: string; demo: boolean }) => welcome(w.name, w.email, w.demo),
    onSuccess: () => void qc.invalidateQueries(),
  })
}

/** useLimit is the most characters Go accepts in a text field, e.g. 'ticket.title'. */
export function useLimit(key: string): number | undefined {
  return useReference().data?.limits?.[key]
}

export function useLoadDemo() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: loadDemo,
    onSuccess: () => void qc.invalidateQueries(),
  })
}

/** userName finds a user's display name in the reference data. */
export function userName(ref: Reference | undefined, id: string | undefined | null): string {
  if (!id) return ''
  return ref?.users.find((u) => u.id === id)?.name ?? ''
}
