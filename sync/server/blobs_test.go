package server_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"

	"outpost/domain/fault"
	"outpost/domain/ticket"
	"outpost/sync/protocol"
	"outpost/sync/synctest"
)

type blobDesk struct {
	s              *synctest.Server
	ann, rita, sam *device
	ritaT, samT    string
}

func newBlobDesk(t *testing.T, s *synctest.Server) *blobDesk {
	s.AddUser(t, "Ann", "ann@x.test", "agent")
	s.AddUser(t, "Rita", "rita@x.test", "requester")
	s.AddUser(t, "Sam", "sam@x.test", "requester")
	b := &blobDesk{s: s, ann: newDevice(t, s, "ann@x.test"), rita: newDevice(t, s, "rita@x.test"), sam: newDevice(t, s, "sam@x.test")}
	var op protocol.Op
	op, b.ritaT = newTicket(b.ann, b.rita.user, nil)
	b.ann.pushOne(op)
	op, b.samT = newTicket(b.ann, b.sam.user, nil)
	b.ann.pushOne(op)
	return b
}

func upload(t *testing.T, d *device, data []byte) (string, int, []byte) {
	t.Helper()
	sum := sha256.Sum256(data)
	sha := hex.EncodeToString(sum[:])
	st, body := raw(t, d.s.URL, d.token, "PUT", "/blobs/"+sha, data)
	return sha, st, body
}

func attach(d *device, ticketID, sha string, size int) protocol.Result {
	id := uuid.Must(uuid.NewV7()).String()
	return d.pushOne(d.op(ticket.EntityAttachment, id, protocol.OpAppend, "", ticket.Attachment{ID: id, TicketID: ticketID,
		SHA256: sha, Name: "f.txt", Mime: "text/plain", Size: int64(size), AuthorID: d.user, CreatedAt: 1}))
}

// TestBlobNeedsContentOrSight: knowing a file's (sha256, size) is not enough to read it. A
// user attaches content only after uploading it (proof of holding it) or when they can already
// see a record that refers to it; a requester who attaches another's hash to her own ticket
// is refused and still cannot read the file.
func TestBlobNeedsContentOrSight(t *testing.T) {
	servers(t, func(t *testing.T, s *synctest.Server) {
		b := newBlobDesk(t, s)
		payslip := []byte("sam's payslip")
		sha, st, body := upload(t, b.ann, payslip)
		if st != 200 {
			t.Fatalf("upload: %d %s", st, body)
		}
		if r := attach(b.ann, b.samT, sha, len(payslip)); r.Status != protocol.Accepted {
			t.Fatalf("ann attaches to sam's ticket: %+v", r)
		}
		if r := attach(b.rita, b.ritaT, sha, len(payslip)); r.Status != protocol.Rejected || r.Code != fault.CodeValidation {
			t.Errorf("rita attaches sam's file by its hash: got %+v, want rejected", r)
		}
		if st, body := raw(t, s.URL, b.rita.token, "GET", "/blobs/"+sha, nil); st != 404 {
			t.Errorf("rita reads sam's file: got %d %q, want 404", st, body)
		}
		// Sam sees the file on his ticket, so he may attach it again without uploading.
		if r := attach(b.sam, b.samT, sha, len(payslip)); r.Status != protocol.Accepted {
			t.Errorf("sam attaches a file he can see: %+v", r)
		}
		// Rita holding the same content uploads it, and may then attach and read it.
		if _, st, body := upload(t, b.rita, payslip); st != 200 {
			t.Fatalf("rita uploads the content: %d %s", st, body)
		}
		if r := attach(b.rita, b.ritaT, sha, len(payslip)); r.Status != protocol.Accepted {
			t.Errorf("rita attaches content she uploaded: %+v", r)
		}
		if st, body := raw(t, s.URL, b.rita.token, "GET", "/blobs/"+sha, nil); st != 200 || string(body) != string(payslip) {
			t.Errorf("rita reads her own attachment: got %d %q", st, body)
		}
	})
}

// TestBlobQuota: bytes a user uploaded that no record refers to are capped per user; past
// the quota an upload is refused with blob_quota, and attaching frees the room.
func TestBlobQuota(t *testing.T) {
	servers(t, func(t *testing.T, s *synctest.Server) {
		s.BlobQuota = 100
		b := newBlobDesk(t, s)
		a, st, body := upload(t, b.rita, make([]byte, 60))
		if st != 200 {
			t.Fatalf("first upload: %d %s", st, body)
		}
		big := append(make([]byte, 59), 1)
		if _, st, body := upload(t, b.rita, big); st != 413 || code(body) != "blob_quota" {
			t.Errorf("upload past the quota: got %d %s, want 413 blob_quota", st, body)
		}
		if _, st, body := upload(t, b.rita, make([]byte, 60)); st != 200 {
			t.Errorf("the same upload again: got %d %s", st, body)
		}
		if _, st, body := upload(t, b.sam, big); st != 200 {
			t.Errorf("another user's upload: got %d %s", st, body)
		}
		if r := attach(b.rita, b.ritaT, a, 60); r.Status != protocol.Accepted {
			t.Fatalf("attach: %+v", r)
		}
		if _, st, body := upload(t, b.rita, big); st != 200 {
			t.Errorf("upload after attaching the first: got %d %s", st, body)
		}
	})
}

// TestBlobGC: an unreferenced blob outlives the grace period after its last upload, then is
// collected; a referenced one stays.
func TestBlobGC(t *testing.T) {
	serversAt(t, func(t *testing.T, s *synctest.Server, clock *synctest.Clock) {
		ctx := context.Background()
		b := newBlobDesk(t, s)
		loose, st, body := upload(t, b.rita, []byte("never attached"))
		if st != 200 {
			t.Fatalf("upload: %d %s", st, body)
		}
		kept, _, _ := upload(t, b.rita, []byte("attached"))
		if r := attach(b.rita, b.ritaT, kept, len("attached")); r.Status != protocol.Accepted {
			t.Fatalf("attach: %+v", r)
		}
		clock.Add(s.BlobGrace - time.Minute)
		if n, err := s.CollectBlobs(ctx, clock.Now()); err != nil || n != 0 {
			t.Errorf("collect within the grace period: %d, %v; want 0", n, err)
		}
		if _, err := s.Store.Blob(ctx, loose); err != nil {
			t.Errorf("unattached blob within the grace period: %v", err)
		}
		clock.Add(2 * time.Minute)
		if n, err := s.CollectBlobs(ctx, clock.Now()); err != nil || n != 1 {
			t.Errorf("collect after the grace period: %d, %v; want 1", n, err)
		}
		if _, err := s.Store.Blob(ctx, loose); !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("unattached blob after the grace period: got %v, want not found", err)
		}
		if data, err := s.Store.Blob(ctx, kept); err != nil || string(data) != "attached" {
			t.Errorf("attached blob: %q, %v", data, err)
		}
		// Collected content can be uploaded again, and then attached.
		if _, st, body := upload(t, b.rita, []byte("never attached")); st != 200 {
			t.Fatalf("upload again: %d %s", st, body)
		}
		if r := attach(b.rita, b.ritaT, loose, len("never attached")); r.Status != protocol.Accepted {
			t.Errorf("attach after uploading again: %+v", r)
		}
	})
}
