package servicenow

import (
	"bytes"
	"errors"
	"os"
	"testing"
)

// FuzzParse: whatever the bytes, the reader returns rows or a RowError, and never panics.
func FuzzParse(f *testing.F) {
	sample, err := os.ReadFile("testdata/sample.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(sample)
	f.Add(bytes.ReplaceAll(sample, []byte(","), []byte(";")))
	f.Add(sample[:len(sample)/2])
	f.Add([]byte{0xFD, '7', 'z', 'X', 'Z', 0x00, 1, 2, 3})
	f.Fuzz(func(t *testing.T, data []byte) {
		incs, rows, err := parse(bytes.NewReader(data), nil)
		var re *RowError
		if err != nil && !errors.As(err, &re) {
			t.Fatalf("error %v is not a RowError", err)
		}
		if err == nil && (rows == 0 || len(incs) == 0) {
			t.Fatalf("no error and no rows")
		}
	})
}
