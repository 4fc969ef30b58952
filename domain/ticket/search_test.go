package ticket_test

import (
	"reflect"
	"testing"

	"outpost/domain/ticket"
)

func TestParseSearch(t *testing.T) {
	open := []string{"new", "in_progress", "on_hold"}
	tests := []struct {
		name, text string
		want       ticket.Terms
	}{
		{"empty", "   ", ticket.Terms{}},
		{"words, the last one typed", "VPN drops", ticket.Terms{Words: []string{"VPN", "drops"}, Prefix: true}},
		{"a trailing space ends the word", "vpn ", ticket.Terms{Words: []string{"vpn"}}},
		{"punctuation splits, inner dashes stay", "(wi-fi), room!", ticket.Terms{Words: []string{"wi-fi", "room"}}},
		{"phrase", `"blue screen" dump`, ticket.Terms{Words: []string{"dump"}, Phrases: []string{"blue screen"}, Prefix: true}},
		{"unclosed quote runs to the end", `printer "paper jam`, ticket.Terms{Words: []string{"printer"}, Phrases: []string{"paper jam"}}},
		{"exclusions", `printer -toner -"paper jam"`, ticket.Terms{Words: []string{"printer"}, Not: []string{"toner", "paper jam"}}},
		{"a lone dash is nothing", "printer - toner", ticket.Terms{Words: []string{"printer", "toner"}, Prefix: true}},
		{"assignee me", "assignee:me vpn", ticket.Terms{Words: []string{"vpn"}, Assignees: []string{"me"}, Prefix: true}},
		{"assignee ME", "Assignee:ME", ticket.Terms{Assignees: []string{"me"}}},
		{"quoted name", `requester:"ann lee" laptop`, ticket.Terms{Words: []string{"laptop"}, Requesters: []string{"ann lee"}, Prefix: true}},
		{"two requesters", "requester:ann requester:bob", ticket.Terms{Requesters: []string{"ann", "bob"}}},
		{"state open", "state:open", ticket.Terms{States: open}},
		{"state by name", "state:in-progress state:resolved", ticket.Terms{States: []string{"in_progress", "resolved"}}},
		{"group and category", "group:network category:hardware", ticket.Terms{Groups: []string{"network"}, Categories: []string{"hardware"}}},
		{"priority and type", "priority:1 p:2 type:request", ticket.Terms{Words: []string{"p", "2"}, Priorities: []int{1}, Types: []string{"request"}}},
		{"P2 is priority 2", "priority:P2 type:inc", ticket.Terms{Priorities: []int{2}, Types: []string{"incident"}}},
		{"bad priority is words", "priority:9", ticket.Terms{Words: []string{"priority", "9"}, Prefix: true}},
		{"unknown state is words", "state:sleeping", ticket.Terms{Words: []string{"state", "sleeping"}, Prefix: true}},
		{"unknown prefix is words", "http://intranet", ticket.Terms{Words: []string{"http", "intranet"}, Prefix: true}},
		{"empty value is a word", "assignee: vpn", ticket.Terms{Words: []string{"assignee", "vpn"}, Prefix: true}},
		{"excluded prefix is words", "-state:open", ticket.Terms{Not: []string{"state", "open"}}},
		{"digits", "1190", ticket.Terms{Words: []string{"1190"}, Prefix: true}},
		{"operators are words", "vpn OR NOT", ticket.Terms{Words: []string{"vpn", "OR", "NOT"}, Prefix: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ticket.ParseSearch(tt.text); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseSearch(%q)\n got %+v\nwant %+v", tt.text, got, tt.want)
			}
		})
	}
}

func TestParseSearchBoundsTerms(t *testing.T) {
	text := ""
	for range 40 {
		text += "word "
	}
	if got := len(ticket.ParseSearch(text).Words); got != 16 {
		t.Fatalf("got %d words, want 16", got)
	}
}
