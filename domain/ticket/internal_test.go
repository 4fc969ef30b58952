package ticket_test

import (
	"testing"

	"outpost/domain/fault"
)

// TestInternalAttachments: staff may mark a file internal; requesters never see it in the
// timeline nor read its bytes, and may not attach one themselves.
func TestInternalAttachments(t *testing.T) {
	e := newEnv(t)
	tk := e.create("screenshots")
	public, err := e.svc.Attach(e.ctx, e.agent, tk.ID, "for-you.txt", []byte("the fix"))
	if err != nil {
		t.Fatal(err)
	}
	secret, err := e.svc.AttachInternal(e.ctx, e.agent, tk.ID, "firewall.txt", []byte("admin password list"))
	if err != nil {
		t.Fatal(err)
	}
	if public.Internal || !secret.Internal {
		t.Fatalf("got internal %v/%v, want false/true", public.Internal, secret.Internal)
	}
	if n := e.count(`SELECT COUNT(*) FROM attachments WHERE id = ? AND internal`, secret.ID); n != 1 {
		t.Errorf("internal flag stored %d times, want 1", n)
	}

	for _, tt := range []struct {
		name string
		as   string
		want []string
	}{
		{"agent sees both", "agent", []string{"for-you.txt", "firewall.txt"}},
		{"requester sees the public one", "req", []string{"for-you.txt"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			actor := e.agent
			if tt.as == "req" {
				actor = e.req
			}
			tl, err := e.svc.Timeline(e.ctx, actor, tk.ID)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, ev := range tl {
				if ev.Attachment != nil {
					got = append(got, ev.Attachment.Name)
				}
			}
			if len(got) != len(tt.want) || got[0] != tt.want[0] || (len(got) > 1 && got[1] != tt.want[1]) {
				t.Errorf("got files %v, want %v", got, tt.want)
			}
		})
	}
	if _, _, err := e.svc.Blob(e.ctx, e.req, secret.ID); fault.Code(err) != fault.CodeNotFound {
		t.Errorf("requester reads an internal file: got %v, want not found", err)
	}
	if _, _, err := e.svc.Blob(e.ctx, e.req, public.ID); err != nil {
		t.Errorf("requester reads a public file: %v", err)
	}
	if _, _, err := e.svc.Blob(e.ctx, e.agent, secret.ID); err != nil {
		t.Errorf("agent reads an internal file: %v", err)
	}
	_, err = e.svc.AttachInternal(e.ctx, e.req, tk.ID, "mine.txt", []byte("x"))
	wantCode(t, err, fault.CodeForbidden)
}
