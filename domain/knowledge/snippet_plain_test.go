package knowledge

import "testing"

// TestPlainOpenings: a list's snippet is the body's opening words as text, without the
// markdown marks a reader would see as noise.
func TestPlainOpenings(t *testing.T) {
	hits := plainOpenings([]Hit{{Snippet: "## Before you start\n\nMake sure **Payroll** is closed. ## Steps"}})
	if got, want := hits[0].Snippet, "Before you start Make sure Payroll is closed. Steps"; got != want {
		t.Fatalf("snippet = %q, want %q", got, want)
	}
}
