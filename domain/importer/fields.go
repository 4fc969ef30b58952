package importer

import (
	"strings"
	"unicode"

	"outpost/domain/asset"
	"outpost/domain/people"
	"outpost/domain/ticket"
)

// Kind is the type of record a file holds.
type Kind string

// The kinds a CSV file imports as.
const (
	Tickets Kind = "ticket"
	Assets  Kind = "asset"
	People  Kind = "person"
)

// Valid reports whether k is a kind that imports.
func (k Kind) Valid() bool { return k == Tickets || k == Assets || k == People }

// FieldType is how a cell becomes a field's value.
type FieldType string

// Field types.
const (
	Text   FieldType = "text"
	Enum   FieldType = "enum"   // one of Values, through the value map and Synonyms
	Person FieldType = "person" // a person by email, name or id, through the value map
	Group  FieldType = "group"  // an assignment group by name or id, through the value map
	Date   FieldType = "date"   // parsed with the date formats, kept as YYYY-MM-DD
	Money  FieldType = "money"  // a decimal amount, kept in cents
	List   FieldType = "list"   // tags, split on , ; or |
)

// Field is one field of a kind a column may map to. Key is the record's own field name (the
// name its checks report faults under), so a refused row names the column at fault.
type Field struct {
	Key      string    `json:"key"`
	Label    string    `json:"label"`
	Type     FieldType `json:"type"`
	Required bool      `json:"required"`
	// Values are an Enum's values, as the record holds them.
	Values []string `json:"values,omitempty"`
	// headers are the header names (normalized) that guess this field.
	headers []string
	// synonyms map an Enum's common spellings (normalized) in other tools to its values.
	synonyms map[string]string
}

// Fields lists the fields a column of a file of kind k may map to, in the order forms show
// them.
func Fields(k Kind) []Field {
	out := append([]Field(nil), catalog[k]...)
	for i := range out {
		out[i].Values = append([]string(nil), out[i].Values...)
	}
	return out
}

func field(k Kind, key string) (Field, bool) {
	for _, f := range catalog[k] {
		if f.Key == key {
			return f, true
		}
	}
	return Field{}, false
}

var impactSynonyms = map[string]string{
	"high": "1", "1high": "1", "critical": "1", "extensive": "1", "widespread": "1",
	"medium": "2", "2medium": "2", "moderate": "2", "significant": "2", "large": "2",
	"low": "3", "3low": "3", "minor": "3", "localized": "3",
}

var catalog = map[Kind][]Field{
	Tickets: {
		{Key: "title", Label: "Title", Type: Text, Required: true,
			headers: []string{"title", "shortdescription", "summary", "subject", "name"}},
		{Key: "type", Label: "Type", Type: Enum, Values: []string{string(ticket.Incident), string(ticket.Request)},
			headers: []string{"type", "tickettype", "kind", "recordtype"},
			synonyms: map[string]string{"inc": "incident", "incident": "incident", "req": "request", "request": "request",
				"servicerequest": "request", "ritm": "request", "requesteditem": "request"}},
		{Key: "description", Label: "Description", Type: Text,
			headers: []string{"description", "details", "body", "text", "comments"}},
		{Key: "requesterId", Label: "Requester", Type: Person,
			headers: []string{"requester", "caller", "callerid", "requestedby", "requestedfor", "openedby", "reporter", "user", "contact", "email", "requesteremail"}},
		{Key: "category", Label: "Category", Type: Text, headers: []string{"category"}},
		{Key: "subcategory", Label: "Subcategory", Type: Text, headers: []string{"subcategory"}},
		{Key: "service", Label: "Service", Type: Text, headers: []string{"service", "businessservice"}},
		{Key: "ci", Label: "Configuration item", Type: Text, headers: []string{"ci", "configurationitem", "cmdbci", "asset"}},
		{Key: "impact", Label: "Impact", Type: Enum, Values: []string{"1", "2", "3"}, headers: []string{"impact"}, synonyms: impactSynonyms},
		{Key: "urgency", Label: "Urgency", Type: Enum, Values: []string{"1", "2", "3"}, headers: []string{"urgency"}, synonyms: impactSynonyms},
		{Key: "priority", Label: "Priority", Type: Enum, Values: []string{"1", "2", "3", "4", "5"},
			headers: []string{"priority", "prio"},
			synonyms: map[string]string{"p1": "1", "1critical": "1", "critical": "1", "urgent": "1",
				"p2": "2", "2high": "2", "high": "2",
				"p3": "3", "3moderate": "3", "moderate": "3", "medium": "3", "normal": "3",
				"p4": "4", "4low": "4", "low": "4",
				"p5": "5", "5planning": "5", "planning": "5", "lowest": "5"}},
		{Key: "state", Label: "State", Type: Enum, Values: states(),
			headers: []string{"state", "status", "incidentstate"},
			synonyms: map[string]string{"new": "new", "open": "new", "opened": "new", "submitted": "new", "logged": "new",
				"inprogress": "in_progress", "active": "in_progress", "workinprogress": "in_progress", "assigned": "in_progress", "wip": "in_progress",
				"onhold": "on_hold", "pending": "on_hold", "awaiting": "on_hold", "waiting": "on_hold", "hold": "on_hold",
				"resolved": "resolved", "solved": "resolved", "fixed": "resolved", "done": "resolved",
				"closed": "closed", "complete": "closed", "completed": "closed",
				"canceled": "canceled", "cancelled": "canceled", "withdrawn": "canceled", "rejected": "canceled"}},
		{Key: "holdReason", Label: "Hold reason", Type: Enum, Values: ticket.HoldReasons,
			headers: []string{"holdreason", "onholdreason", "pendingreason"},
			synonyms: map[string]string{"awaitingcaller": "awaiting_caller", "awaitinguserinfo": "awaiting_caller", "caller": "awaiting_caller",
				"awaitingchange": "awaiting_change", "change": "awaiting_change", "awaitingproblem": "awaiting_problem", "problem": "awaiting_problem",
				"awaitingvendor": "awaiting_vendor", "vendor": "awaiting_vendor", "awaitingevidence": "awaiting_caller"}},
		{Key: "resolutionCode", Label: "Resolution code", Type: Enum, Values: ticket.ResolutionCodes,
			headers: []string{"resolutioncode", "closecode", "closurecode"},
			synonyms: map[string]string{"solvedpermanently": "solved_permanently", "solved": "solved_permanently",
				"solvedworkaround": "solved_workaround", "workaround": "solved_workaround",
				"solvedremotely": "solved_remotely", "remotely": "solved_remotely",
				"notreproducible": "not_reproducible", "notsolvednotreproducible": "not_reproducible",
				"duplicate": "duplicate", "usererror": "user_error", "fulfilled": "fulfilled", "rejected": "rejected"}},
		{Key: "resolutionNotes", Label: "Resolution notes", Type: Text, headers: []string{"resolutionnotes", "closenotes", "closurenotes", "resolution"}},
		{Key: "reason", Label: "Cancel reason", Type: Text, headers: []string{"cancelreason", "reason"}},
		{Key: "groupId", Label: "Assignment group", Type: Group, headers: []string{"group", "assignmentgroup", "team", "queue"}},
		{Key: "assigneeId", Label: "Assignee", Type: Person, headers: []string{"assignee", "assignedto", "owner", "technician", "agent"}},
		{Key: "source", Label: "Source", Type: Text, headers: []string{"source", "channel", "contacttype"}},
		{Key: "tags", Label: "Tags", Type: List, headers: []string{"tags", "labels", "keywords"}},
	},
	Assets: {
		{Key: "name", Label: "Name", Type: Text, Required: true, headers: []string{"name", "assetname", "hostname", "displayname", "computername"}},
		{Key: "class", Label: "Class", Type: Enum, Required: true, Values: classes(),
			headers: []string{"class", "assetclass", "category", "citype", "assettype"},
			synonyms: map[string]string{"hardware": "hardware", "hw": "hardware", "computer": "hardware", "device": "hardware",
				"software": "software", "sw": "software", "application": "software", "license": "license", "licence": "license",
				"lic": "license", "service": "service", "businessservice": "service", "svc": "service"}},
		{Key: "type", Label: "Hardware type", Type: Enum, Values: asset.HardwareTypes,
			headers: []string{"type", "hardwaretype", "devicetype", "subcategory"},
			synonyms: map[string]string{"laptop": "laptop", "notebook": "laptop", "desktop": "desktop", "pc": "desktop", "workstation": "desktop",
				"server": "server", "networkdevice": "network_device", "switch": "network_device", "router": "network_device", "firewall": "network_device",
				"printer": "printer", "phone": "phone", "mobile": "phone", "smartphone": "phone"}},
		{Key: "status", Label: "Status", Type: Enum, Values: []string{string(asset.Ordered), string(asset.InStock), string(asset.InUse)},
			headers: []string{"status", "state", "installstatus", "lifecycle"},
			synonyms: map[string]string{"ordered": "ordered", "onorder": "ordered", "instock": "in_stock", "stock": "in_stock", "available": "in_stock",
				"inuse": "in_use", "installed": "in_use", "deployed": "in_use", "active": "in_use", "inservice": "in_use"}},
		{Key: "serial", Label: "Serial number", Type: Text, headers: []string{"serial", "serialnumber", "sn", "servicetag"}},
		{Key: "model", Label: "Model", Type: Text, headers: []string{"model", "modelid", "product"}},
		{Key: "manufacturer", Label: "Manufacturer", Type: Text, headers: []string{"manufacturer", "vendor", "make", "brand"}},
		{Key: "ownerId", Label: "Owner", Type: Person, headers: []string{"owner", "assignedto", "user", "usedby", "owneremail"}},
		{Key: "location", Label: "Location", Type: Text, headers: []string{"location", "site", "room", "office"}},
		{Key: "purchaseDate", Label: "Purchase date", Type: Date, headers: []string{"purchasedate", "purchased", "acquired", "acquisitiondate", "bought"}},
		{Key: "warrantyEnd", Label: "Warranty end", Type: Date, headers: []string{"warrantyend", "warrantyexpiration", "warranty", "warrantyexpires"}},
		{Key: "cost", Label: "Cost", Type: Money, headers: []string{"cost", "price", "purchaseprice", "value"}},
	},
	People: {
		{Key: "name", Label: "Name", Type: Text, Required: true, headers: []string{"name", "fullname", "displayname", "person", "user"}},
		{Key: "email", Label: "Email", Type: Text, Required: true, headers: []string{"email", "emailaddress", "mail", "login", "username"}},
		{Key: "role", Label: "Role", Type: Enum, Values: []string{string(people.Requester), string(people.Agent), string(people.Manager), string(people.Admin)},
			headers: []string{"role", "userrole", "roles", "type"},
			synonyms: map[string]string{"requester": "requester", "user": "requester", "enduser": "requester", "customer": "requester", "caller": "requester",
				"agent": "agent", "technician": "agent", "tech": "agent", "itil": "agent", "support": "agent",
				"manager": "manager", "lead": "manager", "supervisor": "manager", "admin": "admin", "administrator": "admin"}},
	},
}

func states() []string {
	out := make([]string, 0, len(ticket.States))
	for _, s := range ticket.States {
		out = append(out, string(s))
	}
	return out
}

func classes() []string {
	out := make([]string, 0, len(asset.Classes))
	for _, c := range asset.Classes {
		out = append(out, string(c))
	}
	return out
}

// norm is a header or value reduced for matching: lower case letters and digits only.
func norm(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// enumValue reads cell as a value of the Enum f: through the user's value map first, then
// the value itself (any case and spacing), then the common spellings of other tools.
func enumValue(f Field, values map[string]string, cell string) (string, bool) {
	if v, ok := lookupValue(values, cell); ok {
		cell = v
	}
	n := norm(cell)
	for _, v := range f.Values {
		if norm(v) == n {
			return v, true
		}
	}
	if v, ok := f.synonyms[n]; ok {
		return v, true
	}
	return "", false
}

// lookupValue finds cell in a value map, exactly, then trimmed and in any case.
func lookupValue(values map[string]string, cell string) (string, bool) {
	if v, ok := values[cell]; ok {
		return v, true
	}
	t := strings.TrimSpace(cell)
	for k, v := range values {
		if strings.EqualFold(strings.TrimSpace(k), t) {
			return v, true
		}
	}
	return "", false
}
