//go:build windows

package inventory

import (
	"context"
	"sort"
	"strings"

	"github.com/yusufpapurcu/wmi"
	"golang.org/x/sys/windows/registry"

	"outpost/domain/asset"
)

// win32BIOS is the part of WMI's Win32_BIOS read here.
type win32BIOS struct{ SerialNumber string }

// firmware reads the model and maker the firmware wrote into the registry, and the serial from
// WMI (the library gopsutil reads Windows through). What cannot be read is left empty.
func firmware() (serial, model, maker, chassis string) {
	var bios []win32BIOS
	if err := wmi.Query("SELECT SerialNumber FROM Win32_BIOS", &bios); err == nil && len(bios) > 0 {
		serial = strings.TrimSpace(bios[0].SerialNumber)
	}
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, `HARDWARE\DESCRIPTION\System\BIOS`, registry.QUERY_VALUE)
	if err != nil {
		return serial, "", "", ""
	}
	defer k.Close()
	model, _, _ = k.GetStringValue("SystemProductName")
	maker, _, _ = k.GetStringValue("SystemManufacturer")
	return serial, strings.TrimSpace(model), strings.TrimSpace(maker), ""
}

// osRelease is gopsutil's platform on Windows ("Microsoft Windows 11 Pro").
func osRelease() string { return "" }

// uninstallKeys are where installed programs register, for the machine (64- and 32-bit) and
// for the user.
var uninstallKeys = []struct {
	root registry.Key
	path string
}{
	{registry.LOCAL_MACHINE, `SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall`},
	{registry.LOCAL_MACHINE, `SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall`},
	{registry.CURRENT_USER, `SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall`},
}

// software lists the programs in the registry's uninstall keys, as Apps & features shows them:
// those with a display name, not system components nor updates of another program.
func software(context.Context) []asset.Package {
	seen := map[string]bool{}
	out := []asset.Package{}
	for _, u := range uninstallKeys {
		k, err := registry.OpenKey(u.root, u.path, registry.ENUMERATE_SUB_KEYS)
		if err != nil {
			continue
		}
		names, _ := k.ReadSubKeyNames(-1)
		k.Close()
		for _, n := range names {
			p, ok := program(u.root, u.path+`\`+n)
			if !ok || seen[p.Name+"\x00"+p.Version] {
				continue
			}
			seen[p.Name+"\x00"+p.Version] = true
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func program(root registry.Key, path string) (asset.Package, bool) {
	k, err := registry.OpenKey(root, path, registry.QUERY_VALUE)
	if err != nil {
		return asset.Package{}, false
	}
	defer k.Close()
	name, _, err := k.GetStringValue("DisplayName")
	if err != nil || strings.TrimSpace(name) == "" {
		return asset.Package{}, false
	}
	if sys, _, err := k.GetIntegerValue("SystemComponent"); err == nil && sys == 1 {
		return asset.Package{}, false
	}
	if _, _, err := k.GetStringValue("ParentKeyName"); err == nil {
		return asset.Package{}, false
	}
	version, _, _ := k.GetStringValue("DisplayVersion")
	return asset.Package{Name: strings.TrimSpace(name), Version: strings.TrimSpace(version)}, true
}
