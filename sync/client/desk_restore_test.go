package client_test

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"outpost/domain/backup"
	"outpost/domain/desk"
	"outpost/domain/replica"
	"outpost/domain/ticket"
	"outpost/sync/client"
	"outpost/sync/synctest"
)

// TestDeskRestoredFromBackup: a joined desk is backed up with a change not yet synced; after
// the backup it syncs that change and pushes more work (a new ticket, an edit). Then the desk
// is restored from the backup, makes a change before its first sync, and syncs. The server
// accepts everything, with every op id of the device used once; the work pushed after the
// backup comes back by pull; nothing is lost or stored twice; the restored desk's new changes
// order after everything the desk had stamped before; every desk ends equal to the server.
func TestDeskRestoredFromBackup(t *testing.T) {
	ctx := context.Background()
	clock := synctest.NewClock()
	s := synctest.StartServer(t, "", clock.Now)
	ann := s.AddUser(t, "Ann Agent", "ann@example.test", "agent")
	bob := s.AddUser(t, "Bob Agent", "bob@example.test", "agent")
	s.AddGroup(t, "g-desk", "Service Desk", ann.ID, bob.ID)
	a := synctest.NewReplica(t, s, "ann@example.test", clock)
	b := synctest.NewReplica(t, s, "bob@example.test", clock)
	a.Client.LeaseSize, a.Client.LeaseLow = 5, 2

	synced := work(t, a, 2)
	a.Sync(t)
	unsynced := work(t, a, 1) // in the backup, not yet pushed
	file := filepath.Join(t.TempDir(), "desk"+backup.Ext)
	if _, err := backup.Take(ctx, a.Desk.DB, file, "test", clock.Now()); err != nil {
		t.Fatal(err)
	}
	a.Sync(t) // pushes the unsynced ticket: op ids the restored desk will number the same
	afterBackup := work(t, a, 2)
	title := "edited after the backup"
	if _, err := a.Desk.Tickets.Update(ctx, a.Actor, synced[0], ticket.Patch{Title: &title}); err != nil {
		t.Fatal(err)
	}
	a.Sync(t)
	b.Sync(t)
	var lastBefore int64
	var hlcBefore uint64
	s.Store.DB.Raw(`SELECT last_op_id FROM devices WHERE id = ?`, a.Desk.DeviceID).Scan(&lastBefore)
	a.Desk.DB.Raw(`SELECT MAX(hlc) FROM changes`).Scan(&hlcBefore)

	// Restore the desk from the backup, as `outpost --restore` does with the app closed.
	path, device := a.Desk.Path, a.Desk.DeviceID
	if err := a.Desk.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := backup.Restore(ctx, file, path, clock.Now); err != nil {
		t.Fatal(err)
	}
	d, err := desk.Open(ctx, path, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close() })
	if d.DeviceID != device {
		t.Fatalf("the restored desk is device %s, want %s", d.DeviceID, device)
	}
	r := &synctest.Replica{Desk: d, Client: client.New(d), Actor: a.Actor, Clock: clock}
	r.Client.LeaseSize, r.Client.LeaseLow = 5, 2
	var has int64
	d.DB.Raw(`SELECT COUNT(*) FROM tickets WHERE id IN ?`, afterBackup).Scan(&has)
	if has != 0 {
		t.Fatalf("the restored desk already holds %d tickets made after the backup", has)
	}

	// Work before the first sync after the restore: a ticket and an edit.
	afterRestore := work(t, r, 1)
	edit := "edited after the restore"
	if _, err := r.Desk.Tickets.Update(ctx, r.Actor, synced[1], ticket.Patch{Title: &edit}); err != nil {
		t.Fatal(err)
	}
	var hlcNew uint64
	d.DB.Raw(`SELECT MIN(hlc) FROM changes WHERE record_id IN ? OR (record_id = ? AND field = 'title')`, afterRestore, synced[1]).Scan(&hlcNew)
	if hlcNew <= hlcBefore {
		t.Errorf("a change after the restore has HLC %d, not above the %d the desk had stamped", hlcNew, hlcBefore)
	}

	for range 2 {
		r.Sync(t)
		b.Sync(t)
	}

	want := s.Dump(t)
	for name, ids := range map[string][]string{"synced": synced, "unsynced at backup": unsynced, "after backup": afterBackup, "after restore": afterRestore} {
		for _, id := range ids {
			if _, ok := want["ticket"][id]; !ok {
				t.Errorf("%s ticket %s is missing on the server", name, id)
			}
		}
	}
	for id, title := range map[string]string{synced[0]: title, synced[1]: edit} {
		if got := want["ticket"][id]["title"]; got != `"`+title+`"` && got != title {
			t.Errorf("ticket %s has title %s on the server, want %q", id, got, title)
		}
	}
	for i, rep := range []*synctest.Replica{r, b} {
		if got := rep.Dump(t); !reflect.DeepEqual(got, want) {
			t.Errorf("desk %d differs from the server:\n%s", i, diff(got, want))
		}
		rej, err := replica.Rejections(ctx, rep.Desk.DB)
		if err != nil || len(rej) != 0 {
			t.Errorf("desk %d shows rejections %+v (%v)", i, rej, err)
		}
		st, err := rep.Client.Status(ctx)
		if err != nil || st.Pending != 0 {
			t.Errorf("desk %d: status %+v, %v; want nothing pending", i, st, err)
		}
	}
	var changes, distinct, rejected, results, minOp, maxOp, last int64
	if err := s.Store.DB.Raw(`SELECT COUNT(*), COUNT(DISTINCT change_id) FROM changes`).Row().Scan(&changes, &distinct); err != nil {
		t.Fatal(err)
	}
	s.Store.DB.Raw(`SELECT COUNT(*) FROM op_results WHERE status = 'rejected'`).Scan(&rejected)
	if err := s.Store.DB.Raw(`SELECT COUNT(*), MIN(op_id), MAX(op_id) FROM op_results WHERE device_id = ?`, device).Row().Scan(&results, &minOp, &maxOp); err != nil {
		t.Fatal(err)
	}
	s.Store.DB.Raw(`SELECT last_op_id FROM devices WHERE id = ?`, device).Scan(&last)
	if changes != distinct || rejected != 0 {
		t.Errorf("server: %d changes (%d distinct), %d rejected", changes, distinct, rejected)
	}
	if last <= lastBefore || results != last || minOp != 1 || maxOp != last {
		t.Errorf("device ops on the server: last %d (was %d before the restore), %d results for %d..%d", last, lastBefore, results, minOp, maxOp)
	}
	// The restored desk's outbox continues after the server's last op before the restore.
	var firstNew int64
	d.DB.Raw(`SELECT MIN(o.op_id) FROM sync_outbox o JOIN changes c ON c.seq = o.change_seq WHERE c.record_id IN ?`, afterRestore).Scan(&firstNew)
	if firstNew != lastBefore+1 {
		t.Errorf("the first op after the restore is %d, want %d", firstNew, lastBefore+1)
	}
	nums := map[string]string{}
	for id, rec := range want["ticket"] {
		if other, ok := nums[rec["number"]]; ok {
			t.Errorf("number %s on %s and %s", rec["number"], id, other)
		}
		nums[rec["number"]] = id
	}
}
