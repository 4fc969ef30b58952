package server_test

import (
	"fmt"
	"testing"

	"outpost/domain/asset"
	"outpost/domain/fault"
	"outpost/sync/protocol"
)

// The agreement table of assets and their relationships: agents and above register, edit,
// move and relate CIs; a requester sees only the assets they own and writes none.

func assetDoc(typ, name, attrs string) func(c *cfg, id string) map[string]any {
	return func(c *cfg, id string) map[string]any {
		return map[string]any{"id": id, "tag": "HW0000001", "class": "hardware", "type": typ, "name": name,
			"serial": "", "model": "", "manufacturer": "", "location": "", "status": "in_use", "purchaseDate": "",
			"warrantyEnd": "", "attributes": attrs, "createdBy": c.a.ids["admin"], "createdAt": 1}
	}
}

func registerAsset(typ, name, attrs string) func(c *cfg) error {
	return func(c *cfg) error {
		_, err := c.r.Desk.Assets.Create(c.ctx, c.r.Actor, asset.Hardware, asset.InUse, asset.Edit{Type: typ, Name: name, Attributes: attrs})
		return err
	}
}

// recordInventory records the inventory of the machine host with n packages (its software list
// takes the attributes past the 8 KiB of other attributes).
func recordInventory(host string, n int) func(c *cfg) error {
	return func(c *cfg) error {
		inv := &asset.Inventory{Format: asset.InventoryFormat, Version: asset.InventoryVersion, CollectedAt: 1_700_000_000_000,
			Hostname: host, OS: "Debian GNU/Linux", OSVersion: "12", CPUCount: 4, MemoryMB: 8000, Serial: "SN-" + host}
		for i := range n {
			inv.Software = append(inv.Software, asset.Package{Name: fmt.Sprintf("package-%04d", i), Version: "1.0-1+deb12u1"})
		}
		_, err := c.r.Desk.Assets.RecordInventory(c.ctx, c.r.Actor, inv)
		return err
	}
}

// anAsset: the admin registers a laptop in use (owned by owner's role, if any).
func anAsset(owner string) func(c *cfg) {
	return func(c *cfg) {
		e := asset.Edit{Type: "laptop", Name: "LT-7"}
		if owner != "" {
			id := c.a.ids[owner]
			e.OwnerID = &id
		}
		a, err := c.r.Desk.Assets.Create(c.ctx, c.r.Actor, asset.Hardware, asset.InUse, e)
		c.must(err)
		c.id = a.ID
	}
}

// twoAssets: an application (c.id) and the server it runs on (c.other).
func twoAssets(c *cfg) {
	app, err := c.r.Desk.Assets.Create(c.ctx, c.r.Actor, asset.Software, asset.InUse, asset.Edit{Name: "Payroll app"})
	c.must(err)
	srv, err := c.r.Desk.Assets.Create(c.ctx, c.r.Actor, asset.Hardware, asset.InUse, asset.Edit{Type: "server", Name: "app-01"})
	c.must(err)
	c.id, c.other = app.ID, srv.ID
}

// related: twoAssets, the application running on the server.
func related(c *cfg) {
	twoAssets(c)
	_, err := c.r.Desk.Assets.Relate(c.ctx, c.r.Actor, c.id, c.other, asset.RunsOn)
	c.must(err)
}

func editAsset(e asset.Edit) func(c *cfg) error {
	return func(c *cfg) error {
		_, err := c.r.Desk.Assets.Update(c.ctx, c.r.Actor, c.id, e)
		return err
	}
}

func moveAsset(to asset.Status) func(c *cfg) error {
	return func(c *cfg) error {
		_, err := c.r.Desk.Assets.Move(c.ctx, c.r.Actor, c.id, to)
		return err
	}
}

func assetMoveOp(from, to asset.Status) func(d *device, c *cfg) protocol.Op {
	return func(d *device, c *cfg) protocol.Op {
		return d.op(asset.EntityAsset, c.id, protocol.OpTransition, "status", asset.TransitionValue{From: from, To: to})
	}
}

// relateCIs relates c.id to c.other (to itself when self).
func relateCIs(self bool) func(c *cfg) error {
	return func(c *cfg) error {
		to := c.other
		if self {
			to = c.id
		}
		_, err := c.r.Desk.Assets.Relate(c.ctx, c.r.Actor, c.id, to, asset.RunsOn)
		return err
	}
}

func relateOp(self bool) func(d *device, c *cfg) protocol.Op {
	return func(d *device, c *cfg) protocol.Op {
		to := c.other
		if self {
			to = c.id
		}
		id := asset.RelationID(c.id, to, asset.RunsOn)
		return d.op(asset.EntityRelation, id, protocol.OpCreate, "", map[string]any{"id": id, "fromId": c.id, "toId": to,
			"type": "runs_on", "active": true, "createdBy": d.user, "createdAt": 1})
	}
}

// TestAgreeAsset: who may register, edit, move and relate assets, with which values.
func TestAgreeAsset(t *testing.T) {
	rows := []configRow{
		{name: "register an asset", role: "requester", desk: registerAsset("laptop", "LT-9", ""),
			op: cfgCreate(asset.EntityAsset, assetDoc("laptop", "LT-9", "")), want: fault.CodeForbidden},
		{name: "edit another's asset", role: "requester", setup: anAsset(""), desk: editAsset(asset.Edit{Type: "laptop", Name: "Mine"}),
			op: cfgSet(asset.EntityAsset, nil, "name", "Mine"), want: fault.CodeNotFound},
		{name: "edit their own asset", role: "requester", setup: anAsset("requester"),
			desk: editAsset(asset.Edit{Type: "laptop", Name: "Mine", OwnerID: ptr("")}),
			op:   cfgSet(asset.EntityAsset, nil, "name", "Mine"), want: fault.CodeForbidden},
		{name: "move their own asset", role: "requester", setup: anAsset("requester"), desk: moveAsset(asset.InRepair),
			op: assetMoveOp(asset.InUse, asset.InRepair), want: fault.CodeForbidden},
		{name: "relate two CIs", role: "requester", setup: twoAssets, desk: relateCIs(false), op: relateOp(false), want: fault.CodeForbidden},
		{name: "record an inventory", role: "requester", desk: recordInventory("lt-9", 2),
			op: cfgCreate(asset.EntityAsset, assetDoc("laptop", "lt-9", `{"hostname":"lt-9"}`)), want: fault.CodeForbidden},
	}
	for _, role := range []string{"agent", "manager"} {
		rows = append(rows,
			configRow{name: "register an asset", role: role, desk: registerAsset("laptop", "LT-9", `{"cpuCount":8}`)},
			configRow{name: "record an inventory of 900 packages", role: role, desk: recordInventory("lt-"+role, 900)},
			configRow{name: "register a toaster", role: role, desk: registerAsset("toaster", "T-1", ""),
				op: cfgCreate(asset.EntityAsset, assetDoc("toaster", "T-1", "")), want: fault.CodeValidation},
			configRow{name: "register with a license's attributes", role: role, desk: registerAsset("laptop", "LT-9", `{"seats":5}`),
				op: cfgCreate(asset.EntityAsset, assetDoc("laptop", "LT-9", `{"seats":5}`)), want: fault.CodeValidation},
			configRow{name: "register with a name over its limit", role: role, desk: registerAsset("laptop", long(300), ""),
				op: cfgCreate(asset.EntityAsset, assetDoc("laptop", long(300), "")), want: fault.CodeValidation},
			configRow{name: "edit an asset", role: role, setup: anAsset("requester"),
				desk: editAsset(asset.Edit{Type: "laptop", Name: "LT-7", Location: "Plant 2", OwnerID: ptr(""), WarrantyEnd: "2029-01-31"})},
			configRow{name: "set a warranty end that is no date", role: role, setup: anAsset(""),
				desk: editAsset(asset.Edit{Type: "laptop", Name: "LT-7", WarrantyEnd: "2026-13-01"}),
				op:   cfgSet(asset.EntityAsset, nil, "warrantyEnd", "2026-13-01"), want: fault.CodeValidation},
			configRow{name: "send an asset for repair", role: role, setup: anAsset(""), desk: moveAsset(asset.InRepair)},
			configRow{name: "move an asset in use back to ordered", role: role, setup: anAsset(""), desk: moveAsset(asset.Ordered),
				op: assetMoveOp(asset.InUse, asset.Ordered), want: fault.CodeInvalidTransition},
			configRow{name: "relate two CIs", role: role, setup: twoAssets, desk: relateCIs(false)},
			configRow{name: "relate a CI to itself", role: role, setup: twoAssets, desk: relateCIs(true), op: relateOp(true), want: fault.CodeValidation},
			configRow{name: "relate two CIs twice", role: role, setup: related, desk: relateCIs(false), op: relateOp(false), want: fault.CodeConflict},
			configRow{name: "remove a relationship", role: role, setup: related, desk: func(c *cfg) error {
				return c.r.Desk.Assets.Unrelate(c.ctx, c.r.Actor, asset.RelationID(c.id, c.other, asset.RunsOn))
			}},
		)
	}
	runConfigAgreement(t, rows)
}
