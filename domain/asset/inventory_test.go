package asset_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"outpost/domain/asset"
	"outpost/domain/fault"
)

// machine is an inventory as another machine's file would hold it.
func machine(host, serial, mac string, software ...string) *asset.Inventory {
	inv := &asset.Inventory{Format: asset.InventoryFormat, Version: asset.InventoryVersion, CollectedAt: now().UnixMilli(),
		Hostname: host, OS: "Debian GNU/Linux", OSVersion: "12.8", CPU: "Test CPU", CPUCount: 4, MemoryMB: 16000,
		Serial: serial, Model: "ThinkPad T14", Manufacturer: "LENOVO", Chassis: "laptop",
		Disks: []asset.Disk{{Device: "/dev/nvme0n1p2", Mount: "/", FSType: "ext4", SizeMB: 500000}}}
	if mac != "" {
		inv.Interfaces = []asset.Interface{{Name: "eth0", MAC: mac, Addrs: []string{"10.0.0.7/24"}}}
	}
	for _, s := range software {
		name, version, _ := strings.Cut(s, " ")
		inv.Software = append(inv.Software, asset.Package{Name: name, Version: version})
	}
	return inv
}

func attrs(t *testing.T, a *asset.Asset) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(a.Attributes), &m); err != nil {
		t.Fatalf("attributes %q: %v", a.Attributes, err)
	}
	return m
}

func TestParseInventoryRefusals(t *testing.T) {
	good, _ := json.Marshal(machine("lt-7", "PF1", "aa:bb:cc:dd:ee:01"))
	if _, err := asset.ParseInventory(good); err != nil {
		t.Fatalf("a good file: %v", err)
	}
	for _, c := range []struct {
		name, file, want string
	}{
		{"not JSON", "hostname: lt-7", asset.CodeInventoryMalformed},
		{"truncated", string(good[:len(good)/2]), asset.CodeInventoryMalformed},
		{"a JSON list", `[1, 2]`, asset.CodeInventoryMalformed},
		{"a backup manifest", `{"app":"0.1.0","schema":31}`, asset.CodeInventoryForeign},
		{"another format", `{"format":"something-else","version":1}`, asset.CodeInventoryForeign},
		{"newer", `{"format":"outpost-inventory","version":99,"hostname":"x","collectedAt":1}`, asset.CodeInventoryNewer},
		{"no host", `{"format":"outpost-inventory","version":1,"collectedAt":1,"cpuCount":2}`, asset.CodeInventoryMalformed},
		{"no time", `{"format":"outpost-inventory","version":1,"hostname":"x"}`, asset.CodeInventoryMalformed},
		{"a count as text", `{"format":"outpost-inventory","version":1,"hostname":"x","collectedAt":1,"cpuCount":"four"}`, asset.CodeInventoryMalformed},
		{"an unknown field", `{"format":"outpost-inventory","version":1,"hostname":"x","collectedAt":1,"owner":"me"}`, asset.CodeInventoryMalformed},
		{"negative memory", `{"format":"outpost-inventory","version":1,"hostname":"x","collectedAt":1,"memoryMB":-1}`, asset.CodeInventoryMalformed},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := asset.ParseInventory([]byte(c.file))
			if got := fault.Code(err); got != c.want {
				t.Errorf("got %s (%v), want %s", got, err, c.want)
			}
		})
	}
}

// An inventory registers a machine once and then updates it, matched by serial, then MAC,
// then host name; each write is logged and audited like any other.
func TestRecordInventoryMatches(t *testing.T) {
	f := open(t)
	ctx := context.Background()
	first, err := f.d.Assets.RecordInventory(ctx, f.ann, machine("lt-7", "PF1", "AA:BB:CC:DD:EE:01", "firefox-esr 115.5", "libreoffice-core 7.4"))
	if err != nil {
		t.Fatal(err)
	}
	a := first.Asset
	if !first.Created || a.Class != asset.Hardware || a.Type != "laptop" || a.Name != "lt-7" || a.Serial != "PF1" || a.Status != asset.InUse {
		t.Fatalf("got %+v, want a new laptop lt-7 in use with serial PF1", a)
	}
	m := attrs(t, a)
	if m["os"] != "Debian GNU/Linux" || m["cpuCount"] != float64(4) || m["memoryMB"] != float64(16000) || m["ip"] != "10.0.0.7" {
		t.Errorf("got attributes %v", m)
	}
	if fmt.Sprint(m["macs"]) != "[aa:bb:cc:dd:ee:01]" || fmt.Sprint(m["software"]) != "[firefox-esr 115.5 libreoffice-core 7.4]" {
		t.Errorf("got macs %v and software %v", m["macs"], m["software"])
	}
	if a.LastSeenAt == nil || *a.LastSeenAt != now().UnixMilli() {
		t.Errorf("got last seen %v, want the inventory's time", a.LastSeenAt)
	}
	// A person names and places the machine; the next inventory keeps what it does not know.
	e := asset.Edit{Type: a.Type, Name: "Rita's laptop", Serial: a.Serial, Model: a.Model, Manufacturer: a.Manufacturer,
		Location: "Room 4", Attributes: a.Attributes, LastSeenAt: a.LastSeenAt}
	if _, err := f.d.Assets.Update(ctx, f.ann, a.ID, e); err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct {
		name string
		inv  *asset.Inventory
		by   string
	}{
		{"the same machine again", machine("lt-7", "PF1", "aa:bb:cc:dd:ee:01", "firefox-esr 128.1"), asset.MatchedBySerial},
		{"no serial, same MAC", machine("other-name", "To Be Filled By O.E.M.", "aa:bb:cc:dd:ee:01"), asset.MatchedByMAC},
		{"renamed, same serial", machine("lt-7-new", "PF1", "", "firefox-esr 128.1"), asset.MatchedBySerial},
		{"no serial nor MAC, the host name in another case", machine("RITAS LAPTOP", "", ""), ""},
		{"no serial nor MAC, the host name", machine("LT-7-NEW", "", ""), asset.MatchedByHostname},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := f.d.Assets.RecordInventory(ctx, f.ann, c.inv)
			if err != nil {
				t.Fatal(err)
			}
			if c.by == "" {
				if !res.Created {
					t.Errorf("got matched by %s, want a new asset", res.MatchedBy)
				}
				return
			}
			if res.Created || res.Asset.ID != a.ID || res.MatchedBy != c.by {
				t.Errorf("got created %v, asset %s matched by %q; want %s matched by %s", res.Created, res.Asset.Tag, res.MatchedBy, a.Tag, c.by)
			}
			if res.Asset.Name != "Rita's laptop" || res.Asset.Location != "Room 4" || res.Asset.Serial != "PF1" {
				t.Errorf("got name %q, location %q, serial %q: the inventory overwrote what a person set", res.Asset.Name, res.Asset.Location, res.Asset.Serial)
			}
			if got := attrs(t, res.Asset)["hostname"]; got != c.inv.Hostname {
				t.Errorf("got hostname %v, want %s", got, c.inv.Hostname)
			}
		})
	}
	if n := f.count(t, `SELECT COUNT(*) FROM assets WHERE class = 'hardware'`); n != 2 {
		t.Errorf("got %d machines, want 2 (lt-7 and the one named like its person's label)", n)
	}
	if n := f.count(t, `SELECT COUNT(*) FROM audit_entries WHERE entity = 'asset' AND ticket_id = ? AND field = 'attributes'`, a.ID); n < 2 {
		t.Errorf("got %d audited attribute changes, want the inventories' too", n)
	}
}

// Only agents and above record an inventory; a refusal writes nothing.
func TestRecordInventoryRole(t *testing.T) {
	f := open(t)
	before := f.count(t, `SELECT COUNT(*) FROM changes`)
	_, err := f.d.Assets.RecordInventory(context.Background(), f.rita, machine("lt-7", "PF1", ""))
	if fault.Code(err) != fault.CodeForbidden {
		t.Errorf("a requester: got %v, want forbidden", err)
	}
	if n := f.count(t, `SELECT COUNT(*) FROM changes`); n != before {
		t.Errorf("a refused inventory logged %d changes", n-before)
	}
	if n := f.count(t, `SELECT COUNT(*) FROM assets`); n != 0 {
		t.Errorf("got %d assets, want none", n)
	}
}

// Hundreds of packages fit an asset's software list.
func TestRecordInventoryManyPackages(t *testing.T) {
	f := open(t)
	var pkgs []string
	for i := range 3000 {
		pkgs = append(pkgs, fmt.Sprintf("lib-package-number-%04d 1:2.%d.0-1+deb12u1", i, i))
	}
	res, err := f.d.Assets.RecordInventory(context.Background(), f.ann, machine("big", "", "", pkgs...))
	if err != nil {
		t.Fatal(err)
	}
	if l, _ := attrs(t, res.Asset)["software"].([]any); len(l) != 3000 {
		t.Errorf("got %d software entries, want 3000", len(l))
	}
}
