package server_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/google/uuid"

	"outpost/domain/fault"
	"outpost/domain/ticket"
	"outpost/sync/protocol"
)

// auto marks an op as a desk's automatic work under key.
func auto(o protocol.Op, key string) protocol.Op {
	o.Auto, o.AutoKey = true, key
	return o
}

// TestAutoKeyOnce: the first device to have an op under a key of automatic work accepted owns
// the key: its other ops under it are judged as usual, another device's are refused as
// duplicates and corrected to the server's values; an op refused for another reason takes
// no key; a replay answers the same.
func TestAutoKeyOnce(t *testing.T) {
	f := setup(t)
	one, two := f.ann, newDevice(t, f.s, "ann@x.test")
	raise, note, bad := "sla:"+f.ritaT+":response:4h:100:0", "sla:"+f.ritaT+":response:4h:100:1", "sla:"+f.ritaT+":resolution:1d:100:0"
	noteOp := func(d *device) protocol.Op {
		id := uuid.Must(uuid.NewV7()).String()
		return auto(d.op(ticket.EntityComment, id, protocol.OpAppend, "", ticket.Comment{ID: id, TicketID: f.ritaT, AuthorID: d.user,
			Kind: ticket.KindNote, Body: "SLA: breached", CreatedAt: 1}), note)
	}
	statuses := func(r protocol.PushResponse) []string {
		var out []string
		for _, x := range r.Results {
			out = append(out, x.Status+"/"+x.Code)
		}
		return out
	}
	// The first device raises (priority and its reason share the key; the reason comes first,
	// as the desk writes it).
	_, r, body := one.push(
		auto(one.op(ticket.EntityTicket, f.ritaT, protocol.OpSet, "priorityOverrideReason", "SLA escalation"), raise),
		auto(one.op(ticket.EntityTicket, f.ritaT, protocol.OpSet, "priority", 2), raise))
	if got, want := statuses(r), []string{"accepted/", "accepted/"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("first device's raise: %v (%s), want %v", got, body, want)
	}
	// The second device did the same raise offline, and the note first; an invalid op under
	// a third key is refused without taking it.
	batch := []protocol.Op{
		noteOp(two),
		auto(two.op(ticket.EntityTicket, f.ritaT, protocol.OpSet, "priorityOverrideReason", "SLA escalation (two)"), raise),
		auto(two.op(ticket.EntityTicket, f.ritaT, protocol.OpSet, "priority", 2), raise),
		auto(two.op(ticket.EntityTicket, f.ritaT, protocol.OpSet, "priority", 9), bad),
	}
	_, r, body = two.push(batch...)
	want := []string{"accepted/", "rejected/" + fault.CodeDuplicate, "rejected/" + fault.CodeDuplicate, "rejected/" + fault.CodeValidation}
	if got := statuses(r); !reflect.DeepEqual(got, want) {
		t.Fatalf("second device: %v (%s), want %v", got, body, want)
	}
	fixed := map[string]string{}
	for _, c := range r.Corrections {
		for k, v := range c.Fields {
			fixed[k] = string(v)
		}
	}
	if fixed["priority"] != "2" || fixed["priorityOverrideReason"] != `"SLA escalation"` {
		t.Errorf("corrections %+v, want the first device's raise", r.Corrections)
	}
	if _, again, _ := two.push(batch...); !reflect.DeepEqual(statuses(again), want) {
		t.Errorf("replay: %v, want %v", statuses(again), want)
	}
	// Now the first device's note is the repeat; its bad key is still free.
	_, r, body = one.push(noteOp(one), auto(one.op(ticket.EntityTicket, f.ritaT, protocol.OpSet, "priority", 1), bad))
	if got, want := statuses(r), []string{"rejected/" + fault.CodeDuplicate, "accepted/"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("first device's note: %v (%s), want %v", got, body, want)
	}
	if len(r.Corrections) != 1 || !r.Corrections[0].Missing {
		t.Errorf("corrections %+v, want the repeated note missing", r.Corrections)
	}
	var keys []struct{ AutoKey, DeviceID string }
	f.s.Store.DB.Raw(`SELECT auto_key, device_id FROM auto_keys ORDER BY seq`).Scan(&keys)
	owners := map[string]string{}
	for _, k := range keys {
		owners[k.AutoKey] = k.DeviceID
	}
	if w := map[string]string{raise: one.id, note: two.id, bad: one.id}; !reflect.DeepEqual(owners, w) {
		b, _ := json.Marshal(owners)
		t.Errorf("owners %s, want %v", b, w)
	}
}
