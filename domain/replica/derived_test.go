package replica_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"outpost/domain/replica"
	"outpost/domain/ticket"
)

// TestTicketPriorityIsDerived: a write of impact, urgency, priority or the override reason
// computes the priority again from the record: the matrix decides unless a reason stands.
func TestTicketPriorityIsDerived(t *testing.T) {
	typ, _ := replica.Lookup(ticket.EntityTicket)
	s := replica.Settings{Matrix: ticket.DefaultMatrix}
	cases := []struct {
		name, field               string
		impact, urgency, priority int
		reason                    string
		want                      int
	}{
		{"impact merged", "impact", 1, 3, 4, "", 3},
		{"urgency merged", "urgency", 1, 3, 2, "", 3},
		{"a priority without reason", "priority", 2, 2, 1, "", 3},
		{"an override stands", "urgency", 1, 3, 1, "VIP", 1},
		{"override cleared", "priorityOverrideReason", 3, 3, 1, "", 5},
		{"a title changes nothing", "title", 1, 3, 4, "", 4},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc := map[string]json.RawMessage{}
			for k, v := range map[string]any{"impact": tc.impact, "urgency": tc.urgency, "priority": tc.priority, "priorityOverrideReason": tc.reason} {
				doc[k], _ = json.Marshal(v)
			}
			changed := typ.Derive(doc, tc.field, s)
			if got := string(doc["priority"]); got != fmt.Sprint(tc.want) {
				t.Errorf("got P%s, want P%d", got, tc.want)
			}
			if (len(changed) > 0) != (tc.want != tc.priority) {
				t.Errorf("changed %v, want a change only when the priority moved", changed)
			}
		})
	}
}
