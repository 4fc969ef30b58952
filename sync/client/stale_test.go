package client_test

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"regexp"
	"strconv"
	"sync/atomic"
	"testing"

	"outpost/sync/client"
)

// skipAhead answers one pull with the page of a later cursor, as a cache or proxy that
// replays another request's answer would (with pages fetched ahead, the answer to a later
// cursor is in flight while an earlier page is applied).
type skipAhead struct {
	base http.RoundTripper
	done atomic.Bool
}

var afterParam = regexp.MustCompile(`after=(\d+)`)

func (s *skipAhead) RoundTrip(req *http.Request) (*http.Response, error) {
	if m := afterParam.FindStringSubmatch(req.URL.RawQuery); m != nil && !s.done.Load() {
		if n, _ := strconv.Atoi(m[1]); n > 0 {
			s.done.Store(true)
			req = req.Clone(req.Context())
			req.URL.RawQuery = afterParam.ReplaceAllString(req.URL.RawQuery, "after="+strconv.Itoa(n+3))
		}
	}
	return s.base.RoundTrip(req)
}

// TestPageForAnotherCursorIsRefused: a pull answered with a later cursor's page applies
// nothing (applying it would skip the changes between), and the next sync converges. (An
// earlier cursor's page is applied: TestStalePageThroughProxy.)
func TestPageForAnotherCursorIsRefused(t *testing.T) {
	s, a, b := setup(t)
	ctx := context.Background()
	a.Sync(t)
	for i := 0; i < 10; i++ {
		if _, err := a.Desk.Tickets.Create(ctx, a.Actor, draft("Printer jams on floor "+strconv.Itoa(i))); err != nil {
			t.Fatal(err)
		}
	}
	a.Sync(t)
	b.Client.PageSize = 2
	b.Client.HTTP = &http.Client{Transport: &skipAhead{base: http.DefaultTransport}}
	if _, err := b.Client.Sync(ctx); !errors.Is(err, client.ErrStalePage) {
		t.Errorf("sync through a page for another cursor: got %v, want ErrStalePage", err)
	}
	b.Sync(t)
	if !reflect.DeepEqual(b.Dump(t), s.Dump(t)) {
		t.Errorf("b differs from the server:\n%s", diff(b.Dump(t), s.Dump(t)))
	}
}
