package synctest

import (
	"bytes"
	"errors"
	"io"
	"math/rand"
	"net/http"
	"strings"
	"sync"
)

// Faulty is an http.RoundTripper that misbehaves like a bad network, from a seed: requests
// lost before the server, responses lost after the server committed, duplicated requests,
// truncated bodies, and stale pull pages replayed out of order.
type Faulty struct {
	Base    http.RoundTripper
	mu      sync.Mutex
	rng     *rand.Rand
	on      bool
	Percent int // chance of a fault per request
	stale   []byte
	Counts  map[string]int
}

// NewFaulty returns a transport failing percent% of requests.
func NewFaulty(seed int64, percent int) *Faulty {
	return &Faulty{Base: http.DefaultTransport, rng: rand.New(rand.NewSource(seed)), on: true, Percent: percent, Counts: map[string]int{}}
}

// Set turns faults on or off.
func (f *Faulty) Set(on bool) {
	f.mu.Lock()
	f.on = on
	f.mu.Unlock()
}

var errInjected = errors.New("injected network fault")

// RoundTrip implements http.RoundTripper.
func (f *Faulty) RoundTrip(req *http.Request) (*http.Response, error) {
	f.mu.Lock()
	on := f.on
	roll := f.rng.Intn(100)
	kind := f.rng.Intn(5)
	stale := f.stale
	f.mu.Unlock()
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
		_ = req.Body.Close()
	}
	send := func() (*http.Response, error) {
		r := req.Clone(req.Context())
		if body != nil {
			r.Body = io.NopCloser(bytes.NewReader(body))
			r.ContentLength = int64(len(body))
		}
		return f.Base.RoundTrip(r)
	}
	isPull := req.Method == http.MethodGet && strings.Contains(req.URL.Path, "/pull")
	if !on || roll >= f.Percent {
		resp, err := send()
		if err == nil && isPull && resp.StatusCode == 200 {
			b, _ := io.ReadAll(resp.Body)
			_ = resp.Body.Close()
			resp.Body = io.NopCloser(bytes.NewReader(b))
			f.mu.Lock()
			f.stale = b
			f.mu.Unlock()
		}
		return resp, err
	}
	f.count([]string{"lost_request", "lost_response", "duplicate", "truncated", "stale_page"}[kind])
	switch kind {
	case 0:
		return nil, errInjected
	case 1:
		resp, err := send()
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
		}
		return nil, errInjected
	case 2:
		if resp, err := send(); err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
		}
		return send()
	case 3:
		resp, err := send()
		if err != nil {
			return nil, err
		}
		b, _ := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(b[:len(b)/2]))
		resp.ContentLength = -1
		resp.Header.Del("Content-Length")
		return resp, nil
	default:
		if !isPull || stale == nil {
			return send()
		}
		return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(bytes.NewReader(stale)), Request: req, ContentLength: int64(len(stale))}, nil
	}
}

func (f *Faulty) count(k string) {
	f.mu.Lock()
	f.Counts[k]++
	f.mu.Unlock()
}
