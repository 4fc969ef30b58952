import { useState } from 'react'
import type { Me, Reference } from '../../../api/session'
import { roleRank } from '../../../api/session'
import { Tabs } from '../../../components/ui/Tabs'
import { AuditSettings } from './AuditSettings'
import { BackupSettings } from './BackupSettings'
import { CalendarSettings } from './CalendarSettings'
import { DepartmentSettings } from './DepartmentSettings'
import { DeskSettings } from './DeskSettings'
import { GroupSettings } from './GroupSettings'
import { ImportSettings } from './ImportSettings'
import { CategorySettings, ServiceSettings } from './ListSettings'
import { PeopleSettings } from './PeopleSettings'
import { SignInSettings } from './SignInSettings'
import { PolicySettings } from './PolicySettings'
import { ServerSettings } from './ServerSettings'
import { SweepSettings } from './SweepSettings'
import { TemplateSettings } from './TemplateSettings'

const TABS = [
  { id: 'desk', label: 'Desk' },
  { id: 'people', label: 'People' },
  { id: 'departments', label: 'Departments' },
  { id: 'groups', label: 'Groups' },
  { id: 'categories', label: 'Categories' },
  { id: 'services', label: 'Services' },
  { id: 'templates', label: 'Templates' },
  { id: 'policies', label: 'SLA policies' },
  { id: 'calendars', label: 'Calendars' },
  { id: 'server', label: 'Server' },
  { id: 'audit', label: 'Audit' },
  { id: 'backup', label: 'Backup' },
  { id: 'import', label: 'Import' },
] as const
export type Tab = (typeof TABS)[number]['id']

/**
 * SettingsPage is for managers and admins. Go checks every write again: desk settings and
 * people are for admins; groups, categories, services, SLA policies, calendars, the sweep and
 * the audit trail and imports for managers and up; backups for admins. Templates are everyone's on the
 * staff: agents reach them through their own Templates page (TemplatesPage), with no other
 * setting.
 */
export function SettingsPage({ me, reference, initialTab = 'desk' }: { me: Me; reference: Reference; initialTab?: Tab }) {
  const [tab, setTab] = useState<Tab>(initialTab)
  const admin = me.user.role === 'admin'
  const manager = roleRank(me.user.role) >= roleRank('manager')
  return (
    <section className="page settings-page" aria-label="Settings" data-testid="settings-page">
      <header className="queue-head">
        <h1>Settings</h1>
      </header>
      <Tabs
        items={TABS}
        value={tab}
        onChange={setTab}
        label="Settings sections"
        testid="settings-tab"
        className="tabs page-tabs"
      />
      <div className="page-body" role="tabpanel">
        {tab === 'desk' && (
          <>
            <DeskSettings canEdit={admin} />
            {admin && <SignInSettings reference={reference} />}
            {manager && <SweepSettings />}
          </>
        )}
        {tab === 'people' && <PeopleSettings reference={reference} canEdit={admin} />}
        {tab === 'departments' && <DepartmentSettings reference={reference} canEdit={admin} />}
        {tab === 'groups' && <GroupSettings reference={reference} canEdit={manager} />}
        {tab === 'categories' && <CategorySettings reference={reference} canEdit={manager} />}
        {tab === 'services' && <ServiceSettings reference={reference} canEdit={manager} />}
        {tab === 'templates' && <TemplateSettings me={me} reference={reference} />}
        {tab === 'policies' && <PolicySettings reference={reference} canEdit={manager} />}
        {tab === 'calendars' && <CalendarSettings canEdit={manager} />}
        {tab === 'server' && <ServerSettings />}
        {tab === 'audit' && <AuditSettings />}
        {tab === 'backup' && (admin ? <BackupSettings /> : <p className="muted">Only an admin backs up and restores the desk.</p>)}
        {tab === 'import' && (manager ? <ImportSettings /> : <p className="muted">Only a manager or an admin imports records.</p>)}
      </div>
    </section>
  )
}

/** TemplatesPage is an agent's way to their templates: Settings holds nothing else of theirs. */
export function TemplatesPage({ me, reference }: { me: Me; reference: Reference }) {
  return (
    <section className="page settings-page" aria-label="Templates" data-testid="templates-page">
      <header className="queue-head">
        <h1>Templates</h1>
      </header>
      <div className="page-body">
        <TemplateSettings me={me} reference={reference} />
      </div>
    </section>
  )
}
