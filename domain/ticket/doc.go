package ticket

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"outpost/domain/fault"
	"outpost/domain/kind"
)

// FromDoc reads a ticket record's document. Every pushed ticket op reads its record,
// and encoding the document to JSON to decode it into a Ticket by reflection was a fifth of
// a push's time on the server; the fields are read directly instead. A document this cannot
// read exactly as json.Unmarshal would (a key of another spelling, a value of another type)
// takes the JSON path, which also gives the error.
func FromDoc(doc kind.Doc) (*Ticket, error) {
	if t, ok := readTicket(doc); ok {
		return t, nil
	}
	return decodeTicketJSON(doc)
}

func decodeTicketJSON(doc map[string]json.RawMessage) (*Ticket, error) {
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	var t Ticket
	if err := json.Unmarshal(b, &t); err != nil {
		return nil, fault.Field("value", "not a ticket: %v", err)
	}
	return &t, nil
}

// readTicket fills a Ticket from plain values; ok is false for anything it leaves to JSON.
func readTicket(doc map[string]json.RawMessage) (*Ticket, bool) {
	var t Ticket
	for name, raw := range doc {
		set := ticketFields[name]
		if set == nil || !set(&t, raw) {
			return nil, false
		}
	}
	return &t, true
}

// ticketFields reads each field of a ticket document as json.Unmarshal would into Ticket:
// JSON null leaves a plain field as it is and sets a pointer to nil.
var ticketFields = map[string]func(*Ticket, json.RawMessage) bool{
	"id":                     plain(kind.JSONString, func(t *Ticket, s string) { t.ID = s }),
	"number":                 plain(kind.JSONString, func(t *Ticket, s string) { t.Number = s }),
	"type":                   plain(kind.JSONString, func(t *Ticket, s string) { t.Type = Type(s) }),
	"title":                  plain(kind.JSONString, func(t *Ticket, s string) { t.Title = s }),
	"description":            plain(kind.JSONString, func(t *Ticket, s string) { t.Description = s }),
	"requesterId":            plain(kind.JSONString, func(t *Ticket, s string) { t.RequesterID = s }),
	"category":               plain(kind.JSONString, func(t *Ticket, s string) { t.Category = s }),
	"subcategory":            plain(kind.JSONString, func(t *Ticket, s string) { t.Subcategory = s }),
	"service":                plain(kind.JSONString, func(t *Ticket, s string) { t.Service = s }),
	"ci":                     plain(kind.JSONString, func(t *Ticket, s string) { t.CI = s }),
	"priorityOverrideReason": plain(kind.JSONString, func(t *Ticket, s string) { t.PriorityOverrideReason = s }),
	"state":                  plain(kind.JSONString, func(t *Ticket, s string) { t.State = State(s) }),
	"holdReason":             plain(kind.JSONString, func(t *Ticket, s string) { t.HoldReason = s }),
	"resolutionCode":         plain(kind.JSONString, func(t *Ticket, s string) { t.ResolutionCode = s }),
	"resolutionNotes":        plain(kind.JSONString, func(t *Ticket, s string) { t.ResolutionNotes = s }),
	"source":                 plain(kind.JSONString, func(t *Ticket, s string) { t.Source = s }),
	"tags":                   plain(kind.JSONString, func(t *Ticket, s string) { t.Tags = s }),
	"majorReason":            plain(kind.JSONString, func(t *Ticket, s string) { t.MajorReason = s }),
	"createdBy":              plain(kind.JSONString, func(t *Ticket, s string) { t.CreatedBy = s }),
	"groupId":                optional(kind.JSONString, func(t *Ticket) **string { return &t.GroupID }),
	"assigneeId":             optional(kind.JSONString, func(t *Ticket) **string { return &t.AssigneeID }),
	"parentId":               optional(kind.JSONString, func(t *Ticket) **string { return &t.ParentID }),
	"duplicateOf":            optional(kind.JSONString, func(t *Ticket) **string { return &t.DuplicateOf }),
	"serviceId":              optional(kind.JSONString, func(t *Ticket) **string { return &t.ServiceID }),
	"ciId":                   optional(kind.JSONString, func(t *Ticket) **string { return &t.CIID }),
	// An int holds 64 bits here, as an int64 does.
	"impact":     plain(kind.JSONInt, func(t *Ticket, n int64) { t.Impact = int(n) }),
	"urgency":    plain(kind.JSONInt, func(t *Ticket, n int64) { t.Urgency = int(n) }),
	"priority":   plain(kind.JSONInt, func(t *Ticket, n int64) { t.Priority = int(n) }),
	"createdAt":  plain(kind.JSONInt, func(t *Ticket, n int64) { t.CreatedAt = n }),
	"updatedAt":  plain(kind.JSONInt, func(t *Ticket, n int64) { t.UpdatedAt = n }),
	"resolvedAt": optional(kind.JSONInt, func(t *Ticket) **int64 { return &t.ResolvedAt }),
	"closedAt":   optional(kind.JSONInt, func(t *Ticket) **int64 { return &t.ClosedAt }),
	"major":      plain(jsonBool, func(t *Ticket, b bool) { t.Major = b }),
	"archived":   plain(jsonBool, func(t *Ticket, b bool) { t.Archived = b }),
}

func isNull(raw json.RawMessage) bool { return string(raw) == "null" }

func jsonBool(raw []byte) (bool, bool) {
	switch string(raw) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// plain reads a field that null leaves as it is.
func plain[T any](decode func([]byte) (T, bool), set func(*Ticket, T)) func(*Ticket, json.RawMessage) bool {
	return func(t *Ticket, raw json.RawMessage) bool {
		v, ok := decode(raw)
		if ok {
			set(t, v)
		}
		return ok || isNull(raw)
	}
}

// optional reads a pointer field, which null sets to nil.
func optional[T any](decode func([]byte) (T, bool), field func(*Ticket) **T) func(*Ticket, json.RawMessage) bool {
	return func(t *Ticket, raw json.RawMessage) bool {
		v, ok := decode(raw)
		if ok {
			*field(t) = &v
		} else if isNull(raw) {
			*field(t) = nil
		}
		return ok || isNull(raw)
	}
}

// set writes one field of t by its JSON name, as a document would carry value.
func (t *Ticket) set(name string, value any) error {
	raw, err := json.Marshal(value)
	if err != nil {
		return err
	}
	if set := ticketFields[name]; set == nil || !set(t, raw) {
		return fmt.Errorf("ticket field %s: cannot set %s", name, raw)
	}
	return nil
}

// columns maps a ticket field's JSON name to its column, read from Ticket's tags.
var columns = func() map[string]string {
	out := map[string]string{}
	typ := reflect.TypeFor[Ticket]()
	for i := range typ.NumField() {
		f := typ.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		for _, part := range strings.Split(f.Tag.Get("gorm"), ";") {
			if col, ok := strings.CutPrefix(part, "column:"); ok {
				out[name] = col
			}
		}
	}
	return out
}()
