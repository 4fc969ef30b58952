package server_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"outpost/domain/fault"
	"outpost/sync/protocol"
	"outpost/sync/server"
	"outpost/sync/server/store"
	"outpost/sync/server/store/pgtest"
	"outpost/sync/synctest"
)

// servers runs a test against a server on a fresh SQLite file and one on a fresh PostgreSQL
// database.
func servers(t *testing.T, test func(t *testing.T, s *synctest.Server)) {
	serversAt(t, func(t *testing.T, s *synctest.Server, _ *synctest.Clock) { test(t, s) })
}

// serversAt is servers with the servers' clock.
func serversAt(t *testing.T, test func(t *testing.T, s *synctest.Server, clock *synctest.Clock)) {
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			dsn := ""
			if name == "postgres" {
				dsn = pgtest.DB(t)
			}
			clock := synctest.NewClock()
			test(t, synctest.StartServer(t, dsn, clock.Now), clock)
		})
	}
}

// TestLoginLimitIsAtomic: 30 concurrent wrong passwords for one email get at most LoginMax
// password checks; the rest are refused as rate-limited before bcrypt runs. Every check is
// held until all 30 attempts have either reached a check or been refused, so attempts that
// were let through cannot count their failure before the others decide.
func TestLoginLimitIsAtomic(t *testing.T) {
	servers(t, func(t *testing.T, s *synctest.Server) {
		s.AddUser(t, "Sam", "sam@x.test", "requester")
		const attempts = 30
		var mu sync.Mutex
		cond := sync.NewCond(&mu)
		checks, refused := 0, 0
		server.SetPasswordCheck(s.Server, func(hash, pw []byte) error {
			mu.Lock()
			checks++
			cond.Broadcast()
			for checks+refused < attempts {
				cond.Wait()
			}
			mu.Unlock()
			return bcrypt.CompareHashAndPassword(hash, pw)
		})
		var wg sync.WaitGroup
		errs := make([]error, attempts)
		for i := range attempts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := s.Login(context.Background(), &protocol.LoginRequest{Email: "sam@x.test", Password: "wrong password", DeviceID: "d"}, "10.0.0.1")
				errs[i] = err
				if errors.Is(err, server.ErrRateLimited) {
					mu.Lock()
					refused++
					cond.Broadcast()
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if checks != s.LoginMax || refused != attempts-s.LoginMax {
			t.Errorf("got %d password checks and %d refusals, want %d and %d", checks, refused, s.LoginMax, attempts-s.LoginMax)
		}
		for _, err := range errs {
			if !errors.Is(err, server.ErrRateLimited) && !errors.Is(err, server.ErrUnauthorized) {
				t.Errorf("unexpected error: %v", err)
			}
		}
		// The right password is refused too until the window passes.
		_, err := s.Login(context.Background(), &protocol.LoginRequest{Email: "sam@x.test", Password: synctest.Password, DeviceID: "d"}, "10.0.0.1")
		if !errors.Is(err, server.ErrRateLimited) {
			t.Errorf("right password after the limit: got %v, want rate limited", err)
		}
	})
}

// TestLoginSuccessesDoNotLockAnAddress: successful logins from one address (an office behind
// NAT) never use up its allowance of failures.
func TestLoginSuccessesDoNotLockAnAddress(t *testing.T) {
	clock := synctest.NewClock()
	s := synctest.StartServer(t, "", clock.Now)
	s.AddUser(t, "Sam", "sam@x.test", "requester")
	for i := range 5*s.LoginMax + 1 {
		if _, err := s.Login(context.Background(), &protocol.LoginRequest{Email: "sam@x.test", Password: synctest.Password, DeviceID: "d"}, "10.0.0.1"); err != nil {
			t.Fatalf("login %d: %v", i, err)
		}
	}
}

// TestDummyHashCostsTheSame: an unknown email is checked against a hash of the same bcrypt
// cost as real accounts', so it takes as long as a wrong password for a known one.
func TestDummyHashCostsTheSame(t *testing.T) {
	st, err := store.Open(context.Background(), t.TempDir()+"/server.db")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	s := server.New(st, synctest.NewClock().Now)
	u, err := s.CreateUser(context.Background(), "Ann", "ann@x.test", "agent", synctest.Password)
	if err != nil {
		t.Fatal(err)
	}
	real, err := bcrypt.Cost([]byte(u.PasswordHash))
	if err != nil {
		t.Fatal(err)
	}
	dummy, err := bcrypt.Cost(server.DummyHash(s))
	if err != nil {
		t.Fatal(err)
	}
	if dummy != real || real != s.BcryptCost {
		t.Errorf("dummy hash cost %d, real hash cost %d, server cost %d: want all equal", dummy, real, s.BcryptCost)
	}
	_, err = s.Login(context.Background(), &protocol.LoginRequest{Email: "nobody@x.test", Password: "whatever1", DeviceID: "d"}, "10.0.0.1")
	if !errors.Is(err, server.ErrUnauthorized) {
		t.Errorf("unknown email: got %v, want unauthorized", err)
	}
}

// TestResetPasswordRevokesDevices: after reset-password every device of the user is signed
// out (a stolen laptop stops syncing); signing in with the new password works again.
func TestResetPasswordRevokesDevices(t *testing.T) {
	servers(t, func(t *testing.T, s *synctest.Server) {
		s.AddUser(t, "Sam", "sam@x.test", "requester")
		s.AddUser(t, "Ann", "ann@x.test", "agent")
		samTok, _ := login(t, s, "sam@x.test")
		annTok, _ := login(t, s, "ann@x.test")
		if err := s.ResetPassword(context.Background(), "Sam@X.test ", "a new password"); err != nil {
			t.Fatal(err)
		}
		if st, body := raw(t, s.URL, samTok, "GET", "/pull?after=0&limit=10", nil); st != 401 || code(body) != "unauthorized" {
			t.Errorf("sam's old token after reset: got %d %s, want 401 unauthorized", st, body)
		}
		if st, body := raw(t, s.URL, annTok, "GET", "/pull?after=0&limit=10", nil); st != 200 {
			t.Errorf("ann's token after sam's reset: got %d %s", st, body)
		}
		if _, err := s.Login(context.Background(), &protocol.LoginRequest{Email: "sam@x.test", Password: "a new password", DeviceID: "d9"}, "10.0.0.1"); err != nil {
			t.Errorf("login with the new password: %v", err)
		}
		if err := s.ResetPassword(context.Background(), "nobody@x.test", "a new password"); !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("reset for an unknown email: got %v, want not found", err)
		}
	})
}
