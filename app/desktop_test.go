package app

import (
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"testing"

	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/ticket"
)

// fakeDesktop stands in for the system browser and the native save dialog, which need a
// person at a real desktop; it records what the app asked of them.
type fakeDesktop struct {
	opened    []string
	asked     []SaveRequest
	answer    string // the path the person picks ("" cancels)
	confirmed bool   // the dialog itself asked before choosing an existing file
	printed   int    // how many times the print dialog was asked for
}

func (f *fakeDesktop) Print(context.Context) error {
	f.printed++
	return nil
}

func (f *fakeDesktop) OpenURL(_ context.Context, url string) error {
	f.opened = append(f.opened, url)
	return nil
}

func (f *fakeDesktop) SaveFileDialog(_ context.Context, r SaveRequest) (string, bool, error) {
	f.asked = append(f.asked, r)
	return f.answer, f.confirmed, nil
}

func openAppOn(t *testing.T, desktop Desktop) *App {
	t.Helper()
	a := New(Options{ProfilePath: filepath.Join(t.TempDir(), "p.outpost"), Desktop: desktop})
	if err := a.open(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Shutdown(context.Background()) })
	return a
}

func TestOpenLink(t *testing.T) {
	fake := &fakeDesktop{}
	links := NewLinks(openAppOn(t, fake))
	for _, u := range []string{"https://example.com/kb/42?q=a%20b#top", "http://intranet.local:8080/", "mailto:help@example.com"} {
		if err := links.Open(u); err != nil {
			t.Errorf("open %s: %v", u, err)
		}
	}
	want := []string{"https://example.com/kb/42?q=a%20b#top", "http://intranet.local:8080/", "mailto:help@example.com"}
	if len(fake.opened) != len(want) {
		t.Fatalf("opened %q, want %q", fake.opened, want)
	}
	for i := range want {
		if fake.opened[i] != want[i] {
			t.Errorf("opened %q, want %q", fake.opened[i], want[i])
		}
	}
	for _, u := range []string{"javascript:alert(1)", "file:///etc/passwd", "data:text/html,<b>x</b>", "wails://wails/", "https://", "/relative",
		"", "https://exa mple.com/", "vbscript:x", "http://example.com/\nSet-Cookie"} {
		err := links.Open(u)
		if fault.Fields(err)["url"] == "" {
			t.Errorf("open %q: got %v, want a message on url", u, err)
		}
	}
	if len(fake.opened) != len(want) {
		t.Errorf("refused links reached the browser: %q", fake.opened[len(want):])
	}
}

func TestSaveAttachment(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	fake := &fakeDesktop{}
	a := openAppOn(t, fake)
	tickets := NewTickets(a)
	tk, err := tickets.Create(ticket.Draft{Type: ticket.Incident, Title: "Router", Impact: 2, Urgency: 2})
	if err != nil {
		t.Fatal(err)
	}
	d, err := tickets.Attach(tk.ID, "router.conf", base64.StdEncoding.EncodeToString([]byte("hostname r1")), false)
	if err != nil {
		t.Fatal(err)
	}
	var id string
	for _, ev := range d.Timeline {
		if ev.Attachment != nil {
			id = ev.Attachment.ID
		}
	}

	t.Run("cancel writes nothing", func(t *testing.T) {
		fake.answer = ""
		got, err := tickets.SaveAttachment(id)
		if err != nil || !got.Canceled {
			t.Fatalf("got %+v, %v; want canceled", got, err)
		}
		if r := fake.asked[0]; r.DefaultDirectory != home || r.DefaultFilename != "router.conf" {
			t.Errorf("without ~/Downloads the dialog got %+v, want home and the file's name", r)
		}
	})
	downloads := filepath.Join(home, "Downloads")
	if err := os.Mkdir(downloads, 0o755); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(downloads, "router.conf")
	t.Run("a new file is written and named", func(t *testing.T) {
		fake.answer = dest
		got, err := tickets.SaveAttachment(id)
		if err != nil || got.Path != dest || got.Exists {
			t.Fatalf("got %+v, %v; want saved to %s", got, err, dest)
		}
		if r := fake.asked[len(fake.asked)-1]; r.DefaultDirectory != downloads {
			t.Errorf("dialog started in %s, want %s", r.DefaultDirectory, downloads)
		}
		if b, _ := os.ReadFile(dest); string(b) != "hostname r1" {
			t.Errorf("file holds %q", b)
		}
	})
	t.Run("an existing file is not replaced without a yes", func(t *testing.T) {
		if err := os.WriteFile(dest, []byte("my own edits"), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := tickets.SaveAttachment(id)
		if err != nil || !got.Exists || got.Path != dest {
			t.Fatalf("got %+v, %v; want exists at %s", got, err, dest)
		}
		if b, _ := os.ReadFile(dest); string(b) != "my own edits" {
			t.Fatalf("the existing file was overwritten: %q", b)
		}
		got, err = tickets.ReplaceWithAttachment(id)
		if err != nil || got.Path != dest {
			t.Fatalf("replace: %+v, %v", got, err)
		}
		if b, _ := os.ReadFile(dest); string(b) != "hostname r1" {
			t.Errorf("after replacing the file holds %q", b)
		}
		if _, err := tickets.ReplaceWithAttachment(id); fault.Code(err) != fault.CodeNotFound {
			t.Errorf("a second replace without a dialog: got %v, want not_found", err)
		}
	})
	t.Run("a dialog that asked itself replaces", func(t *testing.T) {
		if err := os.WriteFile(dest, []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
		fake.confirmed = true
		defer func() { fake.confirmed = false }()
		got, err := tickets.SaveAttachment(id)
		if err != nil || got.Exists || got.Path != dest {
			t.Fatalf("got %+v, %v", got, err)
		}
		if b, _ := os.ReadFile(dest); string(b) != "hostname r1" {
			t.Errorf("file holds %q", b)
		}
	})
	t.Run("a requester gets no dialog for an internal file", func(t *testing.T) {
		d, err := tickets.Attach(tk.ID, "secret.txt", base64.StdEncoding.EncodeToString([]byte("s3cret")), true)
		if err != nil {
			t.Fatal(err)
		}
		var secret string
		for _, ev := range d.Timeline {
			if ev.Attachment != nil && ev.Attachment.Internal {
				secret = ev.Attachment.ID
			}
		}
		s := NewSession(a)
		u, err := s.CreateUser(people.User{Name: "Rae Requester", Email: "rae@example.com", Role: people.Requester})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SwitchUser(u.ID, ""); err != nil {
			t.Fatal(err)
		}
		n := len(fake.asked)
		if _, err := tickets.SaveAttachment(secret); fault.Code(err) != fault.CodeNotFound {
			t.Errorf("got %v, want not_found", err)
		}
		if len(fake.asked) != n {
			t.Error("the dialog opened for a file the requester may not read")
		}
	})
}

func TestDraftFacade(t *testing.T) {
	a := openAppOn(t, &fakeDesktop{})
	tickets := NewTickets(a)
	tk, err := tickets.Create(ticket.Draft{Type: ticket.Incident, Title: "Mail", Impact: 2, Urgency: 2})
	if err != nil {
		t.Fatal(err)
	}
	if err := tickets.SaveDraft(tk.ID, "note", "checked the MX"); err != nil {
		t.Fatal(err)
	}
	if err := tickets.SaveDraft(tk.ID, "reply", "Hello"); err != nil {
		t.Fatal(err)
	}
	if err := tickets.SaveDraft("no-such-ticket", "note", "x"); fault.Code(err) != fault.CodeNotFound {
		t.Errorf("draft on a missing ticket: got %v, want not_found", err)
	}
	if _, err := tickets.Comment(tk.ID, "note", "checked the MX", 0); err != nil {
		t.Fatal(err)
	}
	got, err := tickets.Drafts(tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got["reply"] != "Hello" {
		t.Errorf("after sending the note: got %q, want only the reply draft", got)
	}
}

func TestPrint(t *testing.T) {
	fake := &fakeDesktop{}
	if err := NewSession(openAppOn(t, fake)).Print(); err != nil {
		t.Fatalf("print: %v", err)
	}
	if fake.printed != 1 {
		t.Errorf("print dialogs asked for: got %d, want 1", fake.printed)
	}

	// Without a Wails window (a test, the CLI) the real desktop refuses instead of stopping
	// the process, as Wails' runtime does on a context that has no frontend.
	err := NewSession(openAppOn(t, nil)).Print()
	if got := fault.Fields(err)["print"]; got == "" {
		t.Errorf("print without a window: got %v, want a field error on print", err)
	}
}
