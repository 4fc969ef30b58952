package server_test

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"testing"

	"outpost/domain/ticket"
	"outpost/sync/server/store/pgtest"
	"outpost/sync/synctest"
)

// TestTwoInstancesOnePostgres: two server instances share one PostgreSQL database; desks
// sync through either, concurrently, and all end equal to it with an unbroken sequence.
func TestTwoInstancesOnePostgres(t *testing.T) {
	dsn := pgtest.DB(t)
	clock := synctest.NewClock()
	s1 := synctest.StartServer(t, dsn, clock.Now)
	s2 := synctest.StartServer(t, dsn, clock.Now)
	var ids []string
	for i := 0; i < 4; i++ {
		ids = append(ids, s1.AddUser(t, fmt.Sprint("Agent ", i), fmt.Sprintf("a%d@x.test", i), "agent").ID)
	}
	s1.AddGroup(t, "g", "Desk", ids...)
	var reps []*synctest.Replica
	for i := 0; i < 4; i++ {
		srv := []*synctest.Server{s1, s2}[i%2]
		reps = append(reps, synctest.NewReplica(t, srv, fmt.Sprintf("a%d@x.test", i), synctest.NewClock()))
	}
	ctx := context.Background()
	seed, err := reps[0].Desk.Tickets.Create(ctx, reps[0].Actor, ticket.Draft{Type: ticket.Incident, Title: "shared", Impact: 2, Urgency: 2})
	if err != nil {
		t.Fatal(err)
	}
	reps[0].Sync(t)
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for i, r := range reps {
		wg.Add(1)
		go func(i int, r *synctest.Replica) {
			defer wg.Done()
			for j := 0; j < 8; j++ {
				if _, err := r.Client.Sync(ctx); err != nil {
					errs <- err
					return
				}
				title := fmt.Sprintf("edit %d.%d", i, j)
				if _, err := r.Desk.Tickets.Get(ctx, r.Actor, seed.ID); err == nil {
					if _, err := r.Desk.Tickets.Update(ctx, r.Actor, seed.ID, ticket.Patch{Title: &title}); err != nil {
						errs <- err
						return
					}
				}
				if _, err := r.Desk.Tickets.Create(ctx, r.Actor, ticket.Draft{Type: ticket.Request, Title: title, Impact: 3, Urgency: 3}); err != nil {
					errs <- err
					return
				}
			}
		}(i, r)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for round := 0; round < 2; round++ {
		for _, r := range reps {
			r.Sync(t)
		}
	}
	want := s1.Dump(t)
	if !reflect.DeepEqual(want, s2.Dump(t)) {
		t.Fatal("the two instances disagree")
	}
	for i, r := range reps {
		if !reflect.DeepEqual(r.Dump(t), want) {
			t.Errorf("replica %d differs from the server", i)
		}
	}
	var maxSeq, n int64
	if err := s1.Store.DB.Raw(`SELECT COALESCE(MAX(seq), 0), COUNT(*) FROM changes`).Row().Scan(&maxSeq, &n); err != nil {
		t.Fatal(err)
	}
	if maxSeq != n || len(want["ticket"]) != 1+4*8 {
		t.Errorf("got %d changes up to seq %d and %d tickets; want an unbroken sequence and 33 tickets", n, maxSeq, len(want["ticket"]))
	}
}
