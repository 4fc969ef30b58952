// Package desk opens a profile and wires the domain services over it: the one place that
// knows how the parts fit, used by the desktop app, tests and benchmarks alike.
package desk

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"outpost/domain/approval"
	"outpost/domain/asset"
	"outpost/domain/audit"
	"outpost/domain/canned"
	"outpost/domain/catalog"
	"outpost/domain/changelog"
	"outpost/domain/draft"
	"outpost/domain/knowledge"
	"outpost/domain/notify"
	"outpost/domain/people"
	"outpost/domain/replica"
	"outpost/domain/satisfaction"
	"outpost/domain/sla"
	"outpost/domain/store"
	"outpost/domain/ticket"
	"outpost/domain/view"
)

// Desk is an open profile.
type Desk struct {
	DB       *gorm.DB
	Path     string
	DeviceID string
	Now      func() time.Time
	Log      *changelog.Log
	People   *people.Directory
	// Credentials are the desk's password verifiers (never synced).
	Credentials *people.Credentials
	Tickets     *ticket.Service
	SLA         *sla.Service
	Drafts      *draft.Store
	Views       *view.Store
	// Templates are the canned replies and ticket templates (synced kinds).
	Templates *canned.Service
	// Notify is notifications for people: the rules run as a ticket write hook (notify.Hook).
	Notify *notify.Service
	// Assets are the assets and configuration items, their relationships and impact.
	Assets *asset.Service
	// Catalog is the service catalog: items, requests and their tasks (synced kinds).
	Catalog *catalog.Service
	// Knowledge is the knowledge base's articles (synced kinds).
	Knowledge *knowledge.Service
	// Approvals are approvals of any kind's records (domain/approval).
	Approvals *approval.Service
	// Satisfaction is the requesters' ratings of their resolved tickets (a synced kind).
	Satisfaction *satisfaction.Service
}

// Setting keys.
const (
	keyDeviceID    = "device_id"
	keyOwnerID     = "owner_id"
	keySystemID    = "system_user_id"
	keyDemoOffered = "demo_offered"
	// keyIntroduced is "0" until the person of a new profile has said who they are.
	keyIntroduced = "owner_introduced"
)

// Open opens the profile at path, creating and seeding it on first use. now is the clock the
// domain reads (time.Now in the app, a fixed or advancing clock in tests).
func Open(ctx context.Context, path string, now func() time.Time) (*Desk, error) {
	db, err := store.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	d := &Desk{DB: db, Path: path, Now: now}
	if err := d.init(ctx); err != nil {
		_ = store.Close(db)
		return nil, err
	}
	return d, nil
}

// Close closes the profile.
func (d *Desk) Close() error {
	d.unwire()
	return store.Close(d.DB)
}

func (d *Desk) init(ctx context.Context) error {
	// Chain the trail written before it was chained, once, before anything appends to it.
	if err := audit.Seal(ctx, d.DB); err != nil {
		return err
	}
	if err := d.seed(ctx); err != nil {
		return fmt.Errorf("set up profile: %w", err)
	}
	dev, err := d.Setting(ctx, keyDeviceID)
	if err != nil {
		return err
	}
	d.DeviceID = dev
	if d.Log, err = changelog.Open(ctx, d.DB, dev, d.Now); err != nil {
		return err
	}
	sys, err := d.Setting(ctx, keySystemID)
	if err != nil {
		return err
	}
	if err := store.Tx(ctx, d.DB, RekeyMembers); err != nil {
		return fmt.Errorf("membership ids: %w", err)
	}
	d.People = &people.Directory{DB: d.DB, Now: d.Now, SystemID: sys}
	d.Credentials = &people.Credentials{DB: d.DB, Now: d.Now}
	d.Tickets = ticket.NewService(d.DB, d.Log, d.Now)
	d.Drafts = &draft.Store{DB: d.DB, Now: d.Now}
	d.Views = &view.Store{DB: d.DB, Now: d.Now, Log: d.Log, Tickets: d.Tickets}
	d.Templates = &canned.Service{DB: d.DB, Log: d.Log, Now: d.Now, Tickets: d.Tickets}
	d.Assets = &asset.Service{DB: d.DB, Log: d.Log, Now: d.Now}
	d.Knowledge = &knowledge.Service{DB: d.DB, Log: d.Log, Now: d.Now}
	d.Approvals = &approval.Service{DB: d.DB, Log: d.Log, Now: d.Now}
	d.Catalog = &catalog.Service{DB: d.DB, Log: d.Log, Now: d.Now, Tickets: d.Tickets,
		System: people.Actor{ID: sys, Role: people.Admin}}
	d.Satisfaction = &satisfaction.Service{DB: d.DB, Log: d.Log, Now: d.Now}
	d.wireApprovals()
	if err := d.loadSettings(ctx); err != nil {
		return err
	}
	// SLA seeds its defaults once and appends its hook to d.Tickets.AfterWrite.
	if d.SLA, err = sla.Open(ctx, d.DB, d.Tickets); err != nil {
		return err
	}
	d.Notify = &notify.Service{DB: d.DB, Log: d.Log, Now: d.Now}
	d.Tickets.AfterWrite = append(d.Tickets.AfterWrite, notify.Hook(d.DeviceID))
	if err := d.adopt(ctx); err != nil {
		return err
	}
	return d.adoptViews(ctx)
}

// keyViewsAdopted marks a profile whose saved views kept before they synced are logged.
const keyViewsAdopted = "views_adopted"

// adoptViews logs, once, the saved views this profile kept before views synced, each as
// created by its owner (view.Adopt): they stay their owner's, and upload on the next sync.
func (d *Desk) adoptViews(ctx context.Context) error {
	return store.Tx(ctx, d.DB, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Raw(`SELECT COUNT(*) FROM settings WHERE key = ?`, keyViewsAdopted).Scan(&n).Error; err != nil || n > 0 {
			return err
		}
		if _, err := view.Adopt(tx, d.Log); err != nil {
			return fmt.Errorf("adopt saved views: %w", err)
		}
		return tx.Exec(`INSERT INTO settings(key, value) VALUES (?, '1')`, keyViewsAdopted).Error
	})
}

// keyAdopted marks a profile whose configuration written before it synced has been logged.
const keyAdopted = "config_adopted"

// configKinds are the configuration kinds this package wires: their records written before
// they synced are adopted into the change log once.
var configKinds = []string{sla.EntityCalendar, sla.EntityPolicy, EntitySettings}

// adopt logs, once, the configuration this profile holds that its change log never
// mentioned (replica.Adopt): its own policies and calendars, and its edits of the seeds, so
// that joining a server uploads them. A fresh profile has only seeds and logs nothing.
func (d *Desk) adopt(ctx context.Context) error {
	return store.Tx(ctx, d.DB, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Raw(`SELECT COUNT(*) FROM settings WHERE key = ?`, keyAdopted).Scan(&n).Error; err != nil || n > 0 {
			return err
		}
		var owner string
		if err := tx.Raw(`SELECT value FROM settings WHERE key = ?`, keyOwnerID).Scan(&owner).Error; err != nil {
			return err
		}
		for _, e := range configKinds {
			t, _ := replica.Lookup(e)
			if _, err := replica.Adopt(tx, d.Log, owner, t); err != nil {
				return fmt.Errorf("adopt %s: %w", e, err)
			}
		}
		return tx.Exec(`INSERT INTO settings(key, value) VALUES (?, '1')`, keyAdopted).Error
	})
}

// Setting reads one profile setting ("" when unset).
func (d *Desk) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := d.DB.WithContext(ctx).Raw(`SELECT value FROM settings WHERE key = ?`, key).Row().Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read setting %s: %w", key, err)
	}
	return v, nil
}

// SetSetting writes one profile setting.
func (d *Desk) SetSetting(ctx context.Context, key, value string) error {
	return d.DB.WithContext(ctx).Exec(`INSERT INTO settings(key, value) VALUES (?, ?)
		ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, value).Error
}

// Owner is the local person who created the profile: its first admin.
func (d *Desk) Owner(ctx context.Context) (people.Actor, error) {
	id, err := d.Setting(ctx, keyOwnerID)
	if err != nil {
		return people.Actor{}, err
	}
	return d.People.ActorFor(ctx, id)
}

// System is the actor for work the desk does by itself (auto-close, SLA escalations).
func (d *Desk) System(ctx context.Context) (people.Actor, error) {
	id, err := d.Setting(ctx, keySystemID)
	if err != nil {
		return people.Actor{}, err
	}
	return people.Actor{ID: id, Role: people.Admin}, nil
}

// AutoCloseDays is how long a resolved ticket waits before it closes by itself.
func (d *Desk) AutoCloseDays(ctx context.Context) int {
	var n []int
	if err := d.DB.WithContext(ctx).Raw(`SELECT auto_close_days FROM desk_settings WHERE id = ?`, SettingsID).Scan(&n).Error; err != nil || len(n) == 0 {
		return 7
	}
	return n[0]
}

// seed creates what a fresh profile starts with, once: a device id, an admin for the local
// person (named when they introduce themself), a system user, default groups and categories.
func (d *Desk) seed(ctx context.Context) error {
	return store.Tx(ctx, d.DB, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Raw(`SELECT COUNT(*) FROM settings WHERE key = ?`, keyDeviceID).Scan(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		now := d.Now().UnixMilli()
		owner, system := uuid.Must(uuid.NewV7()).String(), uuid.Must(uuid.NewV7()).String()
		settings := map[string]string{
			keyDeviceID: uuid.Must(uuid.NewV7()).String(), keyOwnerID: owner, keySystemID: system,
			keyDemoOffered: "0", keyIntroduced: "0",
		}
		for k, v := range settings {
			if err := tx.Exec(`INSERT INTO settings(key, value) VALUES (?, ?)`, k, v).Error; err != nil {
				return err
			}
		}
		users := []people.User{
			{ID: owner, Name: "Local Admin", Email: "admin@outpost.local", Role: people.Admin},
			{ID: system, Name: "Outpost", Email: "system@outpost.local", Role: people.Admin},
		}
		for _, u := range users {
			u.Active, u.CreatedAt, u.UpdatedAt = true, now, now
			if err := tx.Create(&u).Error; err != nil {
				return err
			}
		}
		for _, g := range DefaultGroups {
			id := uuid.Must(uuid.NewV7()).String()
			if err := tx.Create(&people.Group{ID: id, Name: g[0], Description: g[1], Active: true, CreatedAt: now, UpdatedAt: now}).Error; err != nil {
				return err
			}
			if err := tx.Exec(`INSERT INTO group_members(id, group_id, user_id) VALUES (?, ?, ?)`, people.MemberID(id, owner), id, owner).Error; err != nil {
				return err
			}
		}
		for parent, subs := range DefaultCategories {
			pid := uuid.Must(uuid.NewV7()).String()
			if err := tx.Exec(`INSERT INTO categories(id, name) VALUES (?, ?)`, pid, parent).Error; err != nil {
				return err
			}
			for _, s := range subs {
				if err := tx.Exec(`INSERT INTO categories(id, name, parent_id) VALUES (?, ?, ?)`, uuid.Must(uuid.NewV7()).String(), s, pid).Error; err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// DefaultGroups are the assignment groups of a new profile: name and description.
var DefaultGroups = [][2]string{
	{"Service Desk", "First line: logs, triages and resolves what it can"},
	{"Desktop Support", "End-user devices, peripherals and on-site visits"},
	{"Network", "LAN, Wi-Fi, VPN and firewalls"},
	{"Applications", "Business applications and licences"},
	{"Identity & Access", "Accounts, passwords, permissions"},
}

// DefaultCategories are the categories and subcategories of a new profile.
var DefaultCategories = map[string][]string{
	"Hardware":        {"Laptop", "Desktop", "Printer", "Monitor", "Mobile phone", "Peripheral"},
	"Software":        {"Office suite", "Email client", "Operating system", "Business application", "Installation"},
	"Network":         {"Wi-Fi", "VPN", "LAN", "Internet access", "DNS"},
	"Access":          {"Password reset", "New account", "Permissions", "MFA"},
	"Email":           {"Mailbox", "Distribution list", "Spam"},
	"Inquiry / Help":  {"How-to", "Information"},
	"Database":        {"Performance", "Backup", "Data fix"},
	"Security":        {"Phishing", "Malware", "Lost device"},
	"Facilities":      {"Meeting room", "Desk move"},
	"Service request": {"New hardware", "New software", "Onboarding", "Offboarding"},
}

// Category is a category with its subcategories.
type Category struct {
	Name          string   `json:"name"`
	Subcategories []string `json:"subcategories"`
	// DepartmentID is the department the category is for ("": every department).
	DepartmentID string `json:"departmentId"`
}

// Categories lists the categories and their subcategories offered (active), by name.
func (d *Desk) Categories(ctx context.Context) ([]Category, error) {
	rows, err := d.DB.WithContext(ctx).Raw(`SELECT p.name, COALESCE(c.name, ''), COALESCE(p.department_id, '') FROM categories p
		LEFT JOIN categories c ON c.parent_id = p.id AND c.active = 1 WHERE p.parent_id IS NULL AND p.active = 1 ORDER BY p.name, c.name`).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Category
	for rows.Next() {
		var p, c, dep string
		if err := rows.Scan(&p, &c, &dep); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].Name != p {
			out = append(out, Category{Name: p, Subcategories: []string{}, DepartmentID: dep})
		}
		if c != "" {
			out[len(out)-1].Subcategories = append(out[len(out)-1].Subcategories, c)
		}
	}
	return out, rows.Err()
}
