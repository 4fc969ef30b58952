// Package inventory takes the inventory of the machine it runs on, through gopsutil: host
// name, OS and version, CPU, memory, disks, network interfaces with their MACs, the serial,
// model and maker where the firmware lets them be read, and the installed software (dpkg on
// Debian, the registry on Windows, nothing elsewhere). It only reads; what an inventory
// means for an asset (matching, fields) is domain/asset's.
package inventory

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/shirou/gopsutil/v4/cpu"
	"github.com/shirou/gopsutil/v4/disk"
	"github.com/shirou/gopsutil/v4/host"
	"github.com/shirou/gopsutil/v4/mem"
	"github.com/shirou/gopsutil/v4/net"

	"outpost/domain/asset"
)

// Collect takes this machine's inventory at now. The host, CPU count and memory must be
// readable; anything else that cannot be read (a serial that needs root, say) is left empty.
func Collect(ctx context.Context, now time.Time) (*asset.Inventory, error) {
	inv := &asset.Inventory{Format: asset.InventoryFormat, Version: asset.InventoryVersion, CollectedAt: now.UnixMilli()}
	h, err := host.InfoWithContext(ctx)
	if err != nil && h == nil {
		return nil, fmt.Errorf("read the host: %w", err)
	}
	inv.Hostname = h.Hostname
	if inv.Hostname == "" {
		if inv.Hostname, err = os.Hostname(); err != nil {
			return nil, fmt.Errorf("read the host name: %w", err)
		}
	}
	inv.OS, inv.OSVersion = osName(h), h.PlatformVersion
	if inv.OSVersion == "" {
		inv.OSVersion = h.KernelVersion
	}
	if n, err := cpu.CountsWithContext(ctx, true); err == nil {
		inv.CPUCount = n
	} else {
		return nil, fmt.Errorf("count the CPUs: %w", err)
	}
	if infos, err := cpu.InfoWithContext(ctx); err == nil && len(infos) > 0 {
		inv.CPU = strings.Join(strings.Fields(infos[0].ModelName), " ")
	}
	vm, err := mem.VirtualMemoryWithContext(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the memory: %w", err)
	}
	inv.MemoryMB = int64(vm.Total >> 20)
	inv.Disks = disks(ctx)
	inv.Interfaces = interfaces(ctx)
	inv.Serial, inv.Model, inv.Manufacturer, inv.Chassis = firmware()
	inv.Software = software(ctx)
	return inv, nil
}

// osName is the OS as a person names it: "Debian GNU/Linux", "Microsoft Windows 11 Pro".
func osName(h *host.InfoStat) string {
	if n := osRelease(); n != "" {
		return n
	}
	if h.Platform != "" {
		return strings.ToUpper(h.Platform[:1]) + h.Platform[1:]
	}
	return h.OS
}

// pseudoFS are file systems that hold no disk.
var pseudoFS = map[string]bool{"tmpfs": true, "devtmpfs": true, "squashfs": true, "proc": true, "sysfs": true,
	"devpts": true, "cgroup": true, "cgroup2": true, "mqueue": true, "nsfs": true, "autofs": true, "ramfs": true}

func disks(ctx context.Context) []asset.Disk {
	parts, err := disk.PartitionsWithContext(ctx, false)
	if err != nil {
		return nil
	}
	out := []asset.Disk{}
	for _, p := range parts {
		if pseudoFS[p.Fstype] {
			continue
		}
		d := asset.Disk{Device: p.Device, Mount: p.Mountpoint, FSType: p.Fstype}
		if u, err := disk.UsageWithContext(ctx, p.Mountpoint); err == nil {
			d.SizeMB = int64(u.Total >> 20)
		}
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Mount < out[j].Mount })
	return out
}

// virtualPrefixes name interfaces that are no hardware (containers, bridges, tunnels): their
// addresses change and are shared, so they never identify a machine.
var virtualPrefixes = []string{"docker", "veth", "br-", "virbr", "vnet", "tun", "tap", "wg", "lxc", "cni", "flannel", "vEthernet", "Loopback"}

func interfaces(ctx context.Context) []asset.Interface {
	list, err := net.InterfacesWithContext(ctx)
	if err != nil {
		return nil
	}
	out := []asset.Interface{}
	for _, i := range list {
		if i.HardwareAddr == "" || hasFlag(i.Flags, "loopback") || virtual(i.Name) {
			continue
		}
		it := asset.Interface{Name: i.Name, MAC: strings.ToLower(i.HardwareAddr), Addrs: []string{}}
		for _, a := range i.Addrs {
			it.Addrs = append(it.Addrs, a.Addr)
		}
		out = append(out, it)
	}
	return out
}

func virtual(name string) bool {
	for _, p := range virtualPrefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

func hasFlag(flags []string, f string) bool {
	for _, x := range flags {
		if x == f {
			return true
		}
	}
	return false
}
