package client_test

import (
	"context"
	"testing"

	"outpost/sync/synctest"
)

// TestInternalAttachmentCrossesToStaffOnly: a file one agent marks internal reaches another
// agent's desk still internal and readable, and never reaches the requester's desk; the
// public file next to it does.
func TestInternalAttachmentCrossesToStaffOnly(t *testing.T) {
	s, a, b := setup(t)
	ctx := context.Background()
	rita := synctest.NewReplica(t, s, "rita@example.test", synctest.NewClock())
	a.Sync(t)
	d := draft("VPN drops")
	d.RequesterID = s.Users["rita@example.test"].ID
	tk, err := a.Desk.Tickets.Create(ctx, a.Actor, d)
	if err != nil {
		t.Fatal(err)
	}
	secret, err := a.Desk.Tickets.AttachInternal(ctx, a.Actor, tk.ID, "psk.txt", []byte("psk=hunter2"))
	if err != nil {
		t.Fatal(err)
	}
	public, err := a.Desk.Tickets.Attach(ctx, a.Actor, tk.ID, "howto.txt", []byte("reconnect"))
	if err != nil {
		t.Fatal(err)
	}
	a.Sync(t)
	b.Sync(t)
	rita.Sync(t)

	got, data, err := b.Desk.Tickets.Blob(ctx, b.Actor, secret.ID)
	if err != nil || !got.Internal || string(data) != "psk=hunter2" {
		t.Errorf("on the other agent's desk: %+v %q %v, want the internal file", got, data, err)
	}
	var names []string
	if err := rita.Desk.DB.Raw(`SELECT name FROM attachments WHERE ticket_id = ? ORDER BY name`, tk.ID).Scan(&names).Error; err != nil {
		t.Fatal(err)
	}
	if len(names) != 1 || names[0] != public.Name {
		t.Errorf("the requester's desk holds files %v, want only %s", names, public.Name)
	}
	var blobs int64
	if err := rita.Desk.DB.Raw(`SELECT COUNT(*) FROM blobs WHERE sha256 = ?`, secret.SHA256).Scan(&blobs).Error; err != nil {
		t.Fatal(err)
	}
	if blobs != 0 {
		t.Error("the requester's desk holds the internal file's bytes")
	}
	if _, err := rita.Desk.Tickets.Timeline(ctx, rita.Actor, tk.ID); err != nil {
		t.Errorf("requester's timeline: %v", err)
	}
}
