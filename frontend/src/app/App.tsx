import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { useApprovalCount } from '../api/approvals'
import { afterFirstScreen, toApiError } from '../api/client'
import {
  advanceClock,
  lockDesk,
  markReady,
  roleRank,
  printWindow,
  setNativeTheme,
  signOut,
  useMe,
  useReference,
  useSignInState,
  useSwitchUser,
  type User,
} from '../api/session'
import { slaApi } from '../api/sla'
import { useSyncStatus } from '../api/sync'
import { assignToMe, getTicket, ticketKeys, type Draft, type TicketType } from '../api/tickets'
import { useSavedViews, useViewCounts, type SavedView } from '../api/views'
import { ErrorBanner } from '../components/ui/Banner'
import { learnDateFormatsLater } from '../lib/format'
import { installHotkeys, useHotkey } from '../lib/hotkeys'
import { requestTemplatePicker } from '../lib/templateRequest'
import { keymap } from '../lib/keymap'
import { applyTheme, loadTheme, nextTheme, saveTheme, type Theme } from '../lib/theme'
import { emptyDraft } from '../features/new-ticket/draft'
import type { Command } from '../features/palette/components/CommandPalette'
import { QueueView } from '../features/queue/components/QueueView'
import type { Tab as SettingsTab } from '../features/settings/components/SettingsPage'
import type { KnowledgeTarget } from '../features/knowledge/components/KnowledgePage'
import { NotificationBell } from '../features/sla/components/NotificationBell'
import { SearchBox } from '../features/search/components/SearchBox'
import { SyncIndicator } from '../features/sync/components/SyncIndicator'
import { LinkGuard } from '../features/shell/components/LinkGuard'
import { DepartmentSwitcher } from '../features/shell/components/DepartmentSwitcher'
import { RequesterHome } from '../features/selfservice/components/RequesterHome'
import { navItems, Sidebar, type NavItem, type PageItem } from '../features/shell/components/Sidebar'
import { TopBar } from '../features/shell/components/TopBar'
import { reportType, shownType, type ViewType } from './viewType'

// Pages away from the queue load on first visit, so start-up parses only what the first screen
// shows (the desktop's start-up time is measured to the first screen).
// The ticket pane and the dialogs load when first opened, for the same reason: none is on the
// first screen. Each has a boundary of its own, so one loading never hides another shown.
const TicketPane = lazy(() => import('../features/ticket/components/TicketPane').then((m) => ({ default: m.TicketPane })))
const NewTicketDialog = lazy(() => import('../features/new-ticket/components/NewTicketDialog').then((m) => ({ default: m.NewTicketDialog })))
const CommandPalette = lazy(() => import('../features/palette/components/CommandPalette').then((m) => ({ default: m.CommandPalette })))
const ShortcutsDialog = lazy(() => import('../features/palette/components/ShortcutsDialog').then((m) => ({ default: m.ShortcutsDialog })))
const WelcomeDialog = lazy(() => import('../features/welcome/components/WelcomeDialog').then((m) => ({ default: m.WelcomeDialog })))
const SwitchUserDialog = lazy(() => import('../features/signin/components/SwitchUserDialog').then((m) => ({ default: m.SwitchUserDialog })))
const ChangePasswordDialog = lazy(() =>
  import('../features/signin/components/ChangePasswordDialog').then((m) => ({ default: m.ChangePasswordDialog })),
)
const SettingsPage = lazy(() => import('../features/settings/components/SettingsPage').then((m) => ({ default: m.SettingsPage })))
const TemplatesPage = lazy(() => import('../features/settings/components/SettingsPage').then((m) => ({ default: m.TemplatesPage })))
const ReportsPage = lazy(() => import('../features/reports/components/ReportsPage').then((m) => ({ default: m.ReportsPage })))
const AssetsPage = lazy(() => import('../features/assets/components/AssetsPage').then((m) => ({ default: m.AssetsPage })))
const SyncInbox = lazy(() => import('../features/sync/components/SyncInbox').then((m) => ({ default: m.SyncInbox })))
const ApprovalsPage = lazy(() => import('../features/approvals/components/ApprovalsPage').then((m) => ({ default: m.ApprovalsPage })))
const CatalogBrowse = lazy(() => import('../features/catalog/components/CatalogPage').then((m) => ({ default: m.CatalogBrowse })))
const RequesterApprovals = lazy(() => import('../features/approvals/components/ApprovalsPage').then((m) => ({ default: m.RequesterApprovals })))
const CatalogPage = lazy(() => import('../features/catalog/components/CatalogPage').then((m) => ({ default: m.CatalogPage })))
const TasksPage = lazy(() => import('../features/catalog/components/TasksPage').then((m) => ({ default: m.TasksPage })))
const KnowledgePage = lazy(() => import('../features/knowledge/components/KnowledgePage').then((m) => ({ default: m.KnowledgePage })))

/** App composes the features into the desk: sidebar, top bar, queue and ticket pane. */
export function App() {
  const me = useMe()
  const ref = useReference()
  const qc = useQueryClient()
  const switchUser = useSwitchUser()
  const signInState = useSignInState()
  const [switchTo, setSwitchTo] = useState<User | null>(null)
  const [passwordOpen, setPasswordOpen] = useState(false)
  const [nav, setNav] = useState<NavItem | null>(null)
  /** A page shown instead of the queue ('' = the queue). */
  const [page, setPage] = useState('')
  const [openId, setOpenId] = useState<string | null>(null)
  const [newOpen, setNewOpen] = useState(false)
  const [paletteOpen, setPaletteOpen] = useState(false)
  const [shortcutsOpen, setShortcutsOpen] = useState(false)
  const [paneDialog, setPaneDialog] = useState(false)
  const [linkDialog, setLinkDialog] = useState(false)
  const [bulkDialog, setBulkDialog] = useState(false)
  const [welcomeDone, setWelcomeDone] = useState(false)
  const [draft, setDraft] = useState<Draft | undefined>(undefined)
  const [viewType, setViewType] = useState<ViewType>({ queue: '', type: '' })
  const [theme, setTheme] = useState<Theme>(() => loadTheme())
  const [notice, setNotice] = useState('')
  const [settingsTab, setSettingsTab] = useState<SettingsTab>('desk')
  /** Counts clicks on a page's sidebar item: clicking Assets again goes back to the list. */
  const [pageVisit, setPageVisit] = useState(0)
  /** What the Knowledge page opens on (an article, or a new one prefilled from a ticket). */
  const [kbTarget, setKbTarget] = useState<KnowledgeTarget>({})
  const [kbVisit, setKbVisit] = useState(0)
  const syncStatus = useSyncStatus()
  const searchRef = useRef<HTMLInputElement>(null)

  useEffect(() => installHotkeys(), [])
  useEffect(() => {
    applyTheme(theme)
    saveTheme(theme)
    // Only Windows draws its title bar in our colours; elsewhere Go ignores it quietly.
    afterFirstScreen(() => setNativeTheme(theme)).catch(() => {})
  }, [theme])

  const userId = me.data?.user.id
  /** Another person's desk opens on their home (a requester's is My requests), not on the view
   * the last person left. Only a switch of person does this: joining a server also changes
   * who the desk acts as, and the admin who joined stays on Settings → Server. (A different
   * person unlocking the desk remounts it: see Gate.) */
  const goHome = useCallback(() => {
    setNav(null)
    setPage('')
    setOpenId(null)
  }, [])
  /** The department desk the switcher shows ('' for all): a person in one department sees
   * theirs; a new person starts on their own. */
  const [deskChoice, setDeskChoice] = useState<{ user: string; id: string } | null>(null)
  const myDepartments = ref.data?.myDepartments ?? []
  const department =
    deskChoice && deskChoice.user === userId && (deskChoice.id === '' || myDepartments.includes(deskChoice.id))
      ? deskChoice.id
      : myDepartments.length === 1
        ? myDepartments[0]
        : ''
  const saved = useSavedViews()
  const viewCounts = useViewCounts()
  const items = useMemo(() => navItems(ref.data?.views ?? [], saved.data ?? []), [ref.data, saved.data])
  const counts = useMemo(() => Object.fromEntries((viewCounts.data ?? []).map((c) => [c.id, c])), [viewCounts.data])
  /** A view just saved: shown before the refreshed list has it. */
  const [pendingView, setPendingView] = useState<SavedView | null>(null)
  const role = me.data?.user.role ?? ''
  const sync = syncStatus.data
  const syncAttention = (sync?.openConflicts ?? 0) + (sync?.rejected ?? 0)
  const approvalCount = useApprovalCount(!!me.data)
  const showInbox = !!sync && (sync.joined || syncAttention > 0)
  // Go checks roles again on every call; the sidebar only hides what would be refused.
  const pages: PageItem[] = useMemo(
    () => [
      // Anyone may be asked to decide (a manager who is a requester too).
      { key: 'approvals', title: 'Approvals', count: approvalCount.data ?? 0 },
      { key: 'knowledge', title: 'Knowledge' },
      { key: 'catalog', title: 'Catalog' },
      ...(roleRank(role) >= roleRank('agent') ? [{ key: 'tasks', title: 'Tasks' }] : []),
      ...(showInbox ? [{ key: 'inbox', title: 'Sync inbox', count: syncAttention }] : []),
      // Staff see every asset; a requester, the ones they own.
      { key: 'assets', title: roleRank(role) >= roleRank('agent') ? 'Assets' : 'My assets' },
      ...(roleRank(role) >= roleRank('agent') ? [{ key: 'reports', title: 'Reports' }] : []),
      ...(roleRank(role) >= roleRank('manager') ? [{ key: 'settings', title: 'Settings' }] : []),
      // An agent's templates; a manager's are under Settings → Templates.
      ...(roleRank(role) === roleRank('agent') ? [{ key: 'templates', title: 'Templates' }] : []),
    ],
    [role, showInbox, syncAttention, approvalCount.data],
  )
  const shownPage = pages.some((p) => p.key === page) ? page : ''
  // A saved view's item is looked up again in the list, so a renamed or re-saved view shows its
  // latest filters, and a deleted one falls back to All open.
  const current =
    (nav?.saved ? (items.find((i) => i.key === nav.key) ?? (pendingView?.id === nav.saved.id ? nav : null)) : nav) ??
    items.find((i) => i.key === 'all_open') ??
    items[0] ??
    null

  const welcome =
    !!me.data && (me.data.needsIntroduction || !me.data.demoOffered) && me.data.user.role === 'admin' && !welcomeDone
  const dialogOpen = newOpen || paletteOpen || shortcutsOpen || paneDialog || linkDialog || bulkDialog || welcome || !!switchTo || passwordOpen
  const staff = roleRank(role) >= roleRank('agent')

  const openNumber = useCallback(
    async (number: string) => {
      try {
        const d = await qc.fetchQuery({ queryKey: ticketKeys.detail(number), queryFn: () => getTicket(number) })
        qc.setQueryData(ticketKeys.detail(d.ticket.id), d)
        setOpenId(d.ticket.id)
      } catch (err) {
        setNotice(toApiError(err).message)
      }
    },
    [qc],
  )

  // A new ticket is of the type the queue on screen shows (Requests: a request), else of the
  // kept draft's type, else an incident; a kept draft keeps what was typed.
  // Until a queue just opened says its type (from an effect, after it has rendered), it shows
  // its item's: "n" pressed right after choosing Requests opens a request.
  const queueKey = current && me.data ? `${current.key}:${me.data.user.id}:${department}:${current.saved ? JSON.stringify([current.saved.query, current.saved.columns]) : ''}` : ''
  const itemType = (current?.type ?? '') as '' | TicketType
  const newType: TicketType | '' = shownPage === '' ? shownType(viewType, queueKey, itemType) : ''
  const onType = useCallback(
    (type: '' | TicketType) => setViewType((v) => reportType(v, queueKey, itemType, type)),
    [queueKey, itemType],
  )
  const openNew = useCallback(() => {
    if (newType) setDraft((d) => ({ ...(d ?? emptyDraft()), type: newType }))
    setNewOpen(true)
  }, [newType])
  const newLabel = newType === 'request' ? 'New request' : newType === 'incident' ? 'New incident' : 'New ticket'
  // The system print dialog, where a PDF is one of the printers; the print stylesheet shows
  // the open ticket alone and whole.
  const printTicket = useCallback(() => {
    void printWindow().catch((err: unknown) => setNotice(toApiError(err).message))
  }, [])

  useHotkey(keymap.palette.combo, () => setPaletteOpen((o) => !o), { allowInInput: true, description: keymap.palette.description })
  useHotkey(keymap.search.combo, () => searchRef.current?.focus(), { enabled: !dialogOpen, description: keymap.search.description })
  useHotkey(keymap.newTicket.combo, openNew, { enabled: !dialogOpen, description: keymap.newTicket.description })
  useHotkey(keymap.print.combo, printTicket, { enabled: !dialogOpen && !!openId, allowInInput: true, description: keymap.print.description })
  useHotkey(keymap.close.combo, () => setOpenId(null), { enabled: !dialogOpen && !!openId, description: 'Close the ticket' })
  useHotkey(keymap.shortcuts.combo, () => setShortcutsOpen(true), { enabled: !dialogOpen, description: keymap.shortcuts.description })

  const onLoaded = useCallback(() => {
    if (!me.data || !ref.data) return
    markReady()
    // Once the desk is up: the next start formats the queue's dates without making an Intl format.
    learnDateFormatsLater()
  }, [me.data, ref.data])

  const commands: Command[] = useMemo(
    () => [
      { id: 'new-ticket', label: newLabel, hint: keymap.newTicket.combo, run: openNew },
      ...items.map((i) => ({
        id: `go-${i.key}`,
        label: `Go to ${i.title}`,
        run: () => {
          setNav(i)
          setPage('')
        },
      })),
      ...pages.map((p) => ({ id: `go-${p.key}`, label: `Go to ${p.title}`, run: () => setPage(p.key) })),
      // Go refuses it outside the ticket's group, as in the pane; the notice says why.
      ...(openId && staff
        ? [
            {
              id: 'assign-to-me',
              label: 'Assign to me',
              run: () => {
                void assignToMe(openId)
                  .then((d) => {
                    qc.setQueryData(ticketKeys.detail(d.ticket.id), d)
                    void qc.invalidateQueries({ queryKey: ['tickets', 'queue'] })
                  })
                  .catch((err: unknown) => setNotice(toApiError(err).message))
              },
            },
          ]
        : []),
      // The open ticket's comment box inserts it (and Go expands it there).
      ...(openId && staff ? [{ id: 'insert-template', label: 'Insert template…', run: () => setTimeout(requestTemplatePicker, 0) }] : []),
      ...(openId ? [{ id: 'print-ticket', label: 'Print ticket (or save as PDF)', hint: keymap.print.combo, run: printTicket }] : []),
      { id: 'shortcuts', label: 'Keyboard shortcuts', hint: keymap.shortcuts.combo, run: () => setShortcutsOpen(true) },
      { id: 'search', label: 'Search tickets', hint: keymap.search.combo, run: () => setTimeout(() => searchRef.current?.focus(), 0) },
      { id: 'toggle-theme', label: `Toggle theme (now ${theme})`, run: () => setTheme((t) => nextTheme(t)) },
      // Only with OUTPOST_TEST_HOOKS=1: see SLA warnings and breaches without waiting for them.
      ...(me.data?.testHooks
        ? [
            {
              id: 'advance-clock',
              label: 'Test hook: advance the clock 30 minutes and run the SLA sweep',
              run: () => {
                void advanceClock(30)
                  .then(() => slaApi.sweepNow())
                  .catch((err: unknown) => setNotice(toApiError(err).message))
              },
            },
          ]
        : []),
    ],
    [items, pages, theme, me.data?.testHooks, openId, staff, qc, newLabel, openNew, printTicket],
  )

  if (me.error || ref.error) {
    return (
      <div className="boot-error">
        <ErrorBanner message={(me.error ?? ref.error)?.message} />
      </div>
    )
  }
  if (!me.data || !ref.data || !current) {
    return <div className="boot">Opening your desk…</div>
  }

  const isAdmin = me.data.user.role === 'admin'
  const holders = signInState.data?.holders ?? []
  const guarded = !!signInState.data?.required
  // Anyone may switch to a person with a password (by giving it); only the admin to others,
  // and back to the admin only while nobody has a password.
  const switchable = isAdmin
    ? ref.data.users
    : ref.data.users.filter((u) => (guarded ? holders.includes(u.id) : u.role === 'admin') && u.id !== me.data.user.id)

  return (
    <div className={`shell${openId ? ' with-pane' : ''}`} data-testid="app-shell">
      <Sidebar
        items={items}
        counts={counts}
        meId={me.data.user.id}
        current={current.key}
        onSelect={(i) => {
          setPendingView(null)
          setNav(i)
          setPage('')
          setOpenId(null)
        }}
        onNewTicket={openNew}
        pages={pages}
        currentPage={shownPage}
        onPage={(key) => {
          setPage(key)
          setPageVisit((n) => n + 1)
          setSettingsTab('desk')
          setKbTarget({})
          setKbVisit((n) => n + 1)
          setOpenId(null)
        }}
      />
      <TopBar
        desk={
          staff ? (
            <DepartmentSwitcher reference={ref.data} value={department} onChange={(id) => setDeskChoice({ user: me.data.user.id, id })} />
          ) : undefined
        }
        search={
          <SearchBox
            inputRef={searchRef}
            onOpen={(id) => setOpenId(id)}
            onSearchAll={(text) => {
              setNav({ key: `search:${text}`, title: `Search: ${text}`, view: 'all', type: '', search: text })
              setPage('')
              setOpenId(null)
            }}
          />
        }
        sync={
          <SyncIndicator
            onOpenInbox={() => {
              setPage('inbox')
              setOpenId(null)
            }}
            onConnect={
              roleRank(role) >= roleRank('manager')
                ? () => {
                    setSettingsTab('server')
                    setPage('settings')
                    setOpenId(null)
                  }
                : undefined
            }
          />
        }
        bell={
          <NotificationBell
            onOpen={(id) => {
              setPage('')
              setOpenId(id)
            }}
          />
        }
        me={me.data}
        users={switchable}
        canSwitch={isAdmin || holders.length > 0}
        onSwitch={(id) => {
          if (id === me.data.user.id) return
          const user = ref.data.users.find((u) => u.id === id)
          if (user && holders.includes(id)) {
            setSwitchTo(user)
            return
          }
          switchUser.mutate(
            { userId: id },
            {
              onSuccess: goHome,
              onError: (err) => setNotice(toApiError(err).message),
            },
          )
        }}
        onChangePassword={() => setPasswordOpen(true)}
        onLock={guarded ? () => void lockDesk().catch((err: unknown) => setNotice(toApiError(err).message)) : undefined}
        onSignOut={guarded ? () => void signOut().catch((err: unknown) => setNotice(toApiError(err).message)) : undefined}
        theme={theme}
        onTheme={setTheme}
        onPalette={() => setPaletteOpen(true)}
      />
      <main className="main">
        <ErrorBanner message={notice} onDismiss={() => setNotice('')} />
        {shownPage === 'settings' ? (
          <Suspense fallback={<div className="page-loading" aria-busy="true" />}>
            <SettingsPage key={settingsTab} me={me.data} reference={ref.data} initialTab={settingsTab} />
          </Suspense>
        ) : shownPage === 'templates' ? (
          <Suspense fallback={<div className="page-loading" aria-busy="true" />}>
            <TemplatesPage me={me.data} reference={ref.data} />
          </Suspense>
        ) : shownPage === 'reports' ? (
          <Suspense fallback={<div className="page-loading" aria-busy="true" />}>
            <ReportsPage satisfaction={roleRank(role) >= roleRank('manager')} />
          </Suspense>
        ) : shownPage === 'assets' ? (
          <Suspense fallback={<div className="page-loading" aria-busy="true" />}>
            <AssetsPage key={pageVisit} reference={ref.data} staff={staff} onOpenTicket={setOpenId} />
          </Suspense>
        ) : shownPage === 'approvals' ? (
          <Suspense fallback={<div className="page-loading" aria-busy="true" />}>
            <ApprovalsPage key={me.data.user.id} onOpenTicket={setOpenId} />
          </Suspense>
        ) : shownPage === 'catalog' ? (
          <Suspense fallback={<div className="page-loading" aria-busy="true" />}>
            <CatalogPage key={`${pageVisit}:${me.data.user.id}`} me={me.data} reference={ref.data} onOpenTicket={setOpenId} />
          </Suspense>
        ) : shownPage === 'tasks' ? (
          <Suspense fallback={<div className="page-loading" aria-busy="true" />}>
            <TasksPage me={me.data} reference={ref.data} onOpenTicket={setOpenId} />
          </Suspense>
        ) : shownPage === 'knowledge' ? (
          <Suspense fallback={<div className="page-loading" aria-busy="true" />}>
            <KnowledgePage key={`${kbVisit}:${me.data.user.id}`} me={me.data} reference={ref.data} target={kbTarget} />
          </Suspense>
        ) : shownPage === 'inbox' ? (
          <Suspense fallback={<div className="page-loading" aria-busy="true" />}>
            <SyncInbox onOpen={setOpenId} />
          </Suspense>
        ) : role === 'requester' && current.key === 'my_requests' ? (
          <RequesterHome
            me={me.data}
            onLoaded={onLoaded}
            onOpenTicket={setOpenId}
            onNewIncident={() => {
              setDraft((d) => ({ ...(d ?? emptyDraft()), type: 'incident' }))
              setNewOpen(true)
            }}
            onOpenArticle={(id) => {
              setKbTarget({ id })
              setKbVisit((n) => n + 1)
              setPage('knowledge')
              setOpenId(null)
            }}
            catalog={
              <Suspense fallback={<div className="page-loading" aria-busy="true" />}>
                <CatalogBrowse me={me.data} reference={ref.data} onOpenTicket={setOpenId} />
              </Suspense>
            }
            approvals={
              <Suspense fallback={null}>
                <RequesterApprovals onOpenTicket={setOpenId} />
              </Suspense>
            }
          />
        ) : (
          <QueueView
            key={queueKey}
            departmentId={department}
            title={current.title}
            view={current.view}
            type={current.type}
            search={current.search}
            reference={ref.data}
            openId={openId}
            onOpen={setOpenId}
            keysEnabled={!dialogOpen}
            onLoaded={onLoaded}
            onDialog={setBulkDialog}
            canBulk={staff}
            saved={current.saved}
            ownViews={(saved.data ?? []).filter((v) => v.ownerId === me.data?.user.id)}
            meId={me.data.user.id}
            canShare={roleRank(role) >= roleRank('manager')}
            onType={onType}
            onView={(v) => {
              setPendingView(v)
              if (v) setNav({ key: `view:${v.id}`, title: v.name, view: v.query.view, type: '', saved: v, countId: v.id })
              else setNav(null)
            }}
          />
        )}
      </main>
      <Suspense fallback={<aside className="pane" aria-label="Ticket" aria-busy="true" />}>
        {openId && (
          <TicketPane
            key={openId}
            id={openId}
            reference={ref.data}
            onClose={() => setOpenId(null)}
            onOpen={setOpenId}
            onDialog={setPaneDialog}
            onPrint={printTicket}
            onKnowledge={(target) => {
              setKbTarget(target)
              setKbVisit((n) => n + 1)
              setPage('knowledge')
              setOpenId(null)
            }}
          />
        )}
      </Suspense>
      <Suspense fallback={null}>
        {newOpen && (
          <NewTicketDialog
            reference={ref.data}
            departmentId={department}
            me={me.data}
            initialDraft={draft}
            onDraftChange={setDraft}
            onCreated={(t) => {
              setNewOpen(false)
              setDraft(undefined)
              setOpenId(t.id)
            }}
            onClose={() => setNewOpen(false)}
          />
        )}
      </Suspense>
      <Suspense fallback={null}>
        {paletteOpen && (
          <CommandPalette commands={commands} onOpenNumber={(n) => void openNumber(n)} onClose={() => setPaletteOpen(false)} />
        )}
      </Suspense>
      <Suspense fallback={null}>
        {shortcutsOpen && <ShortcutsDialog onClose={() => setShortcutsOpen(false)} />}
      </Suspense>
      <Suspense fallback={null}>
        {welcome && me.data && <WelcomeDialog me={me.data} onDone={() => setWelcomeDone(true)} />}
      </Suspense>
      <Suspense fallback={null}>
        {switchTo && (
          <SwitchUserDialog
            user={switchTo}
            onDone={() => {
              setSwitchTo(null)
              goHome()
            }}
            onClose={() => setSwitchTo(null)}
          />
        )}
      </Suspense>
      <Suspense fallback={null}>
        {passwordOpen && <ChangePasswordDialog hasPassword={holders.includes(me.data.user.id)} onClose={() => setPasswordOpen(false)} />}
      </Suspense>
      <LinkGuard onDialog={setLinkDialog} />
    </div>
  )
}
