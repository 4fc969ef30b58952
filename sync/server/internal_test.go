package server_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/uuid"

	"outpost/domain/ticket"
	"outpost/sync/protocol"
	"outpost/sync/server/store/pgtest"
)

// TestInternalAttachment: a file staff marked internal on a requester's ticket reaches other
// staff, but never the requester: not in a pull, not as a blob; and a requester cannot push one.
func TestInternalAttachment(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testInternalAttachment(t, "") })
	t.Run("postgres", func(t *testing.T) { testInternalAttachment(t, pgtest.DB(t)) })
}

func testInternalAttachment(t *testing.T, dsn string) {
	f := setupOn(t, dsn)
	upload := func(d *device, content string) string {
		t.Helper()
		sum := sha256.Sum256([]byte(content))
		sha := hex.EncodeToString(sum[:])
		if st, body := raw(t, f.s.URL, d.token, "PUT", "/blobs/"+sha, []byte(content)); st != 200 {
			t.Fatalf("upload: %d %s", st, body)
		}
		return sha
	}
	attach := func(d *device, sha string, size int, internal bool) (protocol.Result, string) {
		id := uuid.Must(uuid.NewV7()).String()
		return d.pushOne(d.op(ticket.EntityAttachment, id, protocol.OpAppend, "", ticket.Attachment{ID: id, TicketID: f.ritaT,
			SHA256: sha, Name: "router.conf", Mime: "text/plain", Size: int64(size), AuthorID: d.user, CreatedAt: 1, Internal: internal})), id
	}
	secret := "enable secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0"
	sha := upload(f.ann, secret)
	if r, _ := attach(f.ann, sha, len(secret), true); r.Status != protocol.Accepted {
		t.Fatalf("agent's internal file: %+v", r)
	}
	_, id := attach(f.ann, sha, len(secret), true)

	t.Run("requester does not pull it", func(t *testing.T) {
		st, body := raw(t, f.s.URL, f.rita.token, "GET", "/pull?after=0&limit=1000", nil)
		var page protocol.PullResponse
		_ = json.Unmarshal(body, &page)
		if st != 200 || len(page.Changes) == 0 {
			t.Fatalf("got %d %s", st, body)
		}
		for _, c := range page.Changes {
			if c.Entity == ticket.EntityAttachment || strings.Contains(string(c.Value), sha) {
				t.Errorf("rita pulled %s %s %s", c.Op, c.Entity, c.RecordID)
			}
		}
	})
	t.Run("agent pulls it, marked internal", func(t *testing.T) {
		_, body := raw(t, f.s.URL, f.ann.token, "GET", "/pull?after=0&limit=1000", nil)
		var page protocol.PullResponse
		_ = json.Unmarshal(body, &page)
		found := false
		for _, c := range page.Changes {
			if c.RecordID == id {
				found = strings.Contains(string(c.Value), `"internal":true`)
			}
		}
		if !found {
			t.Errorf("ann's pull has no internal attachment %s", id)
		}
	})
	t.Run("requester cannot read the blob", func(t *testing.T) {
		if st, _ := raw(t, f.s.URL, f.rita.token, "GET", "/blobs/"+sha, nil); st != 404 {
			t.Errorf("rita reading an internal file on her ticket: got %d, want 404", st)
		}
		if st, body := raw(t, f.s.URL, f.ann.token, "GET", "/blobs/"+sha, nil); st != 200 || string(body) != secret {
			t.Errorf("ann reading it: got %d %q", st, body)
		}
	})
	t.Run("the same bytes attached publicly are readable", func(t *testing.T) {
		if r, _ := attach(f.ann, sha, len(secret), false); r.Status != protocol.Accepted {
			t.Fatalf("public copy: %+v", r)
		}
		if st, _ := raw(t, f.s.URL, f.rita.token, "GET", "/blobs/"+sha, nil); st != 200 {
			t.Errorf("rita reading a file attached publicly: got %d, want 200", st)
		}
	})
	t.Run("requester cannot attach an internal file", func(t *testing.T) {
		mine := "my own screenshot"
		r, _ := attach(f.rita, upload(f.rita, mine), len(mine), true)
		if r.Status != protocol.Rejected || r.Code != "forbidden" {
			t.Errorf("got %s %s (%s), want rejected forbidden", r.Status, r.Code, r.Reason)
		}
	})
}
