package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"outpost/sync/server/store"
)

// TestOutputEscapesControlCharacters: a device name (chosen by whoever signs in) with a
// newline, a tab, ANSI escapes or a bidi override cannot forge rows of list-devices nor send
// escape codes to the admin's terminal; neither can an argument echoed back in an error.
func TestOutputEscapesControlCharacters(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the server as a process")
	}
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "server.db")
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CreateUser(ctx, store.User{ID: "u1", Name: "Ann", Email: "ann@x.test", Role: "agent", Active: true, PasswordHash: "h"}); err != nil {
		t.Fatal(err)
	}
	evil := "laptop\nd-forged\tu1\tforged\t0\t-\tfalse\x1b[2J\x1b]0;title\x07\u202etxt.exe\x9b31m\\n\xff"
	if _, err := st.PutDevice(ctx, store.Device{ID: "d1", UserID: "u1", Name: evil, TokenHash: "t1", CreatedAt: 1}); err != nil {
		t.Fatal(err)
	}
	_ = st.Close()
	out, err := command("list-devices", "--db", db).Output()
	if err != nil {
		t.Fatalf("list-devices: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != 2 {
		t.Errorf("got %d lines, want the header and one row:\n%s", len(lines), out)
	}
	want := `laptop\nd-forged\tu1\tforged\t0\t-\tfalse\x1b[2J\x1b]0;title\a\u202etxt.exe\x9b31m\\n\xff`
	if !strings.Contains(string(out), want) {
		t.Errorf("the name is not shown escaped: got\n%q\nwant it to contain\n%q", out, want)
	}
	assertPrintable(t, out)

	out, err = command("revoke-device", "--db", db, "--id", "x\x1b[31mred\nrow").CombinedOutput()
	if err == nil {
		t.Fatal("revoking an unknown device succeeded")
	}
	if !strings.Contains(string(out), `x\x1b[31mred\nrow`) {
		t.Errorf("error output: got %q, want the id escaped", out)
	}
	assertPrintable(t, out)
}

// assertPrintable fails on any control character but the newline that ends a line.
func assertPrintable(t *testing.T, out []byte) {
	t.Helper()
	for _, r := range strings.ReplaceAll(string(out), "\n", "") {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u202e' || r == '\ufffd' {
			t.Errorf("output holds %U: %q", r, out)
			return
		}
	}
}

// TestFlagErrorsEscaped: the flag package's own message echoes an unknown flag's name.
func TestFlagErrorsEscaped(t *testing.T) {
	out, _ := command("list-devices", "--x\x1b[2Jy").CombinedOutput()
	if !strings.Contains(string(out), `x\x1b[2Jy`) {
		t.Errorf("got %q, want the flag's name escaped", out)
	}
	assertPrintable(t, []byte(strings.ReplaceAll(string(out), "\t", "")))
}
