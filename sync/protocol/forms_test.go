package protocol

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// TestFormsMatchPatterns: the byte-by-byte checks accept exactly what the patterns they
// replaced accept, on edge cases and on random strings over the bytes that matter.
func TestFormsMatchPatterns(t *testing.T) {
	forms := []struct {
		name    string
		pattern *regexp.Regexp
		check   func(string) bool
	}{
		{"id", regexp.MustCompile(`^[0-9a-fA-F-]{1,64}$`), isID},
		{"name", regexp.MustCompile(`^[a-z_]{1,40}$`), isName},
		{"field", regexp.MustCompile(`^[A-Za-z_]{0,60}$`), isField},
		{"key", regexp.MustCompile(`^[\x21-\x7e]{1,200}$`), isKey},
	}
	cases := []string{"", "a", "A", "_", "-", "0190a1b2-0000-7000-8000-0000000000a1", "../etc", "ticket", "Ticket",
		"title", "sla_level", "a b", "a\n", "\na", "a\x00", "é", "a\xff", "\x7f", "~", "!", " ",
		strings.Repeat("a", 40), strings.Repeat("a", 41), strings.Repeat("a", 60), strings.Repeat("a", 61),
		strings.Repeat("f", 64), strings.Repeat("f", 65), strings.Repeat("k", 200), strings.Repeat("k", 201)}
	const alphabet = "09afAFgzGZ_-~ !\x20\x21\x7e\x7f\x00\n\xc3\xa9\xff"
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		b := make([]byte, r.IntN(70))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		cases = append(cases, string(b))
	}
	for _, f := range forms {
		for _, c := range cases {
			if got, want := f.check(c), f.pattern.MatchString(c); got != want {
				t.Errorf("%s(%q) = %v, the pattern says %v", f.name, c, got, want)
			}
		}
	}
}
