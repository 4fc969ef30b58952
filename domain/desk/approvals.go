package desk

import (
	"fmt"
	"sync"

	"gorm.io/gorm"

	"outpost/domain/approval"
	"outpost/domain/catalog"
	"outpost/domain/people"
)

// The approvals' outcome hooks are process-wide (approval.OnOutcome), but a process may hold
// several desks (tests, benchmarks): the one catalog hook finds the desk whose transaction it
// runs in by the device id the profile keeps, and calls that desk's catalog.
var (
	wireOnce sync.Once
	desksMu  sync.Mutex
	desks    = map[string]*catalog.Service{} // device id → the open desk's catalog
)

// wireApprovals joins the catalog and the approvals on this desk: a submitted item that needs
// approval asks for it in the submitting transaction, and the approval's outcome moves the
// request on (approval.OnCatalogOutcome says which desk acts).
func (d *Desk) wireApprovals() {
	d.Catalog.Approve = func(tx *gorm.DB, actor people.Actor, requestID, requesterID string, rule catalog.Approval) error {
		_, err := d.Approvals.Request(tx, actor, catalog.EntityRequest, requestID, approval.CatalogRule(rule, requesterID), nil)
		return err
	}
	desksMu.Lock()
	desks[d.DeviceID] = d.Catalog
	desksMu.Unlock()
	wireOnce.Do(func() {
		approval.OnOutcome(catalog.EntityRequest, approval.OnCatalogOutcome(func(tx *gorm.DB, requestID string, approved bool) error {
			var dev string
			if err := tx.Raw(`SELECT value FROM settings WHERE key = ?`, keyDeviceID).Scan(&dev).Error; err != nil {
				return err
			}
			desksMu.Lock()
			c := desks[dev]
			desksMu.Unlock()
			if c == nil {
				return fmt.Errorf("approval outcome of request %s: no open desk %q", requestID, dev)
			}
			return c.OnApprovalOutcome(tx, requestID, approved)
		}))
	})
}

// unwire forgets the desk on Close.
func (d *Desk) unwire() {
	desksMu.Lock()
	if desks[d.DeviceID] == d.Catalog {
		delete(desks, d.DeviceID)
	}
	desksMu.Unlock()
}
