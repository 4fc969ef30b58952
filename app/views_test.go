package app

import (
	"testing"

	"outpost/domain/fault"
	"outpost/domain/ticket"
	"outpost/domain/view"
)

// TestViewsFacade: a view saved through the facade comes back in the list and in the
// sidebar's counts beside the desk's own views; a refused filter keeps its field and code.
func TestViewsFacade(t *testing.T) {
	a := openApp(t, false)
	if _, err := NewSession(a).LoadDemo(true); err != nil {
		t.Fatal(err)
	}
	views := NewViews(a)
	_, err := views.Create(view.Spec{Name: "Bad", Query: ticket.Query{Filters: []ticket.Filter{{Field: "created", To: "31/12/2025"}}}})
	e, ok := FormatError(err).(Error)
	if !ok || e.Code != fault.CodeValidation || e.Fields["filter.created"] == "" {
		t.Fatalf("got %+v, want a validation error on filter.created", FormatError(err))
	}
	v, err := views.Create(view.Spec{Name: "Incidents", Query: ticket.Query{View: "all", Filters: []ticket.Filter{{Field: "type", Values: []string{"incident"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	list, err := views.List()
	if err != nil || len(list) != 1 || list[0].ID != v.ID {
		t.Fatalf("List = %+v, %v", list, err)
	}
	counts, err := views.Counts()
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]view.Count{}
	for _, c := range counts {
		byID[c.ID] = c
	}
	page, err := NewTickets(a).Queue(v.Query, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(counts) != len(ticket.Views)+1 || byID[v.ID].Count != page.Total || byID["all"].Count != 300 {
		t.Fatalf("counts %+v; want the desk's views and %s with %d", counts, v.ID, page.Total)
	}
	if err := views.Delete(v.ID); err != nil {
		t.Fatal(err)
	}
	if list, _ := views.List(); len(list) != 0 {
		t.Fatalf("after delete: %+v", list)
	}
}
