package server_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"outpost/domain/ticket"
	"outpost/sync/protocol"
	"outpost/sync/server/store/pgtest"
	"outpost/sync/synctest"
)

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		os.Exit(runChild())
	}
	cleanup := synctest.UseRAMDisk()
	code := pgtest.Main(m)
	cleanup()
	os.Exit(code)
}

// raw sends one request and returns the status and body.
func raw(t *testing.T, url, token, method, path string, body any) (int, []byte) {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	case string:
		rd = strings.NewReader(b)
	default:
		buf, _ := json.Marshal(b)
		rd = bytes.NewReader(buf)
	}
	req, _ := http.NewRequest(method, url+"/v1"+path, rd)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out
}

func code(b []byte) string {
	var e protocol.Error
	_ = json.Unmarshal(b, &e)
	return e.Code
}

// login signs email in from a new device and returns the token and device id.
func login(t *testing.T, s *synctest.Server, email string) (string, string) {
	t.Helper()
	dev := uuid.Must(uuid.NewV7()).String()
	st, body := raw(t, s.URL, "", "POST", "/login", protocol.LoginRequest{Email: email, Password: synctest.Password, DeviceID: dev})
	if st != 200 {
		t.Fatalf("login %s: %d %s", email, st, body)
	}
	var r protocol.LoginResponse
	_ = json.Unmarshal(body, &r)
	return r.Token, dev
}

// device pushes hand-made ops with sequential op ids.
type device struct {
	t     *testing.T
	s     *synctest.Server
	token string
	id    string
	user  string
	next  int64
	hlc   uint64
}

func newDevice(t *testing.T, s *synctest.Server, email string) *device {
	tok, id := login(t, s, email)
	return &device{t: t, s: s, token: tok, id: id, user: s.Users[email].ID, next: 1, hlc: uint64(1_770_000_000_000) << 16}
}

func (d *device) op(entity, record, op, field string, value any) protocol.Op {
	v, _ := json.Marshal(value)
	d.hlc += 1 << 16
	o := protocol.Op{OpID: d.next, ChangeID: uuid.Must(uuid.NewV7()).String(), Entity: entity, RecordID: record, Op: op,
		Field: field, Value: v, HLC: d.hlc, AuthorID: d.user}
	d.next++
	return o
}

func (d *device) push(ops ...protocol.Op) (int, protocol.PushResponse, []byte) {
	st, body := raw(d.t, d.s.URL, d.token, "POST", "/push", protocol.PushRequest{DeviceID: d.id, Ops: ops})
	var r protocol.PushResponse
	_ = json.Unmarshal(body, &r)
	return st, r, body
}

// pushOne pushes one op and returns its result.
func (d *device) pushOne(o protocol.Op) protocol.Result {
	d.t.Helper()
	st, r, body := d.push(o)
	if st != 200 || len(r.Results) != 1 {
		d.t.Fatalf("push: %d %s", st, body)
	}
	return r.Results[0]
}

func newTicket(d *device, requester string, mod func(*ticket.Ticket)) (protocol.Op, string) {
	id := uuid.Must(uuid.NewV7()).String()
	tk := ticket.Ticket{ID: id, Number: "INC-x-1", Type: ticket.Incident, Title: "t", RequesterID: requester, Impact: 2, Urgency: 2,
		Priority: 3, State: ticket.New, Source: "portal", CreatedBy: d.user, CreatedAt: 1, UpdatedAt: 1}
	if mod != nil {
		mod(&tk)
	}
	return d.op(ticket.EntityTicket, id, protocol.OpCreate, "", tk), id
}

func comment(d *device, ticketID, kind string) protocol.Op {
	id := uuid.Must(uuid.NewV7()).String()
	return d.op(ticket.EntityComment, id, protocol.OpAppend, "", ticket.Comment{ID: id, TicketID: ticketID, AuthorID: d.user, Kind: kind, Body: "b", CreatedAt: 1})
}

type fixture struct {
	s              *synctest.Server
	ann, rita, sam *device
	ritaT, samT    string
	samBlob        string
}

func setup(t *testing.T) *fixture { return setupOn(t, "") }

// setupOn is setup on the server database dsn ("" for a fresh SQLite file).
func setupOn(t *testing.T, dsn string) *fixture {
	clock := synctest.NewClock()
	s := synctest.StartServer(t, dsn, clock.Now)
	s.AddUser(t, "Ann", "ann@x.test", "agent")
	s.AddUser(t, "Rita", "rita@x.test", "requester")
	s.AddUser(t, "Sam", "sam@x.test", "requester")
	f := &fixture{s: s, ann: newDevice(t, s, "ann@x.test"), rita: newDevice(t, s, "rita@x.test"), sam: newDevice(t, s, "sam@x.test")}
	var op protocol.Op
	op, f.ritaT = newTicket(f.ann, f.rita.user, nil)
	if r := f.ann.pushOne(op); r.Status != protocol.Accepted {
		t.Fatalf("ann's ticket for rita: %+v", r)
	}
	op, f.samT = newTicket(f.ann, f.sam.user, nil)
	f.ann.pushOne(op)
	for _, tk := range []string{f.ritaT, f.samT} {
		f.ann.pushOne(comment(f.ann, tk, ticket.KindReply))
		f.ann.pushOne(comment(f.ann, tk, ticket.KindNote))
	}
	data := []byte("sam's payslip")
	sum := sha256.Sum256(data)
	f.samBlob = hex.EncodeToString(sum[:])
	if st, body := raw(t, s.URL, f.ann.token, "PUT", "/blobs/"+f.samBlob, data); st != 200 {
		t.Fatalf("upload: %d %s", st, body)
	}
	aid := uuid.Must(uuid.NewV7()).String()
	r := f.ann.pushOne(f.ann.op(ticket.EntityAttachment, aid, protocol.OpAppend, "", ticket.Attachment{ID: aid, TicketID: f.samT,
		SHA256: f.samBlob, Name: "p.txt", Mime: "text/plain", Size: int64(len(data)), AuthorID: f.ann.user, CreatedAt: 1}))
	if r.Status != protocol.Accepted {
		t.Fatalf("attach: %+v", r)
	}
	return f
}

func TestAuthRefusals(t *testing.T) {
	f := setup(t)
	s := f.s
	tampered := []byte(f.rita.token)
	tampered[3] ^= 1
	for name, tok := range map[string]string{"no token": "", "tampered": string(tampered), "garbage": "x.y.z"} {
		if st, body := raw(t, s.URL, tok, "GET", "/pull?after=0&limit=10", nil); st != 401 || code(body) != "unauthorized" {
			t.Errorf("%s: got %d %s, want 401 unauthorized", name, st, body)
		}
	}
	if err := s.Store.RevokeDevice(context.Background(), f.rita.id); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/pull?after=0&limit=10", "/directory"} {
		if st, _ := raw(t, s.URL, f.rita.token, "GET", path, nil); st != 401 {
			t.Errorf("revoked device on %s: got %d, want 401", path, st)
		}
	}
	if st, _, _ := f.rita.push(f.rita.op("ticket", f.ritaT, "set", "title", "x")); st != 401 {
		t.Errorf("revoked device push: got %d, want 401", st)
	}
	// A device id is bound to the user who first signed in with it.
	st, _ := raw(t, s.URL, "", "POST", "/login", protocol.LoginRequest{Email: "ann@x.test", Password: synctest.Password, DeviceID: f.sam.id})
	if st != 403 {
		t.Errorf("signing in with another user's device id: got %d, want 403", st)
	}
	// Failed logins are rate-limited, even for the right password afterwards.
	for i := 0; i < s.LoginMax; i++ {
		st, _ := raw(t, s.URL, "", "POST", "/login", protocol.LoginRequest{Email: "sam@x.test", Password: "wrong password", DeviceID: "d1"})
		if st != 401 {
			t.Fatalf("wrong password: got %d", st)
		}
	}
	st, body := raw(t, s.URL, "", "POST", "/login", protocol.LoginRequest{Email: "sam@x.test", Password: synctest.Password, DeviceID: "d1"})
	if st != 429 || code(body) != "rate_limited" {
		t.Errorf("after %d failures: got %d %s, want 429", s.LoginMax, st, body)
	}
	// Another account from the same address is not locked out by sam's failures alone.
	if st, body := raw(t, s.URL, "", "POST", "/login", protocol.LoginRequest{Email: "ann@x.test", Password: synctest.Password, DeviceID: "d2"}); st != 200 {
		t.Errorf("other account after sam's failures: got %d %s", st, body)
	}
}

func TestPushIsIdempotentAndRefusesGaps(t *testing.T) {
	f := setup(t)
	d := f.ann
	ops := []protocol.Op{d.op("ticket", f.ritaT, "set", "title", "one"), d.op("ticket", f.ritaT, "set", "category", "Network")}
	st, first, _ := d.push(ops...)
	if st != 200 || len(first.Results) != 2 {
		t.Fatalf("push: %d %+v", st, first)
	}
	seq, _ := f.s.Store.MaxSeq(context.Background())
	st, again, _ := d.push(ops...)
	if st != 200 || fmt.Sprint(again.Results) != fmt.Sprint(first.Results) {
		t.Errorf("replay: got %d %+v, want the stored results %+v", st, again.Results, first.Results)
	}
	if seq2, _ := f.s.Store.MaxSeq(context.Background()); seq2 != seq {
		t.Errorf("replay changed the sequence: %d -> %d", seq, seq2)
	}
	// Overlap: the last op again plus a new one.
	next := d.op("ticket", f.ritaT, "set", "title", "two")
	st, mixed, _ := d.push(ops[1], next)
	if st != 200 || len(mixed.Results) != 2 || mixed.Results[0] != first.Results[1] || mixed.Results[1].Status != protocol.Accepted {
		t.Errorf("overlapping batch: got %d %+v", st, mixed.Results)
	}
	d.next += 5
	st, _, body := d.push(d.op("ticket", f.ritaT, "set", "title", "gap"))
	if st != 409 || code(body) != "op_gap" {
		t.Errorf("gap: got %d %s, want 409 op_gap", st, body)
	}
	// Malformed batches are refused whole with a precise code.
	for name, tc := range map[string]struct {
		body string
		code string
	}{
		"unknown field": {`{"deviceId":"` + d.id + `","ops":[],"x":1}`, "unknown_field"},
		"not json":      {`{`, "malformed"},
		"empty batch":   {`{"deviceId":"` + d.id + `","ops":[]}`, "invalid"},
	} {
		if st, body := raw(t, f.s.URL, d.token, "POST", "/push", tc.body); st != 400 || code(body) != tc.code {
			t.Errorf("%s: got %d %s, want 400 %s", name, st, body, tc.code)
		}
	}
}

// TestIDOR: a requester reaches nothing of another requester's through any endpoint, and
// every reference a pushed op sets is checked.
func TestIDOR(t *testing.T) {
	f := setup(t)
	rita := f.rita
	cases := []struct {
		name string
		op   func() protocol.Op
		code string
	}{
		{"edit another's ticket", func() protocol.Op { return rita.op("ticket", f.samT, "set", "title", "mine now") }, "not_found"},
		{"reply on another's ticket", func() protocol.Op { return comment(rita, f.samT, ticket.KindReply) }, "not_found"}, // as for a ticket that does not exist
		{"move another's ticket", func() protocol.Op {
			return rita.op("ticket", f.samT, "transition", "state", map[string]string{"from": "new", "to": "canceled", "reason": "x"})
		}, "not_found"},
		{"archive another's ticket", func() protocol.Op { return rita.op("ticket", f.samT, "archive", "", true) }, "not_found"},
		{"set own priority", func() protocol.Op { return rita.op("ticket", f.ritaT, "set", "priority", 1) }, "forbidden"},
		{"assign own ticket", func() protocol.Op { return rita.op("ticket", f.ritaT, "set", "assigneeId", f.ann.user) }, "forbidden"},
		{"internal note on own", func() protocol.Op { return comment(rita, f.ritaT, ticket.KindNote) }, "forbidden"},
		{"resolve own ticket", func() protocol.Op {
			return rita.op("ticket", f.ritaT, "transition", "state", map[string]string{"from": "new", "to": "resolved", "resolutionCode": "fulfilled", "resolutionNotes": "x"})
		}, "forbidden"}, // as the desk refuses it: the state is where she saw it
		{"log a ticket for another", func() protocol.Op {
			op, _ := newTicket(rita, f.sam.user, nil)
			return op
		}, "forbidden"},
		{"log an assigned ticket", func() protocol.Op {
			op, _ := newTicket(rita, rita.user, func(tk *ticket.Ticket) { tk.AssigneeID = &f.ann.user })
			return op
		}, "forbidden"},
		{"point a ticket at another's", func() protocol.Op {
			op, _ := newTicket(rita, rita.user, func(tk *ticket.Ticket) { tk.ParentID = &f.samT })
			return op
		}, "forbidden"}, // a requester's ticket names no parent, whoever's: existence is not revealed
		{"link to another's", func() protocol.Op {
			id := uuid.Must(uuid.NewV7()).String()
			return rita.op("ticket_link", id, "append", "", ticket.Link{ID: id, FromID: f.ritaT, ToID: f.samT, Kind: "related", CreatedBy: rita.user, CreatedAt: 1})
		}, "forbidden"}, // links are for agents, whatever they point at
		{"write as someone else", func() protocol.Op {
			o := comment(rita, f.ritaT, ticket.KindReply)
			o.AuthorID = f.ann.user
			return o
		}, "forbidden"},
		{"agent sets a requester as assignee", func() protocol.Op { return f.ann.op("ticket", f.ritaT, "set", "assigneeId", rita.user) }, "validation"},
		{"agent sets an unknown group", func() protocol.Op { return f.ann.op("ticket", f.ritaT, "set", "groupId", "nope") }, "validation"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o := tc.op()
			d := rita
			if o.AuthorID == f.ann.user && strings.HasPrefix(tc.name, "agent") {
				d = f.ann
			}
			r := d.pushOne(o)
			if r.Status != protocol.Rejected || r.Code != tc.code {
				t.Errorf("got %s %s (%s), want rejected %s", r.Status, r.Code, r.Reason, tc.code)
			}
		})
	}
	t.Run("own reply accepted", func(t *testing.T) {
		if r := rita.pushOne(comment(rita, f.ritaT, ticket.KindReply)); r.Status != protocol.Accepted {
			t.Errorf("got %+v", r)
		}
	})
	t.Run("pull is scoped", func(t *testing.T) {
		st, body := raw(t, f.s.URL, rita.token, "GET", "/pull?after=0&limit=1000", nil)
		var page protocol.PullResponse
		_ = json.Unmarshal(body, &page)
		if st != 200 || len(page.Changes) == 0 {
			t.Fatalf("got %d %s", st, body)
		}
		for _, c := range page.Changes {
			if strings.Contains(string(c.Value), f.samT) || c.RecordID == f.samT {
				t.Errorf("rita pulled %s %s of sam's ticket", c.Op, c.Entity)
			}
			if c.Entity == ticket.EntityComment && strings.Contains(string(c.Value), `"kind":"note"`) {
				t.Errorf("rita pulled an internal note")
			}
		}
	})
	t.Run("blobs", func(t *testing.T) {
		if st, _ := raw(t, f.s.URL, rita.token, "GET", "/blobs/"+f.samBlob, nil); st != 404 {
			t.Errorf("rita reading sam's file: got %d, want 404", st)
		}
		if st, body := raw(t, f.s.URL, f.sam.token, "GET", "/blobs/"+f.samBlob, nil); st != 200 || string(body) != "sam's payslip" {
			t.Errorf("sam reading his file: got %d %q", st, body)
		}
		if st, body := raw(t, f.s.URL, rita.token, "PUT", "/blobs/"+f.samBlob, []byte("other content")); st != 400 || code(body) != "validation" {
			t.Errorf("upload under a wrong hash: got %d %s", st, body)
		}
		if st, _ := raw(t, f.s.URL, rita.token, "GET", "/blobs/../../etc/passwd", nil); st == 200 {
			t.Error("path traversal answered 200")
		}
	})
	t.Run("directory hides emails", func(t *testing.T) {
		_, body := raw(t, f.s.URL, rita.token, "GET", "/directory", nil)
		if strings.Contains(string(body), "sam@x.test") || !strings.Contains(string(body), "rita@x.test") {
			t.Errorf("requester's directory: %s", body)
		}
	})
	t.Run("push for another device", func(t *testing.T) {
		st, body := raw(t, f.s.URL, rita.token, "POST", "/push", protocol.PushRequest{DeviceID: f.sam.id, Ops: []protocol.Op{rita.op("ticket", f.ritaT, "set", "title", "x")}})
		if st != 403 {
			t.Errorf("got %d %s, want 403", st, body)
		}
	})
}

// TestClampFutureHLC: an op stamped hours ahead of the server is stored with a server time.
func TestClampFutureHLC(t *testing.T) {
	f := setup(t)
	d := f.ann
	now := f.s.Now()
	o := d.op("ticket", f.ritaT, "set", "title", "from the future")
	o.HLC = uint64(now.Add(3*time.Hour).UnixMilli()) << 16
	r := d.pushOne(o)
	if r.Status != protocol.Accepted || r.HLC >= o.HLC || int64(r.HLC>>16) > now.Add(time.Minute).UnixMilli() {
		t.Errorf("got %+v, want accepted with an HLC near the server's now (%v), not %v", r, now, time.UnixMilli(int64(o.HLC>>16)))
	}
	ok := d.op("ticket", f.ritaT, "set", "title", "near now")
	ok.HLC = uint64(now.Add(time.Minute).UnixMilli()) << 16
	if r := d.pushOne(ok); r.HLC != ok.HLC {
		t.Errorf("an HLC a minute ahead was changed: got %d, want %d", r.HLC, ok.HLC)
	}
}
