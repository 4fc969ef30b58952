package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"outpost/domain/asset"
	"outpost/domain/desk"
	"outpost/domain/fault"
	"outpost/domain/people"
)

// TestInventoryThisMachine takes the real inventory of the machine the test runs on (no
// stand-in): the asset has this host's name, its OS, CPU count and memory; a second run
// updates the same asset.
func TestInventoryThisMachine(t *testing.T) {
	a := openApp(t, false)
	assets := NewAssets(a)
	first, err := assets.InventoryThisMachine()
	if err != nil {
		t.Fatal(err)
	}
	host, _ := os.Hostname()
	var attrs struct {
		Hostname string `json:"hostname"`
		OS       string `json:"os"`
		CPUCount int    `json:"cpuCount"`
		MemoryMB int64  `json:"memoryMB"`
	}
	if err := json.Unmarshal([]byte(first.Asset.Attributes), &attrs); err != nil {
		t.Fatal(err)
	}
	if !first.Created || first.Asset.Class != asset.Hardware || first.Asset.Name != host || attrs.Hostname != host {
		t.Errorf("got %+v, want a new hardware asset named %s", first, host)
	}
	if attrs.OS == "" || attrs.CPUCount < 1 || attrs.MemoryMB < 1 {
		t.Errorf("got OS %q, %d CPUs, %d MB; want all of them", attrs.OS, attrs.CPUCount, attrs.MemoryMB)
	}
	if first.Asset.LastSeenAt == nil {
		t.Error("no last seen")
	}
	again, err := assets.InventoryThisMachine()
	if err != nil {
		t.Fatal(err)
	}
	if again.Created || again.Asset.ID != first.Asset.ID || again.MatchedBy == "" {
		t.Errorf("the second run: got created %v, %s matched by %q; want %s matched", again.Created, again.Asset.Tag, again.MatchedBy, first.Asset.Tag)
	}
}

// TestInventoryFileImport writes this machine's inventory to a file as `outpost --inventory
// --out` does (no profile touched), imports it at a desk that knows the machine by serial, by
// MAC and by host name, and refuses a malformed or foreign file with its code, writing nothing.
func TestInventoryFileImport(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	file := filepath.Join(dir, "lt-7.json")
	var out bytes.Buffer
	if err := InventoryCommand(ctx, filepath.Join(dir, "never.outpost"), file, &out); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "never.outpost")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("--out touched the profile: %v", err)
	}
	if !strings.Contains(out.String(), "wrote the inventory of") {
		t.Errorf("got output %q", out.String())
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	inv, err := asset.ParseInventory(raw)
	if err != nil {
		t.Fatal(err)
	}

	// The same file, edited as another machine's would be, for each way of matching.
	variant := func(edit func(*asset.Inventory)) string {
		c := *inv
		edit(&c)
		b, _ := json.Marshal(&c)
		return string(b)
	}
	for _, c := range []struct {
		name  string
		known asset.Edit
		file  string
		by    string
	}{
		{"by serial", asset.Edit{Type: "laptop", Name: "known by serial", Serial: "SN-4711"},
			variant(func(i *asset.Inventory) { i.Serial, i.Hostname = "SN-4711", "renamed" }), asset.MatchedBySerial},
		{"by MAC", asset.Edit{Type: "laptop", Name: "known by MAC", Attributes: `{"macs":["02:00:00:00:47:11"]}`},
			variant(func(i *asset.Inventory) {
				i.Serial, i.Hostname = "", "renamed"
				i.Interfaces = []asset.Interface{{Name: "eth9", MAC: "02:00:00:00:47:11"}}
			}), asset.MatchedByMAC},
		{"by host name", asset.Edit{Type: "laptop", Name: "lt-4711"},
			variant(func(i *asset.Inventory) { i.Serial, i.Hostname, i.Interfaces = "", "LT-4711", nil }), asset.MatchedByHostname},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := openApp(t, false)
			assets := NewAssets(a)
			known, err := assets.Create(NewAssetDTO{Class: asset.Hardware, Status: asset.InUse, Fields: c.known})
			if err != nil {
				t.Fatal(err)
			}
			res, err := assets.ImportInventory(c.file)
			if err != nil {
				t.Fatal(err)
			}
			if res.Created || res.Asset.ID != known.ID || res.MatchedBy != c.by {
				t.Errorf("got created %v, %s matched by %q; want %s matched by %s", res.Created, res.Asset.Tag, res.MatchedBy, known.Tag, c.by)
			}
		})
	}

	a := openApp(t, false)
	assets := NewAssets(a)
	d := a.current()
	changes := func() (n int64) {
		d.DB.Raw(`SELECT COUNT(*) FROM changes`).Scan(&n)
		return n
	}
	before := changes()
	for _, c := range []struct{ name, file, code string }{
		{"half a file", string(raw[:len(raw)/2]), asset.CodeInventoryMalformed},
		{"a text file", "hostname: lt-7\n", asset.CodeInventoryMalformed},
		{"a foreign JSON file", `{"name":"package.json","version":"1.0.0"}`, asset.CodeInventoryForeign},
	} {
		_, err := assets.ImportInventory(c.file)
		if got, ok := FormatError(err).(Error); !ok || got.Code != c.code {
			t.Errorf("%s: got %+v, want %s", c.name, FormatError(err), c.code)
		}
	}
	if n := changes(); n != before {
		t.Errorf("refused files wrote %d changes", n-before)
	}
	var n int64
	d.DB.Raw(`SELECT COUNT(*) FROM assets`).Scan(&n)
	if n != 0 {
		t.Errorf("refused files made %d assets", n)
	}

	// A requester may neither inventory nor import.
	owner, _ := d.Owner(ctx)
	rita, err := d.People.CreateUser(ctx, owner, people.User{Name: "Rita", Email: "rita@example.com", Role: people.Requester})
	if err != nil {
		t.Fatal(err)
	}
	a.mu.Lock()
	a.actor = people.Actor{ID: rita.ID, Role: people.Requester}
	a.mu.Unlock()
	if _, err := assets.ImportInventory(string(raw)); !errors.Is(err, fault.ErrForbidden) {
		t.Errorf("a requester's import: got %v, want forbidden", err)
	}
	if _, err := assets.InventoryThisMachine(); !errors.Is(err, fault.ErrForbidden) {
		t.Errorf("a requester's inventory: got %v, want forbidden", err)
	}
}

// TestInventoryCommand runs what `outpost --inventory` runs on a real profile: it creates this
// machine's asset, then updates the same one.
func TestInventoryCommand(t *testing.T) {
	ctx := context.Background()
	profile := filepath.Join(t.TempDir(), "p.outpost")
	d, err := desk.Open(ctx, profile, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	var first, second bytes.Buffer
	if err := InventoryCommand(ctx, profile, "", &first); err != nil {
		t.Fatal(err)
	}
	if err := InventoryCommand(ctx, profile, "", &second); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(first.String(), "created HW0001001 ") || !strings.HasPrefix(second.String(), "updated HW0001001 ") ||
		!strings.Contains(second.String(), "matched by") {
		t.Errorf("got %q then %q; want created HW0001001, then updated HW0001001, matched", first.String(), second.String())
	}
	if err := InventoryCommand(ctx, filepath.Join(t.TempDir(), "none.outpost"), "", &first); err == nil {
		t.Error("a profile that does not exist: got no error")
	}
}
