package app

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"time"

	"outpost/domain/ticket"
	"outpost/domain/view"
)

// Boot is what the first screen needs, written into index.html as a JSON data block (never
// executed: the page's CSP allows no inline script) so the page renders its final first
// screen in its first pass instead of asking Go for it one round trip after another: the
// sign-in state (or that the sign-in screen is needed), the signed-in person, the reference
// data the shell needs, the person's saved views (the sidebar lists them), the sync state and
// the unread notifications (the top bar's indicator and badge), and the first page of the
// queue the desk opens on. The shell's other answers (counts, the queue's total) are asked
// once the first screen is painted. Each part is what the bound method of the same name
// returns; a part whose method failed is left out, and the page asks for it as it always did.
type Boot struct {
	// At is when Go read the data (Unix ms, the wall clock): the page's query cache takes it
	// as the answers' time, so they go stale and are asked again as any other answer.
	At        int64        `json:"at"`
	SignIn    *SignInState `json:"signIn"`
	Me        *Me          `json:"me,omitempty"`
	Reference *Reference   `json:"reference,omitempty"`
	// Views is null when not read (the sign-in screen, an error), [] when the person has none.
	Views  []view.View `json:"views"`
	Sync   *SyncStatus `json:"sync,omitempty"`
	Unread *int64      `json:"unread,omitempty"`
	Queue  *BootQueue  `json:"queue,omitempty"`
}

// BootQueue is the first page of the queue a staff member's desk opens on (its total only when
// the page holds the whole queue, else -1), and the query Go ran for it: the page uses it only
// when its own first query is the same.
type BootQueue struct {
	Query ticket.Query `json:"query"`
	Page  *Page        `json:"page"`
}

// bootPageSize is the queue's page size (PAGE_SIZE in frontend/src/api/tickets.ts).
const bootPageSize = 50

// bootWait bounds how long the page's request waits for the profile to open; past it the page
// is served without its data and asks for it.
const bootWait = 10 * time.Second

// bootQuery is the query of the queue a desk with these views and departments opens on: All
// open, ordered by priority, narrowed to the person's department when they work in exactly
// one (as App.tsx and QueueView.tsx choose on the page). ok is false when the desk does not
// open on a queue (a requester's opens on their requests).
func bootQuery(views []ViewDTO, myDepartments []string) (q ticket.Query, ok bool) {
	if !slices.ContainsFunc(views, func(v ViewDTO) bool { return v.ID == "all_open" }) {
		return ticket.Query{}, false
	}
	q = ticket.Query{View: "all_open", States: []string{}, Priorities: []int{}, Filters: []ticket.Filter{},
		Sort: "priority", Limit: bootPageSize}
	if len(myDepartments) == 1 {
		q.DepartmentID = myDepartments[0]
	}
	return q, true
}

// readBoot reads the first screen's data now, through the bound methods themselves (the same
// checks of who may see what).
func (a *App) readBoot() *Boot {
	s := &Session{app: a}
	b := &Boot{At: time.Now().UnixMilli()}
	st, err := s.SignInState()
	if err != nil {
		return b
	}
	b.SignIn = st
	if !st.SignedIn || st.Locked {
		return b // the sign-in screen or the lock: nothing of the desk is shown yet
	}
	if b.Me, err = s.Me(); err != nil {
		b.Me = nil
	}
	if b.Reference, err = s.Reference(); err != nil {
		b.Reference = nil
		return b
	}
	if views, err := (&Views{app: a}).List(); err == nil {
		b.Views = append([]view.View{}, views...) // [] rather than null: none, not unknown
	}
	if st, err := (&Sync{app: a}).Status(); err == nil {
		b.Sync = st
	}
	if n, err := (&SLA{app: a}).UnreadCount(); err == nil {
		b.Unread = &n
	}
	if q, ok := bootQuery(b.Reference.Views, b.Reference.MyDepartments); ok {
		// Uncounted (Total -1) unless the first page holds the whole queue: counting the open
		// tickets is the one part of start-up that grows with the profile (a walk of every
		// open ticket's index entry: 85–125 ms of CPU for the 400k open of a 1M profile,
		// cold, while the window is being created on a 2-core machine). The page shows the
		// first rows at once and asks for the total right after (boot.ts).
		if p, err := (&Tickets{app: a}).Queue(q, false); err == nil {
			b.Queue = &BootQueue{Query: q, Page: p}
		}
	}
	return b
}

// bootJSON is the boot data as JSON safe inside a script element: encoding/json writes <, >
// and & as \u003c, \u003e and \u0026, so no user text (a ticket titled "</script>") can end
// the element or open a comment.
func bootJSON(b *Boot) ([]byte, error) {
	return json.Marshal(b)
}

// prepareBoot reads the boot data once the profile is open, while the window is still being
// created (the page is requested a second or more later), so the first page load does not
// wait for it. What it read is used only if nothing changed since: any change the app
// announces to the page (a sweep, a sync, a lock) counts.
func (a *App) prepareBoot() {
	defer close(a.boot.ready)
	gen := a.boot.changes.Load()
	data, err := bootJSON(a.readBoot())
	if err != nil {
		slog.Error("boot data", "err", err)
		return
	}
	a.boot.mu.Lock()
	a.boot.prepared, a.boot.gen = data, gen
	a.boot.mu.Unlock()
}

// bootFor returns the boot data for a page load: the prepared data for the first load when
// nothing changed since it was read, else read now. A page loaded again (a reload) always
// reads it anew. nil when the profile did not open in time.
func (a *App) bootFor() []byte {
	select {
	case <-a.boot.ready:
	case <-time.After(bootWait):
		return nil
	}
	a.boot.mu.Lock()
	data, gen := a.boot.prepared, a.boot.gen
	a.boot.prepared = nil
	a.boot.mu.Unlock()
	if data != nil && gen == a.boot.changes.Load() {
		return data
	}
	if a.current() == nil {
		return nil
	}
	data, err := bootJSON(a.readBoot())
	if err != nil {
		slog.Error("boot data", "err", err)
		return nil
	}
	return data
}

// injectBoot writes data as <script type="application/json" id="boot"> just before the
// page's </head>; a page without a head is returned as it was.
func injectBoot(page, data []byte) []byte {
	i := bytes.Index(bytes.ToLower(page), []byte("</head>"))
	if i < 0 || data == nil {
		return page
	}
	var out bytes.Buffer
	out.Grow(len(page) + len(data) + 64)
	out.Write(page[:i])
	out.WriteString(`<script type="application/json" id="boot">`)
	out.Write(data)
	out.WriteString("</script>")
	out.Write(page[i:])
	return out.Bytes()
}

// BootMiddleware serves index.html with the boot data in it (a Wails AssetServer middleware).
// The page is never cached: each load carries the data of its own moment.
func (a *App) BootMiddleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || (r.URL.Path != "/" && r.URL.Path != "" && r.URL.Path != "/index.html") {
			next.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		res := rec.Result()
		body := rec.Body.Bytes()
		if res.StatusCode == http.StatusOK && bytes.HasPrefix([]byte(res.Header.Get("Content-Type")), []byte("text/html")) {
			body = injectBoot(body, a.bootFor())
		}
		for k, v := range res.Header {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(res.StatusCode)
		_, _ = w.Write(body)
	})
}
