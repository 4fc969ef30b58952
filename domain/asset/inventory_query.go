package asset

import (
	"context"
	"strings"

	"gorm.io/gorm"

	"outpost/domain/people"
	"outpost/domain/store"
)

// Ways an inventory matched an existing asset.
const (
	MatchedBySerial   = "serial"
	MatchedByMAC      = "mac"
	MatchedByHostname = "hostname"
)

// InventoryResult is what recording an inventory did: the asset, whether it was new, and
// otherwise what matched it.
type InventoryResult struct {
	Asset     *Asset `json:"asset"`
	Created   bool   `json:"created"`
	MatchedBy string `json:"matchedBy"`
}

// attrsSQL is an asset's attributes as a JSON document SQLite can read ('{}' when empty).
const attrsSQL = `CASE WHEN json_valid(a.attributes) THEN a.attributes ELSE '{}' END`

// Match finds the hardware asset an inventory describes: by serial, then by a MAC address,
// then by host name (the asset's name or its hostname attribute, any case). Archived assets
// are never matched. It returns "" when none matches.
func Match(tx *gorm.DB, inv *Inventory) (id, by string, err error) {
	pick := func(q string, args ...any) (string, error) {
		var ids []string
		err := tx.Raw(q+` ORDER BY a.created_at, a.id LIMIT 1`, args...).Scan(&ids).Error
		if err != nil || len(ids) == 0 {
			return "", err
		}
		return ids[0], nil
	}
	const hw = `SELECT a.id FROM assets a WHERE a.class = 'hardware' AND a.archived = 0`
	if s := inv.MatchSerial(); s != "" {
		if id, err = pick(hw+` AND a.serial = ?`, s); id != "" || err != nil {
			return id, MatchedBySerial, err
		}
	}
	if macs := inv.MACs(); len(macs) > 0 {
		q := hw + ` AND EXISTS (SELECT 1 FROM json_each(` + attrsSQL + `, '$.macs') m WHERE lower(m.value) IN ?)`
		if id, err = pick(q, macs); id != "" || err != nil {
			return id, MatchedByMAC, err
		}
	}
	host := strings.TrimSpace(inv.Hostname)
	q := hw + ` AND (a.name = ? COLLATE NOCASE OR lower(json_extract(` + attrsSQL + `, '$.hostname')) = lower(?))`
	if id, err = pick(q, host, host); id != "" || err != nil {
		return id, MatchedByHostname, err
	}
	return "", "", nil
}

// RecordInventory creates or updates the hardware asset inv describes (agents and above),
// through the same checks, change log and audit trail as any other write, in one
// transaction: a matched asset gets the inventory's facts and its last seen; otherwise a new
// asset in use is registered.
func (s *Service) RecordInventory(ctx context.Context, act people.Actor, inv *Inventory) (*InventoryResult, error) {
	if err := act.Require(people.Agent, "record a machine's inventory"); err != nil {
		return nil, err
	}
	if err := inv.Check(); err != nil {
		return nil, err
	}
	out := &InventoryResult{}
	err := store.Tx(ctx, s.DB, func(tx *gorm.DB) error {
		id, by, err := Match(tx, inv)
		if err != nil {
			return err
		}
		if id == "" {
			e, err := inv.Edit(nil)
			if err != nil {
				return err
			}
			out.Asset, err = s.create(tx, act, Hardware, InUse, e)
			out.Created = true
			return err
		}
		cur, err := load(tx, act, id)
		if err != nil {
			return err
		}
		e, err := inv.Edit(cur)
		if err != nil {
			return err
		}
		out.MatchedBy = by
		out.Asset, err = s.update(tx, act, id, e)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
