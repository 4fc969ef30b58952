// The service catalog: typed wrappers over the bound Go facade, query keys and hooks.
import { keepPreviousData, useQuery, type QueryClient } from '@tanstack/react-query'
import * as Go from '../../wailsjs/go/app/Catalog'
import type { catalog } from '../../wailsjs/go/models'
import { call, onEvent } from './client'

export type FieldType = 'text' | 'longtext' | 'choice' | 'multichoice' | 'date' | 'person' | 'asset' | 'checkbox'
export type TaskState = 'pending' | 'open' | 'in_progress' | 'complete' | 'incomplete' | 'skipped'
export type TaskMode = 'checklist' | 'sequence'
export type ApprovalRule = 'none' | 'manager' | 'group'

/** One question of an item's form (catalog.FormField). */
export interface FormField {
  key: string
  label: string
  type: FieldType
  required: boolean
  help: string
  choices: string[]
  /** Shown only when an earlier field's answer is this value. */
  showWhen: { field: string; equals: string } | null
}

export interface Approval {
  rule: ApprovalRule
  groupId: string
  mode: '' | 'all' | 'any' | 'majority'
}

export interface TaskDef {
  title: string
  groupId: string
}

/** A catalog item as Go keeps it (catalog.Item). */
export interface Item {
  id: string
  name: string
  description: string
  category: string
  departmentId: string | null
  active: boolean
  form: { fields: FormField[] }
  approval: Approval
  groupId: string | null
  taskMode: TaskMode
  tasks: TaskDef[]
  slaPolicyId: string | null
  createdBy: string
  createdAt: number
  updatedAt: number
}

/** An item as the builder saves it (catalog.ItemDraft; id '' for a new one). */
export interface ItemDraft {
  id: string
  name: string
  description: string
  category: string
  departmentId: string
  active: boolean
  form: { fields: FormField[] }
  approval: Approval
  groupId: string
  taskMode: TaskMode
  tasks: TaskDef[]
  slaPolicyId: string
}

/** An answer by field type: text, a choice, a date, a person's or asset's id; a list; yes/no. */
export type Answer = string | string[] | boolean
export type Answers = Record<string, Answer>

export interface Submission {
  itemId: string
  answers: Answers
  /** '' for the one who submits. */
  requestedFor: string
  /** Unix ms; 0 for no date. */
  dueAt: number
}

export interface Task {
  id: string
  number: string
  requestId: string
  requesterId: string
  seq: number
  mode: TaskMode
  title: string
  groupId: string | null
  assigneeId: string | null
  state: TaskState
  dueAt: number | null
  createdAt: number
  closedAt: number | null
}

export interface TaskRow extends Task {
  requestNumber: string
  requestTitle: string
  next: TaskState[]
}

export interface RequestDetail {
  request: {
    id: string
    itemId: string
    requestedFor: string
    dueAt: number | null
    stage: 'awaiting_approval' | 'fulfilment' | 'rejected'
    createdBy: string
    createdAt: number
  }
  itemName: string
  requestedForName: string
  answers: { key: string; label: string; type: FieldType; text: string }[]
  tasks: TaskRow[]
}

export interface ItemView {
  item: Item
  descriptionHtml: string
}

export type TaskScope = 'mine' | 'groups' | 'all'

export const catalogKeys = {
  all: ['catalog'] as const,
  items: (text: string, category: string, inactive: boolean) => ['catalog', 'items', text, category, inactive] as const,
  item: (id: string) => ['catalog', 'item', id] as const,
  request: (ticketId: string) => ['catalog', 'request', ticketId] as const,
  tasks: (scope: TaskScope, done: boolean) => ['catalog', 'tasks', scope, done] as const,
  task: (id: string) => ['catalog', 'task', id] as const,
  assets: (text: string) => ['catalog', 'assets', text] as const,
}

export const catalogApi = {
  items: (text: string, category: string, inactive: boolean) =>
    call(() => Go.Items({ text, category, departmentId: '', inactive })) as unknown as Promise<Item[]>,
  item: (id: string) => call(() => Go.Item(id)) as unknown as Promise<ItemView>,
  save: (d: ItemDraft) => call(() => Go.SaveItem(d as unknown as catalog.ItemDraft)) as unknown as Promise<Item>,
  submit: (s: Submission) => call(() => Go.Submit(s as unknown as catalog.Submission)),
  request: (ticketId: string) => call(() => Go.RequestOf(ticketId)) as unknown as Promise<RequestDetail | null>,
  tasks: (scope: TaskScope, done: boolean) => call(() => Go.Tasks({ scope, done })) as unknown as Promise<TaskRow[]>,
  task: (id: string) => call(() => Go.Task(id)) as unknown as Promise<TaskRow>,
  move: (id: string, to: TaskState) => call(() => Go.MoveTask(id, to as Parameters<typeof Go.MoveTask>[1])) as unknown as Promise<Task>,
  assign: (id: string, groupId: string, assigneeId: string) =>
    call(() => Go.AssignTask(id, groupId, assigneeId)) as unknown as Promise<Task>,
  assets: (text: string) => call(() => Go.AssetChoices(text)),
}

export function useCatalogItems(text: string, category: string, inactive: boolean) {
  return useQuery({
    queryKey: catalogKeys.items(text, category, inactive),
    queryFn: () => catalogApi.items(text, category, inactive),
    placeholderData: keepPreviousData,
  })
}

export function useCatalogItem(id: string | null) {
  return useQuery({ queryKey: catalogKeys.item(id ?? ''), queryFn: () => catalogApi.item(id as string), enabled: !!id })
}

export function useCatalogRequest(ticketId: string) {
  return useQuery({ queryKey: catalogKeys.request(ticketId), queryFn: () => catalogApi.request(ticketId) })
}

export function useTasks(scope: TaskScope, done: boolean) {
  return useQuery({ queryKey: catalogKeys.tasks(scope, done), queryFn: () => catalogApi.tasks(scope, done), placeholderData: keepPreviousData })
}

export function useAssetChoices(text: string) {
  return useQuery({ queryKey: catalogKeys.assets(text), queryFn: () => catalogApi.assets(text), placeholderData: keepPreviousData })
}

export const TASK_LABELS: Record<TaskState, string> = {
  pending: 'Waiting',
  open: 'Open',
  in_progress: 'In progress',
  complete: 'Complete',
  incomplete: 'Incomplete',
  skipped: 'Skipped',
}

/** The button that moves a task to a state. */
export const TASK_MOVES: Record<TaskState, string> = {
  pending: 'Wait',
  open: 'Reopen',
  in_progress: 'Start',
  complete: 'Complete',
  incomplete: 'Incomplete',
  skipped: 'Skip',
}

/** listenForCatalogChanges refetches the catalog when Go says it (or a ticket, a pull among
 * them) changed. */
export function listenForCatalogChanges(qc: QueryClient): () => void {
  const offCatalog = onEvent('catalog:changed', () => void qc.invalidateQueries({ queryKey: catalogKeys.all }))
  const offTicket = onEvent('ticket:changed', () => void qc.invalidateQueries({ queryKey: catalogKeys.all }))
  return () => {
    offCatalog()
    offTicket()
  }
}
