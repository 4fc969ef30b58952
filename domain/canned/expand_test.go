package canned_test

import (
	"strings"
	"testing"

	"outpost/domain/canned"
	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/ticket"
)

func TestExpand(t *testing.T) {
	group := "g1"
	tk := &ticket.Ticket{Number: "INC0001042", Title: "Printer jams", Category: "Hardware", GroupID: &group}
	values := canned.Values(tk, &people.User{Name: "Rita Requester", Email: "rita@x.test"},
		&people.Group{Name: "Service Desk"}, &people.User{Name: "Ann Agent", Email: "ann@x.test"})
	noGroup := canned.Values(tk, &people.User{Name: "Rita Requester"}, nil, &people.User{Name: "Ann Agent"})
	tests := []struct {
		name   string
		text   string
		values map[string]string
		max    int
		want   string
		err    string // a part of the body's message; "" for none
	}{
		{name: "every variable", text: "Hi {{requester.name}} ({{requester.email}}), {{ticket.number}} {{ticket.title}} " +
			"[{{ticket.category}}] is with {{group.name}}. {{agent.name}} <{{agent.email}}>", values: values, max: 1000,
			want: "Hi Rita Requester (rita@x.test), INC0001042 Printer jams [Hardware] is with Service Desk. Ann Agent <ann@x.test>"},
		{name: "spaces inside the braces", text: "{{ requester.name }}!", values: values, max: 100, want: "Rita Requester!"},
		{name: "the same variable twice", text: "{{agent.name}}/{{agent.name}}", values: values, max: 100, want: "Ann Agent/Ann Agent"},
		{name: "no variables", text: "Thanks, closing.", values: values, max: 100, want: "Thanks, closing."},
		{name: "a single brace stays", text: "{a} {b}} }}", values: values, max: 100, want: "{a} {b}} }}"},
		{name: "an unknown variable", text: "Hi {{requester.nmae}} and {{boss}}", values: values, max: 100,
			err: "unknown variable {{requester.nmae}}, {{boss}}"},
		{name: "an unknown one among known ones is still refused", text: "{{agent.name}} {{ticket.id}}", values: values, max: 100,
			err: "unknown variable {{ticket.id}}"},
		{name: "an empty name", text: "{{}}", values: values, max: 100, err: "unknown variable {{}}"},
		{name: "a variable never closed", text: "Hi {{requester.name", values: values, max: 100, err: "at character 4 is never closed"},
		{name: "a known variable with no value here", text: "With {{group.name}}", values: noGroup, max: 100,
			err: "no value here for {{group.name}}"},
		{name: "a long unknown name is cut in the message", text: "{{" + strings.Repeat("x", 200) + "}}", values: values, max: 100,
			err: "{{" + strings.Repeat("x", 40) + "…}}"},
		{name: "exactly the limit, in bytes", text: "é{{agent.name}}", values: values, max: len("é") + len("Ann Agent"),
			want: "éAnn Agent"},
		{name: "one byte over the limit", text: "é{{agent.name}}", values: values, max: len("é") + len("Ann Agent") - 1,
			err: "the reply would take 11 bytes; a comment holds at most 10 bytes"},
		{name: "a long value over the limit", text: "{{ticket.title}}",
			values: map[string]string{"ticket.title": strings.Repeat("ü", 60_000)}, max: canned.MaxExpanded,
			err: "the reply would take 120 KB; a comment holds at most 100 KB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := canned.Expand(tt.text, tt.values, tt.max)
			if tt.err == "" {
				if err != nil || got != tt.want {
					t.Fatalf("got %q, %v; want %q", got, err, tt.want)
				}
				return
			}
			if fault.Code(err) != fault.CodeValidation || !strings.Contains(fault.Fields(err)["body"], tt.err) {
				t.Fatalf("got %q, %v; want a body error with %q", got, err, tt.err)
			}
			if got != "" {
				t.Errorf("a refused expansion gave text %q", got)
			}
		})
	}
}

func TestVariables(t *testing.T) {
	got, err := canned.Variables("{{agent.name}} {{ticket.number}} {{agent.name}}")
	if err != nil || strings.Join(got, ",") != "agent.name,ticket.number" {
		t.Errorf("got %v, %v; want agent.name, ticket.number once each", got, err)
	}
	for _, v := range canned.Known {
		if _, err := canned.Variables("{{" + v.Name + "}}"); err != nil {
			t.Errorf("%s: %v", v.Name, err)
		}
		if v.Description == "" {
			t.Errorf("%s has no description for the help", v.Name)
		}
	}
}
