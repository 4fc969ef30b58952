package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"outpost/domain/asset"
	"outpost/domain/desk"
	"outpost/domain/people"
	"outpost/domain/replica"
	"outpost/inventory"
)

// InventoryThisMachine takes this machine's inventory and creates or updates its asset
// (agents and above; the role is checked before the machine is read, and again by the
// service).
func (s *Assets) InventoryThisMachine() (*asset.InventoryResult, error) {
	return change(s, func(ctx context.Context, d *desk.Desk, a people.Actor) (*asset.InventoryResult, error) {
		if err := a.Require(people.Agent, "record a machine's inventory"); err != nil {
			return nil, err
		}
		inv, err := inventory.Collect(ctx, d.Now())
		if err != nil {
			return nil, err
		}
		return d.Assets.RecordInventory(ctx, a, inv)
	})
}

// ImportInventory records the inventory file another machine wrote (`outpost --inventory
// --out`), given as its text; a malformed or foreign file is refused with its code and
// nothing is written.
func (s *Assets) ImportInventory(content string) (*asset.InventoryResult, error) {
	return change(s, func(ctx context.Context, d *desk.Desk, a people.Actor) (*asset.InventoryResult, error) {
		if err := a.Require(people.Agent, "import an inventory"); err != nil {
			return nil, err
		}
		inv, err := asset.ParseInventory([]byte(content))
		if err != nil {
			return nil, err
		}
		return d.Assets.RecordInventory(ctx, a, inv)
	})
}

// Licences is the licence report: seats against installations, over-use flagged (staff).
func (s *Assets) Licences(q asset.LicenceQuery) (*asset.LicencePage, error) {
	return call(s, func(ctx context.Context, d *desk.Desk, a people.Actor) (*asset.LicencePage, error) {
		return d.Assets.Licences(ctx, a, q)
	})
}

// Licence is one licence's use and the machines that use it (staff).
func (s *Assets) Licence(id string) (*asset.LicenceUse, error) {
	return call(s, func(ctx context.Context, d *desk.Desk, a people.Actor) (*asset.LicenceUse, error) {
		return d.Assets.Licence(ctx, a, id)
	})
}

// WarrantiesExpiring is the report of warranties that end within q.Days days (staff).
func (s *Assets) WarrantiesExpiring(q asset.ReportQuery) (*asset.Page, error) {
	return call(s, func(ctx context.Context, d *desk.Desk, a people.Actor) (*asset.Page, error) {
		return d.Assets.WarrantiesExpiring(ctx, a, q)
	})
}

// NotSeen is the report of machines no inventory has seen for q.Days days (staff).
func (s *Assets) NotSeen(q asset.ReportQuery) (*asset.Page, error) {
	return call(s, func(ctx context.Context, d *desk.Desk, a people.Actor) (*asset.Page, error) {
		return d.Assets.NotSeen(ctx, a, q)
	})
}

// InventoryCommand is `outpost --inventory [--out FILE]` without a window. With a file, it
// writes this machine's inventory there and touches no profile (for a machine that is not the
// desk: the file is imported at the desk later). Without one, it creates or updates this
// machine's asset in the profile at profile, as the profile's person (the server user of a
// joined desk), and prints what it did.
func InventoryCommand(ctx context.Context, profile, file string, out io.Writer) error {
	now := time.Now()
	if file != "" {
		inv, err := inventory.Collect(ctx, now)
		if err != nil {
			return err
		}
		b, err := json.MarshalIndent(inv, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(file, append(b, '\n'), 0o600); err != nil {
			return fmt.Errorf("write the inventory: %w", err)
		}
		fmt.Fprintf(out, "wrote the inventory of %s (%s %s, %d CPUs, %d MB, %d packages) to %s\n",
			inv.Hostname, inv.OS, inv.OSVersion, inv.CPUCount, inv.MemoryMB, len(inv.Software), file)
		return nil
	}
	if _, err := os.Stat(profile); err != nil {
		return fmt.Errorf("open profile: %w", err)
	}
	d, err := desk.Open(ctx, profile, time.Now)
	if err != nil {
		return err
	}
	defer d.Close()
	act, err := commandActor(ctx, d)
	if err != nil {
		return err
	}
	if err := act.Require(people.Agent, "record a machine's inventory"); err != nil {
		return err
	}
	inv, err := inventory.Collect(ctx, now)
	if err != nil {
		return err
	}
	res, err := d.Assets.RecordInventory(ctx, act, inv)
	if err != nil {
		return err
	}
	fmt.Fprintln(out, inventorySummary(res, inv))
	return nil
}

// commandActor is who a command acts as: the server user a joined desk signed in as, else the
// profile's person.
func commandActor(ctx context.Context, d *desk.Desk) (people.Actor, error) {
	db := d.DB.WithContext(ctx)
	server, _ := replica.State(db, replica.KeyServer)
	token, _ := replica.State(db, replica.KeyToken)
	if user, _ := replica.State(db, replica.KeyUserID); server != "" && token != "" && user != "" {
		return d.People.ActorFor(ctx, user)
	}
	return d.Owner(ctx)
}

// inventorySummary says what recording an inventory did.
func inventorySummary(res *asset.InventoryResult, inv *asset.Inventory) string {
	what := "created"
	if !res.Created {
		what = "updated"
	}
	s := fmt.Sprintf("%s %s %s (%s %s, %d CPUs, %d MB, %d packages)", what, res.Asset.Tag, res.Asset.Name,
		inv.OS, inv.OSVersion, inv.CPUCount, inv.MemoryMB, len(inv.Software))
	if res.MatchedBy != "" {
		s += ", matched by " + map[string]string{asset.MatchedBySerial: "serial", asset.MatchedByMAC: "MAC address",
			asset.MatchedByHostname: "host name"}[res.MatchedBy]
	}
	return s
}
