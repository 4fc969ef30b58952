package ticket

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// Every field of a Ticket has a direct reader: a field added without one would still decode
// (through JSON), only slower.
func TestTicketFieldsCoverTicket(t *testing.T) {
	typ := reflect.TypeFor[Ticket]()
	for i := range typ.NumField() {
		name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		if ticketFields[name] == nil {
			t.Errorf("Ticket.%s (%q) has no reader in ticketFields", typ.Field(i).Name, name)
		}
	}
	if len(ticketFields) != typ.NumField() {
		t.Errorf("%d readers for %d fields", len(ticketFields), typ.NumField())
	}
}

func full() map[string]json.RawMessage {
	g, a := "grp", "agent"
	resolved := int64(1700000001000)
	tk := Ticket{ID: "0190", Number: "INC0001001", Type: Incident, Title: "Printer \"3\" – blank pages",
		Description: "Since the driver update\n\tprints nothing", RequesterID: "u1", Category: "Hardware", Impact: 2, Urgency: 1,
		Priority: 2, State: Resolved, GroupID: &g, AssigneeID: &a, Source: "phone", Major: true, CreatedBy: "u1",
		CreatedAt: 1700000000000, UpdatedAt: 1700000000500, ResolvedAt: &resolved, Archived: false}
	b, _ := json.Marshal(tk)
	var doc map[string]json.RawMessage
	_ = json.Unmarshal(b, &doc)
	return doc
}

// checkTicketDoc: the direct reader, where it answers, gives what JSON gives; the public
// decodeTicket always answers as JSON does.
func checkTicketDoc(t *testing.T, doc map[string]json.RawMessage) {
	t.Helper()
	want, wantErr := decodeTicketJSON(doc)
	if got, ok := readTicket(doc); ok {
		if wantErr != nil {
			t.Fatalf("readTicket read %v, JSON refuses it: %v", doc, wantErr)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("readTicket = %+v\nJSON gives %+v", got, want)
		}
	}
}

func TestReadTicketMatchesJSON(t *testing.T) {
	cases := map[string]func(map[string]json.RawMessage){
		"as marshaled": func(map[string]json.RawMessage) {},
		"nulls": func(d map[string]json.RawMessage) {
			d["title"], d["groupId"], d["impact"], d["major"] = json.RawMessage("null"), json.RawMessage("null"), json.RawMessage("null"), json.RawMessage("null")
		},
		"number as text":   func(d map[string]json.RawMessage) { d["impact"] = json.RawMessage(`"2"`) },
		"text as number":   func(d map[string]json.RawMessage) { d["title"] = json.RawMessage(`12`) },
		"fraction":         func(d map[string]json.RawMessage) { d["priority"] = json.RawMessage(`2.5`) },
		"exponent":         func(d map[string]json.RawMessage) { d["createdAt"] = json.RawMessage(`1e3`) },
		"bool as number":   func(d map[string]json.RawMessage) { d["archived"] = json.RawMessage(`1`) },
		"unknown key":      func(d map[string]json.RawMessage) { d["colour"] = json.RawMessage(`"red"`) },
		"other spelling":   func(d map[string]json.RawMessage) { d["Title"] = json.RawMessage(`"shouted"`) },
		"escaped unicode":  func(d map[string]json.RawMessage) { d["title"] = json.RawMessage(`"caf\u00e9 \ud83d\ude00"`) },
		"invalid utf-8":    func(d map[string]json.RawMessage) { d["title"] = json.RawMessage("\"bad \xff\"") },
		"resolved cleared": func(d map[string]json.RawMessage) { d["resolvedAt"] = json.RawMessage("null") },
		"empty":            func(d map[string]json.RawMessage) { clear(d) },
	}
	for name, edit := range cases {
		t.Run(name, func(t *testing.T) {
			doc := full()
			edit(doc)
			checkTicketDoc(t, doc)
		})
	}
	if _, ok := readTicket(full()); !ok {
		t.Error("readTicket leaves a plain ticket document to JSON")
	}
}

// FuzzReadTicket puts any value in any field of a ticket document.
func FuzzReadTicket(f *testing.F) {
	for _, s := range []string{`"x"`, `null`, `7`, `-1`, `true`, `1.5`, `"\u0041"`, `[]`, `{}`, `"é"`} {
		f.Add("title", s)
		f.Add("groupId", s)
		f.Add("impact", s)
		f.Add("resolvedAt", s)
		f.Add("major", s)
	}
	f.Fuzz(func(t *testing.T, field, value string) {
		if !json.Valid([]byte(value)) {
			return // a document's values come from decoded JSON
		}
		doc := full()
		doc[field] = json.RawMessage(value)
		checkTicketDoc(t, doc)
	})
}
