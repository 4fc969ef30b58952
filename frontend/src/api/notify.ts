// Notifications for people: typed wrappers over the bound Go facade app.Notify, query keys and
// hooks. The centre's pages live under slaKeys.notifications, so every event that refreshes the
// SLA notifications (notification:new) refreshes these and the bell's count too.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import * as Go from '../../wailsjs/go/app/Notify'
import type { notify } from '../../wailsjs/go/models'
import { call } from './client'
import { slaKeys } from './sla'

/** The centre's filters: the types for people, and "sla" for the SLA sweep's three kinds. */
export const notificationTypes = ['assigned', 'group', 'reply', 'mention', 'followed', 'reopened'] as const
export type NotificationType = (typeof notificationTypes)[number]
export type NotificationFilter = NotificationType | 'sla' | ''

export const typeLabels: Record<NotificationType | 'sla', string> = {
  assigned: 'Assigned to me',
  group: 'New in my groups',
  reply: 'Requester replies',
  mention: 'Mentions',
  followed: 'Tickets I follow',
  reopened: 'Reopened',
  sla: 'SLA',
}

export interface PersonNotification {
  id: string
  ticketId: string
  ticketNumber: string
  kind: string
  message: string
  actorId: string
  createdAt: number
  readAt: number
}

export interface NotificationPage {
  items: PersonNotification[]
  next: string
  unread: number
}

export type Prefs = Record<NotificationType, boolean>

export interface Mentionable {
  id: string
  name: string
  handle: string
  role: string
}

const PAGE = 20

export const notifyApi = {
  page: (kinds: string[], after: string, limit = PAGE): Promise<NotificationPage> =>
    call(() => Go.Page({ kinds, after, limit, unreadOnly: false } as notify.PageQuery)) as Promise<NotificationPage>,
  markRead: (ids: string[], kinds: string[]): Promise<number> => call(() => Go.MarkRead(ids, kinds)),
  prefs: (): Promise<Prefs> => call(() => Go.Prefs()) as Promise<Prefs>,
  setPrefs: (p: Partial<Prefs>): Promise<Prefs> => call(() => Go.SetPrefs(p as Parameters<typeof Go.SetPrefs>[0])) as Promise<Prefs>,
  following: (ticketId: string): Promise<boolean> => call(() => Go.Following(ticketId)),
  follow: (ticketId: string, on: boolean): Promise<boolean> => call(() => Go.Follow(ticketId, on)),
  mentionable: (): Promise<Mentionable[]> => call(() => Go.Mentionable()),
}

export const notifyKeys = {
  pages: (filter: NotificationFilter) => [...slaKeys.notifications, 'pages', filter] as const,
  prefs: ['notify', 'prefs'] as const,
  following: (ticketId: string) => ['notify', 'following', ticketId] as const,
  mentionable: ['notify', 'mentionable'] as const,
}

const kindsOf = (f: NotificationFilter): string[] => (f ? [f] : [])

/** useNotificationPages pages through the centre, newest first, PAGE at a time. */
export function useNotificationPages(filter: NotificationFilter) {
  return useInfiniteQuery({
    queryKey: notifyKeys.pages(filter),
    queryFn: ({ pageParam }) => notifyApi.page(kindsOf(filter), pageParam),
    initialPageParam: '',
    getNextPageParam: (last) => last.next || undefined,
  })
}

/** useMarkNotificationsRead marks ids read, or every one of the filter when ids is empty. */
export function useMarkNotificationsRead(filter: NotificationFilter) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (ids: string[]) => notifyApi.markRead(ids, ids.length ? [] : kindsOf(filter)),
    onSuccess: () => qc.invalidateQueries({ queryKey: slaKeys.notifications }),
  })
}

export function usePrefs() {
  return useQuery({ queryKey: notifyKeys.prefs, queryFn: notifyApi.prefs })
}

export function useSetPrefs() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (p: Partial<Prefs>) => notifyApi.setPrefs(p),
    onSuccess: (p) => qc.setQueryData(notifyKeys.prefs, p),
  })
}

export function useFollowing(ticketId: string) {
  return useQuery({ queryKey: notifyKeys.following(ticketId), queryFn: () => notifyApi.following(ticketId), enabled: ticketId !== '' })
}

export function useFollow(ticketId: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (on: boolean) => notifyApi.follow(ticketId, on),
    onSuccess: (on) => qc.setQueryData(notifyKeys.following(ticketId), on),
  })
}

export function useMentionable() {
  return useQuery({ queryKey: notifyKeys.mentionable, queryFn: notifyApi.mentionable, staleTime: 60_000 })
}
