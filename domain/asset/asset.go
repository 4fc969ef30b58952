// Package asset holds assets and configuration items (CIs): hardware, software, licenses and
// business services, their life cycle, the relationships between them and the impact a CI's
// failure has on what depends on it. Assets and relationships are record kinds (declare.go),
// so they sync, are re-checked on the server by the same rules and are audited.
package asset

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"outpost/domain/fault"
	"outpost/domain/people"
)

// Entities as the change log, the audit trail and sync name them.
const (
	EntityAsset    = "asset"
	EntityRelation = "ci_relation"
)

// Class is what kind of CI an asset is; it is fixed when the asset is made, and it picks the
// series of its tag and the attributes it may carry.
type Class string

const (
	Hardware        Class = "hardware"
	Software        Class = "software"
	License         Class = "license"
	BusinessService Class = "service"
)

// Classes lists the classes in the order forms offer them.
var Classes = []Class{Hardware, Software, License, BusinessService}

// Valid reports whether c is a known class.
func (c Class) Valid() bool {
	return c == Hardware || c == Software || c == License || c == BusinessService
}

// Prefix is the tag prefix of a class ("" for an unknown one): each class is its own numbered
// series (HW0001001), leased from the server like ticket numbers.
func Prefix(class string) string {
	switch Class(class) {
	case Hardware:
		return "HW"
	case Software:
		return "SW"
	case License:
		return "LIC"
	case BusinessService:
		return "SVC"
	}
	return ""
}

// HardwareTypes are the types a hardware asset may have; other classes have none.
var HardwareTypes = []string{"laptop", "desktop", "server", "network_device", "printer", "phone"}

// Status is where an asset is in its life.
type Status string

const (
	Ordered  Status = "ordered"
	InStock  Status = "in_stock"
	InUse    Status = "in_use"
	InRepair Status = "in_repair"
	Retired  Status = "retired"
	Disposed Status = "disposed"
)

// Statuses lists every status in life order.
var Statuses = []Status{Ordered, InStock, InUse, InRepair, Retired, Disposed}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { _, ok := allowed[s]; return ok }

// allowed is the table of moves: from a status, the statuses it may move to. An asset is
// received (ordered → in stock), handed out, repaired and taken back; a retired one may be
// put back in stock or disposed of; disposal is final.
var allowed = map[Status][]Status{
	Ordered:  {InStock, Disposed},
	InStock:  {InUse, InRepair, Retired, Disposed},
	InUse:    {InStock, InRepair, Retired},
	InRepair: {InStock, InUse, Retired, Disposed},
	Retired:  {InStock, Disposed},
	Disposed: nil,
}

// startStatuses are the statuses a new asset may start in.
var startStatuses = []Status{Ordered, InStock, InUse}

// Moves lists the statuses s may move to.
func Moves(s Status) []Status { return append([]Status(nil), allowed[s]...) }

// Limits, in characters (the declaration stores bytes: four per character).
const (
	maxName  = 200
	maxShort = 100     // serial, model, manufacturer, location
	maxAttrs = 8 << 10 // the attributes document, apart from its software list
	// maxAttrsDoc is the whole document with a machine's software list (hundreds of packages
	// of an inventory), and maxSoftware the entries that list holds.
	maxAttrsDoc = 256 << 10
	maxSoftware = 5000
	maxAttrText = 500
	maxListLen  = 64
	maxCost     = 1_000_000_000_00 // cents
)

// Asset is an asset or configuration item.
type Asset struct {
	ID           string  `gorm:"column:id;primaryKey" json:"id"`
	Tag          string  `gorm:"column:tag" json:"tag"`
	Class        Class   `gorm:"column:class" json:"class"`
	Type         string  `gorm:"column:type" json:"type"`
	Name         string  `gorm:"column:name" json:"name"`
	Serial       string  `gorm:"column:serial" json:"serial"`
	Model        string  `gorm:"column:model" json:"model"`
	Manufacturer string  `gorm:"column:manufacturer" json:"manufacturer"`
	OwnerID      *string `gorm:"column:owner_id" json:"ownerId"`
	Location     string  `gorm:"column:location" json:"location"`
	Status       Status  `gorm:"column:status" json:"status"`
	PurchaseDate string  `gorm:"column:purchase_date" json:"purchaseDate"`
	// Cost is in cents (minor units); nil when unknown.
	Cost        *int64 `gorm:"column:cost" json:"cost"`
	WarrantyEnd string `gorm:"column:warranty_end" json:"warrantyEnd"`
	// Attributes are the class's own fields (attributeSpecs), one JSON object.
	Attributes string `gorm:"column:attributes" json:"attributes"`
	// LastSeenAt is when an inventory last saw the machine (unix ms), nil if never.
	LastSeenAt *int64 `gorm:"column:last_seen_at" json:"lastSeenAt"`
	CreatedBy  string `gorm:"column:created_by" json:"createdBy"`
	CreatedAt  int64  `gorm:"column:created_at" json:"createdAt"`
	UpdatedAt  int64  `gorm:"column:updated_at" json:"updatedAt"`
	Archived   bool   `gorm:"column:archived" json:"archived"`
}

// TableName is the assets table.
func (Asset) TableName() string { return "assets" }

// Owner is the asset's owner id, "" when it has none.
func (a *Asset) Owner() string {
	if a.OwnerID == nil {
		return ""
	}
	return *a.OwnerID
}

// attrKind is the shape of one attribute's value.
type attrKind int

const (
	attrText attrKind = iota
	attrInt
	attrList // a list of short texts (disks, MAC addresses, installed software)
)

// attributeSpecs are the fields each class carries beyond the common ones: a fixed set, so
// every desk and the server judge an attributes document alike.
var attributeSpecs = map[Class]map[string]attrKind{
	Hardware: {
		"hostname": attrText, "os": attrText, "osVersion": attrText, "cpu": attrText, "cpuCount": attrInt,
		"memoryMB": attrInt, "disks": attrList, "macs": attrList, "interfaces": attrList, "ip": attrText,
		"software": attrList,
	},
	Software:        {"version": attrText, "publisher": attrText},
	License:         {"seats": attrInt, "product": attrText, "licenseKey": attrText, "expires": attrText},
	BusinessService: {"criticality": attrText, "serviceHours": attrText},
}

// AttributeNames lists the attributes a class carries, sorted.
func AttributeNames(c Class) []string {
	out := make([]string, 0, len(attributeSpecs[c]))
	for k := range attributeSpecs[c] {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

var dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

func checkDate(v *fault.Validation, field, s string) {
	if s == "" {
		return
	}
	if !dateRE.MatchString(s) {
		v.Add(field, "a date is written YYYY-MM-DD")
		return
	}
	if _, err := time.Parse("2006-01-02", s); err != nil {
		v.Add(field, "%s is no date", s)
	}
}

// checkAttributes judges an attributes document for class c: a JSON object of the class's
// attributes only, each of its shape and within its limits.
func checkAttributes(v *fault.Validation, c Class, raw string) {
	if raw == "" {
		return
	}
	if len(raw) > maxAttrsDoc {
		v.Add("attributes", "the attributes take at most %d bytes; these take %d", maxAttrsDoc, len(raw))
		return
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(raw), &m); err != nil || m == nil {
		v.Add("attributes", "the attributes must be a JSON object")
		return
	}
	if n := len(raw) - len(m["software"]); n > maxAttrs {
		v.Add("attributes", "the attributes take at most %d bytes besides the software list; these take %d", maxAttrs, n)
		return
	}
	spec := attributeSpecs[c]
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		kind, ok := spec[k]
		if !ok {
			v.Add("attributes", "a %s has no attribute %s", c, k)
			return
		}
		switch kind {
		case attrText:
			var s string
			if json.Unmarshal(m[k], &s) != nil {
				v.Add("attributes", "%s must be text", k)
				return
			}
			if utf8.RuneCountInString(s) > maxAttrText {
				v.Add("attributes", "%s has at most %d characters", k, maxAttrText)
				return
			}
		case attrInt:
			var n int64
			if json.Unmarshal(m[k], &n) != nil || n < 0 || n > 1<<40 {
				v.Add("attributes", "%s must be a whole number, 0 or more", k)
				return
			}
		case attrList:
			var l []string
			if json.Unmarshal(m[k], &l) != nil {
				v.Add("attributes", "%s must be a list of texts", k)
				return
			}
			if limit := listLimit(k); len(l) > limit {
				v.Add("attributes", "%s holds at most %d entries", k, limit)
				return
			}
			for _, s := range l {
				if utf8.RuneCountInString(s) > maxAttrText {
					v.Add("attributes", "an entry of %s has at most %d characters", k, maxAttrText)
					return
				}
			}
		}
	}
}

// listLimit is how many entries the list attribute k holds.
func listLimit(k string) int {
	if k == "software" {
		return maxSoftware
	}
	return maxListLen
}

// Validate judges an asset's own fields as a write leaves them (trimming its texts).
func (a *Asset) Validate() error {
	v := &fault.Validation{}
	a.Name = strings.TrimSpace(a.Name)
	a.Serial = strings.TrimSpace(a.Serial)
	a.Model = strings.TrimSpace(a.Model)
	a.Manufacturer = strings.TrimSpace(a.Manufacturer)
	a.Location = strings.TrimSpace(a.Location)
	if !a.Class.Valid() {
		v.Add("class", "pick hardware, software, license or business service")
	}
	if a.Class == Hardware {
		if !contains(HardwareTypes, a.Type) {
			v.Add("type", "pick the kind of hardware: %s", strings.Join(HardwareTypes, ", "))
		}
	} else if a.Type != "" {
		v.Add("type", "only hardware has a type")
	}
	if a.Name == "" {
		v.Add("name", "a name is required")
	}
	v.Limit("name", "a name", a.Name, maxName)
	v.Limit("serial", "a serial number", a.Serial, maxShort)
	v.Limit("model", "a model", a.Model, maxShort)
	v.Limit("manufacturer", "a manufacturer", a.Manufacturer, maxShort)
	v.Limit("location", "a location", a.Location, maxShort)
	if !a.Status.Valid() {
		v.Add("status", "unknown status %q", a.Status)
	}
	checkDate(v, "purchaseDate", a.PurchaseDate)
	checkDate(v, "warrantyEnd", a.WarrantyEnd)
	if a.PurchaseDate != "" && a.WarrantyEnd != "" && a.WarrantyEnd < a.PurchaseDate {
		v.Add("warrantyEnd", "the warranty cannot end before the purchase")
	}
	if a.Cost != nil && (*a.Cost < 0 || *a.Cost > maxCost) {
		v.Add("cost", "a cost is 0 or more")
	}
	if a.Class.Valid() {
		checkAttributes(v, a.Class, a.Attributes)
	}
	return v.Err()
}

// CheckNew judges a new asset by actor: agents and above register assets.
func CheckNew(act people.Actor, a *Asset) error {
	if err := act.Require(people.Agent, "register an asset"); err != nil {
		return err
	}
	if !contains(startStatuses, string(a.Status)) {
		return fault.Field("status", "a new asset is ordered, in stock or in use")
	}
	return a.Validate()
}

// CheckEdit judges an edit that leaves before as after: agents and above edit assets; the
// class, tag and status are not edited (the status moves by CheckMove).
func CheckEdit(act people.Actor, before, after *Asset) error {
	if !CanSee(act, before) {
		return fmt.Errorf("asset %s: %w", before.ID, fault.ErrNotFound)
	}
	if err := act.Require(people.Agent, "edit an asset"); err != nil {
		return err
	}
	if after.Class != before.Class {
		return fault.Field("class", "an asset's class cannot change")
	}
	if after.Status != before.Status {
		return fault.Field("status", "an asset's status changes by a move")
	}
	return after.Validate()
}

// CheckMove judges moving a from its status to to.
func CheckMove(act people.Actor, a *Asset, to Status) error {
	if !CanSee(act, a) {
		return fmt.Errorf("asset %s: %w", a.ID, fault.ErrNotFound)
	}
	if err := act.Require(people.Agent, "change an asset's status"); err != nil {
		return err
	}
	if !to.Valid() {
		return fault.Field("status", "unknown status %q", to)
	}
	if !contains(statusStrings(allowed[a.Status]), string(to)) {
		return fmt.Errorf("%s cannot move from %s to %s: %w", a.Tag, a.Status, to, fault.ErrInvalidTransition)
	}
	return nil
}

// CanSee reports whether act may see a: staff see every asset, others their own.
func CanSee(act people.Actor, a *Asset) bool {
	return act.IsStaff() || (act.ID != "" && a.Owner() == act.ID)
}

func statusStrings(l []Status) []string {
	out := make([]string, len(l))
	for i, s := range l {
		out[i] = string(s)
	}
	return out
}

func contains[T ~string](list []T, s string) bool {
	for _, x := range list {
		if string(x) == s {
			return true
		}
	}
	return false
}
