package asset

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// An inventory is what a machine says of itself: collected on it (package inventory, through
// gopsutil), kept in a file for another desk, and mapped here onto a hardware asset. This
// file is the pure part: the file's format, its checks, which asset an inventory is, and the
// asset's fields it sets. The service (inventory_query.go) matches and writes.

// InventoryFormat names an inventory file; a JSON file without it is not Outpost's.
const InventoryFormat = "outpost-inventory"

// InventoryVersion is the format's version this build writes and the newest it reads.
const InventoryVersion = 1

// MaxInventoryFile is the largest inventory file read, in bytes.
const MaxInventoryFile = 8 << 20

// Codes of a refused inventory file (domain/fault reads them through FaultCode).
const (
	CodeInventoryMalformed = "inventory_malformed" // not JSON, or fields of the wrong shape
	CodeInventoryForeign   = "inventory_foreign"   // JSON, but not an Outpost inventory
	CodeInventoryNewer     = "inventory_newer"     // written by a newer Outpost
)

// InventoryError is a refused inventory file, with a code the UI shows.
type InventoryError struct {
	Code    string
	Message string
}

func (e *InventoryError) Error() string { return e.Message }

// FaultCode is the stable code (domain/fault reads it).
func (e *InventoryError) FaultCode() string { return e.Code }

func refuseInventory(code, format string, args ...any) error {
	return &InventoryError{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Inventory is one machine's inventory.
type Inventory struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	// CollectedAt is when it was taken (unix ms): the asset's last seen.
	CollectedAt  int64       `json:"collectedAt"`
	Hostname     string      `json:"hostname"`
	OS           string      `json:"os"`
	OSVersion    string      `json:"osVersion"`
	CPU          string      `json:"cpu"`
	CPUCount     int         `json:"cpuCount"`
	MemoryMB     int64       `json:"memoryMB"`
	Disks        []Disk      `json:"disks"`
	Interfaces   []Interface `json:"interfaces"`
	Serial       string      `json:"serial"`
	Model        string      `json:"model"`
	Manufacturer string      `json:"manufacturer"`
	// Chassis is the kind of machine the firmware says it is: laptop, desktop, server or "".
	Chassis  string    `json:"chassis"`
	Software []Package `json:"software"`
}

// Disk is a mounted file system.
type Disk struct {
	Device string `json:"device"`
	Mount  string `json:"mount"`
	FSType string `json:"fsType"`
	SizeMB int64  `json:"sizeMB"`
}

// Interface is a network interface with its hardware address.
type Interface struct {
	Name  string   `json:"name"`
	MAC   string   `json:"mac"`
	Addrs []string `json:"addrs"`
}

// Package is an installed program.
type Package struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// ParseInventory reads an inventory file's bytes, refusing what is not an inventory this build
// can read: not JSON or of the wrong shape (malformed), JSON of something else (foreign), a
// newer format (newer), or one that misses what names a machine.
func ParseInventory(b []byte) (*Inventory, error) {
	if len(b) > MaxInventoryFile {
		return nil, refuseInventory(CodeInventoryMalformed, "an inventory file takes at most %d MB; this one takes %d bytes", MaxInventoryFile>>20, len(b))
	}
	var head map[string]json.RawMessage
	if err := json.Unmarshal(b, &head); err != nil || head == nil {
		return nil, refuseInventory(CodeInventoryMalformed, "this file is not an inventory: it is not a whole JSON object")
	}
	var format string
	if json.Unmarshal(head["format"], &format) != nil || format != InventoryFormat {
		return nil, refuseInventory(CodeInventoryForeign, "this file is not an Outpost inventory (it names no format %q)", InventoryFormat)
	}
	var inv Inventory
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&inv); err != nil {
		return nil, refuseInventory(CodeInventoryMalformed, "this inventory is damaged: %v", err)
	}
	if inv.Version > InventoryVersion {
		return nil, refuseInventory(CodeInventoryNewer, "this inventory was written by a newer Outpost (format %d; this one reads %d)", inv.Version, InventoryVersion)
	}
	if err := inv.Check(); err != nil {
		return nil, err
	}
	return &inv, nil
}

// Check judges an inventory's fields: it names its machine and its time, and its numbers are
// numbers a machine could have.
func (inv *Inventory) Check() error {
	bad := func(format string, args ...any) error {
		return refuseInventory(CodeInventoryMalformed, "this inventory is damaged: "+format, args...)
	}
	switch {
	case inv.Version < 1:
		return bad("it has no format version")
	case strings.TrimSpace(inv.Hostname) == "":
		return bad("it names no host")
	case inv.CollectedAt <= 0:
		return bad("it has no time it was taken")
	case inv.CPUCount < 0 || inv.MemoryMB < 0:
		return bad("a CPU count or memory below zero")
	}
	for _, s := range []string{inv.Hostname, inv.OS, inv.OSVersion, inv.CPU, inv.Serial, inv.Model, inv.Manufacturer} {
		if !utf8.ValidString(s) {
			return bad("a text that is not UTF-8")
		}
	}
	return nil
}

// junkSerials are what firmware reports when no serial was set: never a machine's identity.
var junkSerials = map[string]bool{
	"": true, "0": true, "none": true, "n/a": true, "na": true, "unknown": true, "default string": true,
	"to be filled by o.e.m.": true, "system serial number": true, "chassis serial number": true,
	"not specified": true, "not applicable": true, "not available": true, "0123456789": true, "123456789": true,
}

// MatchSerial is the inventory's serial as matching uses it: "" when the firmware gave none
// or a placeholder.
func (inv *Inventory) MatchSerial() string {
	s := strings.TrimSpace(inv.Serial)
	if junkSerials[strings.ToLower(s)] || strings.Trim(s, "0") == "" {
		return ""
	}
	return s
}

// MACs are the inventory's hardware addresses, lower case, without the empty and all-zero
// ones, sorted.
func (inv *Inventory) MACs() []string {
	seen := map[string]bool{}
	out := []string{}
	for _, i := range inv.Interfaces {
		m := strings.ToLower(strings.TrimSpace(i.MAC))
		if m == "" || strings.Trim(m, "0:-") == "" || seen[m] {
			continue
		}
		seen[m] = true
		out = append(out, m)
	}
	sort.Strings(out)
	if len(out) > maxListLen {
		out = out[:maxListLen]
	}
	return out
}

// GuessType is the hardware type a new asset of this inventory gets: the chassis the firmware
// reports, else a server OS, else a desktop.
func (inv *Inventory) GuessType() string {
	switch inv.Chassis {
	case "laptop", "desktop", "server":
		return inv.Chassis
	}
	if strings.Contains(strings.ToLower(inv.OS+" "+inv.OSVersion), "server") {
		return "server"
	}
	return "desktop"
}

// clip cuts s to n characters.
func clip(s string, n int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

func clipList(l []string, n int) []string {
	if len(l) > n {
		l = l[:n]
	}
	for i, s := range l {
		l[i] = clip(s, maxAttrText)
	}
	return l
}

// Attributes are the hardware attributes the inventory gives, as a document's values.
func (inv *Inventory) Attributes() map[string]any {
	disks := []string{}
	for _, d := range inv.Disks {
		s := d.Mount
		if d.Device != "" {
			s = d.Device + " on " + d.Mount
		}
		if d.FSType != "" || d.SizeMB > 0 {
			s += fmt.Sprintf(" (%s, %s)", d.FSType, sizeText(d.SizeMB))
		}
		disks = append(disks, s)
	}
	ifaces, ip := []string{}, ""
	for _, i := range inv.Interfaces {
		s := i.Name
		if i.MAC != "" {
			s += " " + strings.ToLower(i.MAC)
		}
		if len(i.Addrs) > 0 {
			s += " " + strings.Join(i.Addrs, ", ")
		}
		ifaces = append(ifaces, s)
		for _, a := range i.Addrs {
			if addr, _, _ := strings.Cut(a, "/"); ip == "" && strings.Count(addr, ".") == 3 && !strings.HasPrefix(addr, "127.") {
				ip = addr
			}
		}
	}
	return map[string]any{
		"hostname": clip(inv.Hostname, maxAttrText), "os": clip(inv.OS, maxAttrText), "osVersion": clip(inv.OSVersion, maxAttrText),
		"cpu": clip(inv.CPU, maxAttrText), "cpuCount": inv.CPUCount, "memoryMB": inv.MemoryMB,
		"disks": clipList(disks, maxListLen), "macs": inv.MACs(), "interfaces": clipList(ifaces, maxListLen), "ip": ip,
		"software": softwareList(inv.Software),
	}
}

// softwareList is the installed software as one entry each ("name version"), sorted, at most
// maxSoftware entries and within the document's budget (what does not fit is left out, the
// versions first).
func softwareList(pkgs []Package) []string {
	out := make([]string, 0, len(pkgs))
	size := 0
	for _, p := range pkgs {
		s := strings.TrimSpace(p.Name)
		if s == "" {
			continue
		}
		if v := strings.TrimSpace(p.Version); v != "" {
			s += " " + v
		}
		s = clip(s, maxAttrText)
		out = append(out, s)
		size += len(s) + 3
	}
	sort.Strings(out)
	budget := maxAttrsDoc - maxAttrs
	if size > budget {
		// Names alone, then as many as fit.
		size = 0
		for i, s := range out {
			name, _, _ := strings.Cut(s, " ")
			out[i] = name
			size += len(name) + 3
		}
		for size > budget {
			size -= len(out[len(out)-1]) + 3
			out = out[:len(out)-1]
		}
	}
	if len(out) > maxSoftware {
		out = out[:maxSoftware]
	}
	return out
}

func sizeText(mb int64) string {
	if mb >= 1024 {
		return fmt.Sprintf("%.1f GB", float64(mb)/1024)
	}
	return fmt.Sprintf("%d MB", mb)
}

// Edit is the asset's fields after this inventory: cur's (nil for a new asset) with the
// inventory's facts over them. What a person set and the inventory does not know stays: the
// name of a known asset, its type, owner, location, dates, cost and other attributes; a serial,
// model or maker the firmware does not give stays too.
func (inv *Inventory) Edit(cur *Asset) (Edit, error) {
	e := Edit{Type: inv.GuessType(), Name: clip(inv.Hostname, maxName)}
	attrs := map[string]any{}
	if cur != nil {
		e = Edit{Type: cur.Type, Name: cur.Name, Serial: cur.Serial, Model: cur.Model, Manufacturer: cur.Manufacturer,
			OwnerID: cur.OwnerID, Location: cur.Location, PurchaseDate: cur.PurchaseDate, Cost: cur.Cost,
			WarrantyEnd: cur.WarrantyEnd, Attributes: cur.Attributes}
		if cur.Attributes != "" {
			var old map[string]json.RawMessage
			if json.Unmarshal([]byte(cur.Attributes), &old) == nil {
				for k, v := range old {
					attrs[k] = v
				}
			}
		}
	}
	if s := inv.MatchSerial(); s != "" {
		e.Serial = clip(s, maxShort)
	}
	if s := clip(inv.Model, maxShort); s != "" {
		e.Model = s
	}
	if s := clip(inv.Manufacturer, maxShort); s != "" {
		e.Manufacturer = s
	}
	for k, v := range inv.Attributes() {
		attrs[k] = v
	}
	b, err := json.Marshal(attrs)
	if err != nil {
		return Edit{}, err
	}
	e.Attributes = string(b)
	seen := inv.CollectedAt
	e.LastSeenAt = &seen
	return e, nil
}
