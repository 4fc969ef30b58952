package inventory_test

import (
	"context"
	"testing"
	"time"

	"outpost/domain/asset"
	"outpost/inventory"
)

// TestCollectThisMachine takes the real inventory of the machine the test runs on.
func TestCollectThisMachine(t *testing.T) {
	inv, err := inventory.Collect(context.Background(), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if inv.Hostname == "" || inv.OS == "" || inv.CPUCount < 1 || inv.MemoryMB < 1 {
		t.Fatalf("got host %q, OS %q, %d CPUs, %d MB, want all of them", inv.Hostname, inv.OS, inv.CPUCount, inv.MemoryMB)
	}
	if err := inv.Check(); err != nil {
		t.Fatalf("the inventory of this machine does not pass its own check: %v", err)
	}
	if inv.Format != asset.InventoryFormat || inv.Version != asset.InventoryVersion {
		t.Errorf("got format %q %d, want %q %d", inv.Format, inv.Version, asset.InventoryFormat, asset.InventoryVersion)
	}
	t.Logf("%s: %s %s, %s ×%d, %d MB, %d disks, %d interfaces, %d packages, serial %q model %q maker %q chassis %q",
		inv.Hostname, inv.OS, inv.OSVersion, inv.CPU, inv.CPUCount, inv.MemoryMB, len(inv.Disks), len(inv.Interfaces),
		len(inv.Software), inv.Serial, inv.Model, inv.Manufacturer, inv.Chassis)
}
