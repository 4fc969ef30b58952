// Knowledge: typed wrappers over the bound Go facade, query keys and the hooks that cache them.
import { keepPreviousData, useQuery, type QueryClient } from '@tanstack/react-query'
import * as Go from '../../wailsjs/go/app/Knowledge'
import type { app, knowledge } from '../../wailsjs/go/models'
import { call, onEvent } from './client'

export type ArticleView = app.ArticleView
export type Article = knowledge.Article
export type Hit = knowledge.Hit
export type Version = knowledge.Version
export type Diff = knowledge.Diff
export type Related = app.Related

export type ArticleState = 'draft' | 'review' | 'published' | 'retired'
export type Audience = 'requesters' | 'staff'

/** A new article as the editor sends it (knowledge.NewArticle in Go). */
export interface NewArticle {
  title: string
  body: string
  category: string
  audience: Audience
  ownerId: string
  /** Unix ms; 0: no review date. */
  reviewAt: number
  sourceTicketId: string
}

/** An edit: absent fields stay as they are; reviewAt 0 clears the date (knowledge.Patch). */
export interface ArticlePatch {
  title?: string
  body?: string
  category?: string
  ownerId?: string
  reviewAt?: number
}

export interface ArticleQuery {
  text: string
  state: '' | ArticleState
  category: string
  limit: number
}

export const kbKeys = {
  all: ['kb'] as const,
  search: (q: ArticleQuery) => ['kb', 'search', q] as const,
  suggest: (text: string) => ['kb', 'suggest', text] as const,
  article: (id: string) => ['kb', 'article', id] as const,
  versions: (id: string) => ['kb', 'versions', id] as const,
  diff: (id: string, from: string, to: string) => ['kb', 'diff', id, from, to] as const,
  related: (ticketId: string) => ['kb', 'related', ticketId] as const,
  stats: ['kb', 'stats'] as const,
}

export const kbApi = {
  search: (q: ArticleQuery) => call(() => Go.Search(q as unknown as knowledge.Query)),
  suggest: (text: string) => call(() => Go.Suggest(text)),
  get: (id: string) => call(() => Go.Get(id)),
  /** Reads the article and counts the opening as a view. */
  open: (id: string) => call(() => Go.Open(id)),
  preview: (body: string) => call(() => Go.Preview(body)),
  create: (a: NewArticle) => call(() => Go.Create(a as unknown as knowledge.NewArticle)),
  update: (id: string, p: ArticlePatch) => call(() => Go.Update(id, p as unknown as knowledge.Patch)),
  move: (id: string, to: ArticleState) => call(() => Go.Move(id, to as Parameters<typeof Go.Move>[1])),
  vote: (id: string, helpful: boolean) => call(() => Go.Vote(id, helpful)),
  versions: (id: string) => call(() => Go.Versions(id)),
  diff: (id: string, from: string, to: string) => call(() => Go.Diff(id, from, to)),
  related: (ticketId: string) => call(() => Go.Related(ticketId)),
  link: (ticketId: string, articleId: string) => call(() => Go.Link(ticketId, articleId)),
  fromTicket: (ticketId: string) => call(() => Go.FromTicket(ticketId)) as Promise<NewArticle>,
  /** The person gave up the ticket they were writing after opening these articles. */
  deflected: (articleIds: string[]) => call(() => Go.Deflected(articleIds)),
  stats: () => call(() => Go.Stats()),
}

export function useArticles(q: ArticleQuery) {
  return useQuery({ queryKey: kbKeys.search(q), queryFn: () => kbApi.search(q), placeholderData: keepPreviousData })
}

/** useSuggestions asks for articles matching text (already debounced by the caller). */
export function useSuggestions(text: string) {
  return useQuery({
    queryKey: kbKeys.suggest(text),
    queryFn: () => kbApi.suggest(text),
    enabled: text.trim().length >= 3,
    placeholderData: keepPreviousData,
  })
}

export function useArticle(id: string | null) {
  return useQuery({ queryKey: kbKeys.article(id ?? ''), queryFn: () => kbApi.get(id as string), enabled: !!id })
}

export function useVersions(id: string, enabled: boolean) {
  return useQuery({ queryKey: kbKeys.versions(id), queryFn: () => kbApi.versions(id), enabled })
}

export function useDiff(id: string, from: string, to: string) {
  return useQuery({ queryKey: kbKeys.diff(id, from, to), queryFn: () => kbApi.diff(id, from, to), enabled: !!from && !!to })
}

export function useRelated(ticketId: string, enabled: boolean) {
  return useQuery({ queryKey: kbKeys.related(ticketId), queryFn: () => kbApi.related(ticketId), enabled })
}

export function useKnowledgeStats(enabled: boolean) {
  return useQuery({ queryKey: kbKeys.stats, queryFn: () => kbApi.stats(), enabled })
}

/** listenForArticleChanges refetches knowledge when Go says an article or ticket changed. */
export function listenForArticleChanges(qc: QueryClient): () => void {
  const offArticle = onEvent('article:changed', () => void qc.invalidateQueries({ queryKey: kbKeys.all }))
  // "" is many tickets at once (a pull among them), which may have brought articles too.
  const offTicket = onEvent('ticket:changed', (id) => void qc.invalidateQueries({ queryKey: id ? ['kb', 'related'] : kbKeys.all }))
  return () => {
    offArticle()
    offTicket()
  }
}
