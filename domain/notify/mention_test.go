package notify_test

import (
	"reflect"
	"testing"

	"outpost/domain/notify"
)

func TestParseMentions(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       []string
	}{
		{"plain", "@ann please look", []string{"ann"}},
		{"after punctuation", "(@ann) and,@bob!", []string{"ann", "bob"}},
		{"sentence end", "ask @ann.", []string{"ann"}},
		{"dots inside", "cc @ann.agent, thanks", []string{"ann.agent"}},
		{"email in text is no mention", "write to bob@example.com", nil},
		{"whole email", "@bob@example.com see this", []string{"bob@example.com"}},
		{"at without domain dot", "@bob@home is out", []string{"bob"}},
		{"quoted name", `thanks @"Ann  Agent" for this`, []string{"ann agent"}},
		{"unclosed quote", `@"Ann Agent and more`, nil},
		{"lone at", "meet @ 5pm, @@ann", nil},
		{"case and repeat", "@Ann then @ANN again", []string{"ann"}},
		{"inline code", "run `@ann` not @bob", []string{"bob"}},
		{"double backticks", "``x @ann ` y`` then @bob", []string{"bob"}},
		{"unclosed backtick", "a ` b @ann", []string{"ann"}},
		{"fenced block", "before @ann\n```\n@bob\n```\nafter @cy", []string{"ann", "cy"}},
		{"unicode", "merci @zoé", []string{"zoé"}},
		{"trailing dash", "@ann- and @bob_", []string{"ann", "bob"}},
		{"empty", "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := notify.ParseMentions(tc.body)
			if len(got) == 0 && len(tc.want) == 0 {
				return
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("ParseMentions(%q) = %q, want %q", tc.body, got, tc.want)
			}
		})
	}
}

func TestResolveMentions(t *testing.T) {
	people := []notify.Person{
		{ID: "ann", Name: "Ann Agent", Email: "ann@example.com", Active: true},
		{ID: "ann2", Name: "Ann Other", Email: "ann@other.org", Active: true},
		{ID: "bob", Name: "Bob Builder", Email: "bob@example.com", Active: true},
		{ID: "cy", Name: "Cy Gone", Email: "cy@example.com", Active: false},
		{ID: "dee", Name: "Dee Dee", Email: "dd@example.com", Active: true},
		{ID: "dee2", Name: "Dee Dee", Email: "dee2@example.com", Active: true},
	}
	for _, tc := range []struct {
		name     string
		mentions []string
		want     []string
	}{
		{"login", []string{"bob"}, []string{"bob"}},
		{"ambiguous login names nobody", []string{"ann"}, nil},
		{"whole email settles it", []string{"ann@other.org"}, []string{"ann2"}},
		{"display name with dots", []string{"bob.builder"}, []string{"bob"}},
		{"quoted display name", []string{"ann agent"}, []string{"ann"}},
		{"inactive person", []string{"cy"}, nil},
		{"ambiguous name", []string{"dee dee"}, nil},
		{"login beats a name", []string{"dd"}, []string{"dee"}},
		{"unknown", []string{"zed"}, nil},
		{"each once", []string{"bob", "bob.builder", "bob@example.com"}, []string{"bob"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := notify.Resolve(tc.mentions, people)
			if len(got) == 0 && len(tc.want) == 0 {
				return
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Resolve(%q) = %q, want %q", tc.mentions, got, tc.want)
			}
		})
	}
	if h := notify.Handle(people[2], people); h != "bob" {
		t.Errorf("handle of Bob: got %q, want bob", h)
	}
	if h := notify.Handle(people[0], people); h != "ann@example.com" {
		t.Errorf("handle of Ann (login shared): got %q, want ann@example.com", h)
	}
}
