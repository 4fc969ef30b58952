package synctest

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math/rand"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Fault is one way the proxy misbehaves for one request.
type Fault string

// The faults a Proxy injects. Each works on the wire: the client sees exactly what a real
// bad network or a dying load balancer would show it.
const (
	// LostRequest closes the client's connection before the request reaches the server.
	LostRequest Fault = "lost_request"
	// LostResponse forwards the request, lets the server answer (and commit), then closes
	// the client's connection without a byte of the answer.
	LostResponse Fault = "lost_response"
	// Truncated forwards the request and returns the answer's status and headers, its
	// Content-Length kept, then closes the connection half-way through the body.
	Truncated Fault = "truncated"
	// Duplicate sends the request to the server twice and returns the second answer.
	Duplicate Fault = "duplicate"
	// StalePage answers a pull with the last pull page the proxy passed on (a reordered,
	// duplicated page); other requests pass.
	StalePage Fault = "stale_page"
)

// AllFaults is every fault kind, for random injection.
var AllFaults = []Fault{LostRequest, LostResponse, Truncated, Duplicate, StalePage}

// Proxy is a TCP proxy in front of a server that parses each HTTP/1.1 request and response
// so it can misbehave per request: from a seed it loses requests or responses, truncates
// bodies, duplicates requests and replays stale pull pages. Point a client at URL.
type Proxy struct {
	URL    string
	target string
	ln     net.Listener

	mu      sync.Mutex
	rng     *rand.Rand
	on      bool
	percent int
	kinds   []Fault
	queue   []planned
	stale   []byte
	counts  map[Fault]int
	// Requests counts what the server received through the proxy, by "METHOD /path".
	requests map[string]int
	conns    map[net.Conn]bool
	closed   bool
	wg       sync.WaitGroup
}

type planned struct {
	fault Fault
	match string // a substring of "METHOD /path"
}

// NewProxy starts a proxy in front of the server at targetURL (http://host:port), failing
// percent% of requests with a fault drawn from kinds (AllFaults if none). It stops when the
// test ends.
func NewProxy(t testing.TB, targetURL string, seed int64, percent int, kinds ...Fault) *Proxy {
	t.Helper()
	if len(kinds) == 0 {
		kinds = AllFaults
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &Proxy{URL: "http://" + ln.Addr().String(), target: strings.TrimPrefix(targetURL, "http://"), ln: ln,
		rng: rand.New(rand.NewSource(seed)), on: true, percent: percent, kinds: kinds,
		counts: map[Fault]int{}, requests: map[string]int{}, conns: map[net.Conn]bool{}}
	p.wg.Add(1)
	go p.accept()
	t.Cleanup(p.Close)
	return p
}

// Set turns random faults on or off (planned ones still fire).
func (p *Proxy) Set(on bool) {
	p.mu.Lock()
	p.on = on
	p.mu.Unlock()
}

// Plan makes the next request whose "METHOD /path" contains match suffer f, whatever the
// random faults say. Plans fire in order; a stale page waits until a page has passed.
func (p *Proxy) Plan(f Fault, match string) {
	p.mu.Lock()
	p.queue = append(p.queue, planned{fault: f, match: match})
	p.mu.Unlock()
}

// Planned is how many plans have not fired yet.
func (p *Proxy) Planned() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.queue)
}

// Counts is how often each fault fired.
func (p *Proxy) Counts() map[string]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := map[string]int{}
	for k, v := range p.counts {
		out[string(k)] = v
	}
	return out
}

// Received is how many times the server received requests matching "METHOD /path" exactly
// (a duplicated request counts twice).
func (p *Proxy) Received(key string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.requests[key]
}

// Close stops accepting and closes every open connection.
func (p *Proxy) Close() {
	_ = p.ln.Close()
	p.mu.Lock()
	p.closed = true
	for c := range p.conns {
		_ = c.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
}

func (p *Proxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		if p.closed {
			p.mu.Unlock()
			_ = c.Close()
			return
		}
		p.conns[c] = true
		p.mu.Unlock()
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			p.serve(c)
			_ = c.Close()
			p.mu.Lock()
			delete(p.conns, c)
			p.mu.Unlock()
		}()
	}
}

// decide picks the fault for one request ("" for none).
func (p *Proxy) decide(key string) Fault {
	p.mu.Lock()
	defer p.mu.Unlock()
	var f Fault
	for i, pl := range p.queue {
		if strings.Contains(key, pl.match) && (pl.fault != StalePage || p.stale != nil) {
			f = pl.fault
			p.queue = append(p.queue[:i], p.queue[i+1:]...)
			break
		}
	}
	// The dice are rolled for every request, so a seed gives the same faults whether or
	// not a plan fired.
	roll, kind := p.rng.Intn(100), p.kinds[p.rng.Intn(len(p.kinds))]
	if f == "" && p.on && roll < p.percent {
		f = kind
	}
	if f == StalePage && (p.stale == nil || !isPull(key)) {
		f = ""
	}
	if f != "" {
		p.counts[f]++
	}
	return f
}

func isPull(key string) bool {
	return strings.HasPrefix(key, "GET ") && strings.HasSuffix(key, "/pull")
}

// serve handles one client connection, request by request, until either side closes it or
// a fault closes it on purpose.
func (p *Proxy) serve(c net.Conn) {
	br := bufio.NewReader(c)
	up := &upstream{addr: p.target}
	defer up.close()
	for {
		req, err := http.ReadRequest(br)
		if err != nil {
			return
		}
		body, err := io.ReadAll(req.Body)
		_ = req.Body.Close()
		if err != nil {
			return
		}
		key := req.Method + " " + req.URL.Path
		f := p.decide(key)
		switch f {
		case LostRequest:
			return
		case StalePage:
			p.mu.Lock()
			stale := p.stale
			p.mu.Unlock()
			if writeResponse(c, http.StatusOK, http.Header{"Content-Type": {"application/json"}}, stale, len(stale)) != nil {
				return
			}
			continue
		case Duplicate:
			if _, _, _, err := p.forward(up, req, body); err != nil {
				return
			}
		}
		status, header, respBody, err := p.forward(up, req, body)
		if err != nil {
			return
		}
		if isPull(key) && status == http.StatusOK && f == "" {
			p.mu.Lock()
			p.stale = respBody
			p.mu.Unlock()
		}
		switch f {
		case LostResponse:
			return
		case Truncated:
			_ = writeResponse(c, status, header, respBody[:len(respBody)/2], len(respBody))
			return
		}
		if writeResponse(c, status, header, respBody, len(respBody)) != nil || req.Close {
			return
		}
	}
}

// upstream is the proxy's connection to the server for one client connection, dialled on
// first use and again after the server closed it.
type upstream struct {
	addr string
	conn net.Conn
	br   *bufio.Reader
}

func (u *upstream) close() {
	if u.conn != nil {
		_ = u.conn.Close()
		u.conn = nil
	}
}

// forward sends one request to the server and reads its whole answer.
func (p *Proxy) forward(up *upstream, req *http.Request, body []byte) (int, http.Header, []byte, error) {
	if up.conn == nil {
		conn, err := net.Dial("tcp", up.addr)
		if err != nil {
			return 0, nil, nil, err
		}
		up.conn, up.br = conn, bufio.NewReader(conn)
	}
	out := &http.Request{Method: req.Method, URL: req.URL, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: req.Header.Clone(), Host: req.Host, ContentLength: int64(len(body))}
	if len(body) > 0 {
		out.Body = io.NopCloser(bytes.NewReader(body))
	}
	fail := func(err error) (int, http.Header, []byte, error) {
		up.close()
		return 0, nil, nil, err
	}
	if err := out.Write(up.conn); err != nil {
		return fail(err)
	}
	p.mu.Lock()
	p.requests[req.Method+" "+req.URL.Path]++
	p.mu.Unlock()
	resp, err := http.ReadResponse(up.br, out)
	if err != nil {
		return fail(err)
	}
	b, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return fail(err)
	}
	if resp.Close {
		up.close()
	}
	return resp.StatusCode, resp.Header, b, nil
}

// writeResponse writes a status line, the headers with Content-Length set to length, and
// body (which may be shorter than length: a truncated answer).
func writeResponse(w io.Writer, status int, header http.Header, body []byte, length int) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "HTTP/1.1 %d %s\r\n", status, http.StatusText(status))
	h := header.Clone()
	h.Del("Transfer-Encoding")
	h.Del("Connection")
	h.Set("Content-Length", strconv.Itoa(length))
	if err := h.Write(bw); err != nil {
		return err
	}
	if _, err := bw.WriteString("\r\n"); err != nil {
		return err
	}
	if _, err := bw.Write(body); err != nil {
		return err
	}
	return bw.Flush()
}
