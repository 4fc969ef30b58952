package importer_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"outpost/domain/desk/desktest"
	"outpost/domain/fault"
	"outpost/domain/importer"
	"outpost/domain/people"
)

// FuzzImportMapping feeds any file and any mapping to the preview and the import: neither may
// panic, a refused file is a coded error, and a report adds up. Seeds are in
// testdata/fuzz/FuzzImportMapping and below.
//
//	go test ./domain/importer -run '^$' -fuzz FuzzImportMapping -fuzztime 30s
func FuzzImportMapping(f *testing.F) {
	f.Add([]byte(goodTickets), []byte(`{"kind":"ticket","columns":{"Short description":"title","Caller":"requesterId","State":"state","Priority":"priority"}}`), true)
	f.Add([]byte(badRows), []byte(`{"kind":"ticket","columns":{}}`), false)
	f.Add([]byte("Name;Class;Purchased\nPC;hw;31/12/2024\n"), []byte(`{"kind":"asset","columns":{"Name":"name","Class":"class","Purchased":"purchaseDate"},"dateFormats":["02/01/2006"]}`), true)
	f.Add([]byte("\xEF\xBB\xBFName\tEmail\nPat\tpat@example.com\n"), []byte(`{"kind":"person","delimiter":"\t","columns":{"Name":"name","Email":"email"}}`), true)
	f.Add([]byte("a,\"b\nc"), []byte(`{"kind":"ticket","columns":{"a":"title"},"values":{"state":{"x":"y"}},"defaults":{"type":"request"}}`), false)
	ctx := context.Background()
	d, owner := desktest.Open(f, time.Now)
	if _, err := d.CreatePerson(ctx, owner, people.User{Name: "Rita Requester", Email: "rita@example.com", Role: people.Requester}); err != nil {
		f.Fatal(err)
	}
	lim := importer.Limits{MaxLine: 4 << 10, MaxRow: 16 << 10, MaxRows: 200}
	f.Fuzz(func(t *testing.T, file, mapping []byte, skip bool) {
		var m importer.Mapping
		if json.Unmarshal(mapping, &m) != nil {
			// Not JSON: the mapping the screen would guess, for the kind the first byte picks,
			// so every input reaches the import.
			kinds := []importer.Kind{importer.Tickets, importer.Assets, importer.People}
			m = importer.Mapping{Kind: kinds[0]}
			if len(mapping) > 0 {
				m.Kind = kinds[int(mapping[0])%len(kinds)]
			}
			if pv, err := importer.Peek(bytes.NewReader(file), m, lim); err == nil {
				m = pv.Mapping
			}
		}
		if _, err := importer.Peek(bytes.NewReader(file), m, lim); err != nil {
			checkCoded(t, err)
		}
		rep, err := importer.Run(ctx, d, owner, bytes.NewReader(file), m, importer.Options{SkipRefused: skip, Limits: lim})
		if err != nil {
			checkCoded(t, err)
		}
		if rep != nil {
			if rep.Accepted+rep.RefusedRows != rep.Rows || len(rep.Refused) != min(rep.RefusedRows, importer.MaxRefusals) {
				t.Fatalf("the report does not add up: %+v", rep)
			}
			if rep.Written && (rep.Imported == 0 || (rep.RefusedRows > 0 && !skip)) {
				t.Fatalf("wrote what it should not have: %+v", rep)
			}
		}
	})
}

// checkCoded fails unless err is a refusal the UI can show: an import error, a validation
// or a role's refusal — never an internal failure.
func checkCoded(t *testing.T, err error) {
	t.Helper()
	var ie *importer.Error
	if errors.As(err, &ie) {
		if ie.Code == "" || ie.Message == "" {
			t.Fatalf("an import error without code or message: %#v", ie)
		}
		return
	}
	if c := fault.Code(err); c == fault.CodeInternal {
		t.Fatalf("an internal error: %v", err)
	}
}
