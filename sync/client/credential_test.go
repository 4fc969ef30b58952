package client_test

import (
	"context"
	"testing"

	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/replica"
	"outpost/sync/synctest"
)

// credential reads the verifier row the desk keeps for userID ("" source when none).
func credential(t *testing.T, r *synctest.Replica, userID string) (source string, version int64) {
	t.Helper()
	var row struct {
		Source  string
		Version int64
	}
	if err := r.Desk.DB.Raw(`SELECT source, version FROM credentials WHERE user_id = ?`, userID).Scan(&row).Error; err != nil {
		t.Fatal(err)
	}
	return row.Source, row.Version
}

// offline points the profile at an address nobody answers (true) or back at the server.
func offline(t *testing.T, r *synctest.Replica, s *synctest.Server, off bool) {
	t.Helper()
	url := s.URL
	if off {
		url = "http://127.0.0.1:1"
	}
	if err := replica.SetState(r.Desk.DB, replica.KeyServer, url); err != nil {
		t.Fatal(err)
	}
}

// A joined desk signs a person in against the server, keeps a verifier for offline sign-ins,
// and drops it once the password changes on the server.
func TestServerPasswordSignIn(t *testing.T) {
	ctx := context.Background()
	clock := synctest.NewClock()
	s := synctest.StartServer(t, "", clock.Now)
	ann := s.AddUser(t, "Ann Agent", "ann@example.test", "agent")
	r := synctest.NewReplica(t, s, "ann@example.test", clock)
	creds := r.Desk.Credentials
	creds.Params = people.Params{Memory: 64, Time: 1, Threads: 1, KeyLen: 32}

	// Offline before any online sign-in: the desk has nothing to check against.
	offline(t, r, s, true)
	if _, err := creds.SignIn(ctx, "ann@example.test", synctest.Password, r.Client); fault.Code(err) != fault.CodeWrongPassword {
		t.Fatalf("offline without a verifier: got %v, want wrong_password", err)
	}
	offline(t, r, s, false)

	// Online: the server decides, and the desk keeps a verifier of version 1.
	if _, err := creds.SignIn(ctx, "ann@example.test", "not the password", r.Client); fault.Code(err) != fault.CodeWrongPassword {
		t.Fatalf("online, wrong password: got %v", err)
	}
	if src, _ := credential(t, r, ann.ID); src != "" {
		t.Fatalf("a refused password left a verifier (%s)", src)
	}
	u, err := creds.SignIn(ctx, "ann@example.test", synctest.Password, r.Client)
	if err != nil || u.ID != ann.ID {
		t.Fatalf("online sign-in: %v", err)
	}
	if src, v := credential(t, r, ann.ID); src != people.SourceServer || v != 1 {
		t.Fatalf("kept verifier: source %q version %d, want server 1", src, v)
	}

	// Offline: the kept verifier signs Ann in, and refuses a wrong password.
	offline(t, r, s, true)
	if _, err := creds.SignIn(ctx, "ann@example.test", synctest.Password, r.Client); err != nil {
		t.Fatalf("offline sign-in with the kept verifier: %v", err)
	}
	if _, err := creds.SignIn(ctx, "ann@example.test", "not the password", r.Client); fault.Code(err) != fault.CodeWrongPassword {
		t.Fatalf("offline, wrong password: got %v", err)
	}
	offline(t, r, s, false)

	// The server's admin resets the password: the next sync drops the old verifier, so the old
	// password no longer opens the desk offline.
	if err := s.ResetPassword(ctx, "ann@example.test", "a brand new password"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Client.Sync(ctx); err == nil {
		t.Fatalf("sync after the reset: want the revoked token refused")
	}
	if src, _ := credential(t, r, ann.ID); src != "" {
		t.Fatalf("the verifier of the old password survived the sync (%s)", src)
	}
	offline(t, r, s, true)
	if _, err := creds.SignIn(ctx, "ann@example.test", synctest.Password, r.Client); fault.Code(err) != fault.CodeWrongPassword {
		t.Fatalf("offline with the old password after the reset: got %v", err)
	}
	offline(t, r, s, false)

	// Online with the new password: signed in, device renewed, verifier of version 2.
	if _, err := creds.SignIn(ctx, "ann@example.test", "a brand new password", r.Client); err != nil {
		t.Fatalf("online with the new password: %v", err)
	}
	if src, v := credential(t, r, ann.ID); src != people.SourceServer || v != 2 {
		t.Fatalf("kept verifier: source %q version %d, want server 2", src, v)
	}
	r.Sync(t)
	if src, _ := credential(t, r, ann.ID); src != people.SourceServer {
		t.Fatalf("a sync dropped the current verifier")
	}
	// A verifier of another version than the directory's is dropped at the next sync.
	r.Desk.DB.Exec(`UPDATE credentials SET version = 1 WHERE user_id = ?`, ann.ID)
	r.Sync(t)
	if src, _ := credential(t, r, ann.ID); src != "" {
		t.Fatalf("a verifier of an old version survived the directory refresh")
	}
}
