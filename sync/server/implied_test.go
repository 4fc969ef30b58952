package server_test

import (
	"encoding/json"

	"testing"

	"outpost/domain/ticket"
	"outpost/sync/protocol"
)

// TestRequesterReplyResumesHold: a requester's reply to a ticket on hold awaiting them moves
// it back to in progress on their desk (an implied step of the reply); the server accepts
// exactly that move from them, and no other.
func TestRequesterReplyResumesHold(t *testing.T) {
	f := setup(t)
	move := func(d *device, id, from, to, hold string) protocol.Op {
		return d.op(ticket.EntityTicket, id, protocol.OpTransition, "state", map[string]string{"from": from, "to": to, "holdReason": hold})
	}
	want := func(name string, r protocol.Result, status, code string) {
		t.Helper()
		if r.Status != status || r.Code != code {
			t.Errorf("%s: got %s %s (%s), want %s %s", name, r.Status, r.Code, r.Reason, status, code)
		}
	}
	if r := f.ann.pushOne(move(f.ann, f.ritaT, "new", "in_progress", "")); r.Status != protocol.Accepted {
		t.Fatalf("ann starts work: %+v", r)
	}
	// Rita's reply written before the ticket was put on hold does not answer the hold.
	want("early reply", f.rita.pushOne(comment(f.rita, f.ritaT, ticket.KindReply)), protocol.Accepted, "")
	want("hold for the caller", f.ann.pushOne(move(f.ann, f.ritaT, "in_progress", "on_hold", "awaiting_caller")), protocol.Accepted, "")
	want("bare move by the requester", f.rita.pushOne(move(f.rita, f.ritaT, "on_hold", "in_progress", "")), protocol.Rejected, "forbidden")
	// The reply and its implied move, pushed together as the desk logs them (after Rita's desk
	// pulled the hold, so her clock is past it).
	f.rita.hlc = f.ann.hlc
	st, resp, body := f.rita.push(comment(f.rita, f.ritaT, ticket.KindReply), move(f.rita, f.ritaT, "on_hold", "in_progress", ""))
	if st != 200 || len(resp.Results) != 2 {
		t.Fatalf("push: %d %s", st, body)
	}
	want("reply", resp.Results[0], protocol.Accepted, "")
	want("implied resume", resp.Results[1], protocol.Accepted, "")
	// Nothing broader: not another move, not from another hold reason.
	want("hold for a vendor", f.ann.pushOne(move(f.ann, f.ritaT, "in_progress", "on_hold", "awaiting_vendor")), protocol.Accepted, "")
	f.rita.hlc = f.ann.hlc
	st, resp, body = f.rita.push(comment(f.rita, f.ritaT, ticket.KindReply), move(f.rita, f.ritaT, "on_hold", "in_progress", ""))
	if st != 200 || len(resp.Results) != 2 {
		t.Fatalf("push: %d %s", st, body)
	}
	want("resume from a vendor hold", resp.Results[1], protocol.Rejected, "forbidden")
	want("back on hold for the caller", f.ann.pushOne(move(f.ann, f.ritaT, "on_hold", "in_progress", "")), protocol.Accepted, "")
	want("back on hold for the caller", f.ann.pushOne(move(f.ann, f.ritaT, "in_progress", "on_hold", "awaiting_caller")), protocol.Accepted, "")
	f.rita.hlc = f.ann.hlc
	st, resp, _ = f.rita.push(comment(f.rita, f.ritaT, ticket.KindReply), f.rita.op(ticket.EntityTicket, f.ritaT, protocol.OpTransition, "state",
		map[string]string{"from": "on_hold", "to": "canceled", "reason": "never mind"}))
	if st != 200 || len(resp.Results) != 2 {
		t.Fatal("push")
	}
	want("cancel after a reply", resp.Results[1], protocol.Rejected, "forbidden")
	// Someone else's ticket: Sam's reply cannot be placed, nor can the move.
	want("sam moves rita's ticket", f.sam.pushOne(move(f.sam, f.ritaT, "on_hold", "in_progress", "")), protocol.Rejected, "not_found")
}

// TestAutoMark: an op marked automatic is checked as its pushing user's, kept marked for
// pull, and only the kinds of work a desk does by itself may carry the mark.
func TestAutoMark(t *testing.T) {
	f := setup(t)
	auto := func(o protocol.Op) protocol.Op { o.Auto = true; return o }
	cases := []struct {
		name string
		d    *device
		op   func() protocol.Op
		want string
	}{
		{"work note", f.ann, func() protocol.Op { return auto(comment(f.ann, f.ritaT, ticket.KindNote)) }, ""},
		{"raise priority: the reason", f.ann, func() protocol.Op {
			return auto(f.ann.op(ticket.EntityTicket, f.ritaT, protocol.OpSet, "priorityOverrideReason", "SLA escalation"))
		}, ""},
		{"raise priority", f.ann, func() protocol.Op { return auto(f.ann.op(ticket.EntityTicket, f.ritaT, protocol.OpSet, "priority", 1)) }, ""},
		{"reassign", f.ann, func() protocol.Op {
			return auto(f.ann.op(ticket.EntityTicket, f.ritaT, protocol.OpSet, "assigneeId", nil))
		}, ""},
		{"title is not automatic", f.ann, func() protocol.Op { return auto(f.ann.op(ticket.EntityTicket, f.ritaT, protocol.OpSet, "title", "x")) }, "forbidden"},
		{"reply is not automatic", f.ann, func() protocol.Op { return auto(comment(f.ann, f.ritaT, ticket.KindReply)) }, "forbidden"},
		{"cancel is not automatic", f.ann, func() protocol.Op {
			return auto(f.ann.op(ticket.EntityTicket, f.ritaT, protocol.OpTransition, "state", map[string]string{"from": "new", "to": "canceled", "reason": "x"}))
		}, "forbidden"},
		{"a requester's desk escalates", f.rita, func() protocol.Op {
			return auto(f.rita.op(ticket.EntityTicket, f.ritaT, protocol.OpSet, "priority", 1))
		}, "forbidden"},
	}
	for _, tc := range cases {
		r := tc.d.pushOne(tc.op())
		if (tc.want == "") != (r.Status == protocol.Accepted) || r.Code != tc.want {
			t.Errorf("%s: got %s %s (%s), want %q", tc.name, r.Status, r.Code, r.Reason, tc.want)
		}
	}
	_, body := raw(t, f.s.URL, f.ann.token, "GET", "/pull?after=0&limit=100", nil)
	var page protocol.PullResponse
	if err := json.Unmarshal(body, &page); err != nil {
		t.Fatal(err)
	}
	marked := 0
	for _, c := range page.Changes {
		if c.Auto {
			marked++
			if c.AuthorID != f.ann.user {
				t.Errorf("automatic change authored by %s, want the pushing user", c.AuthorID)
			}
		}
	}
	if marked != 4 {
		t.Errorf("pulled %d changes marked automatic, want 4", marked)
	}
}
