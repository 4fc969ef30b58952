package servicenow_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/ulikunitz/xz"

	"outpost/domain/desk"
	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/servicenow"
	"outpost/domain/ticket"
)

// sample is seven real rows: INC0000045 from new to closed, and the first three rows of
// INC0000549, which leave it on hold awaiting the caller (still open).
func sample(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("testdata/sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestImportStillOpen(t *testing.T) {
	ctx := context.Background()
	d := openDesk(t)
	admin := owner(t, d)
	rep, err := servicenow.Import(ctx, d, admin, strings.NewReader(sample(t)), servicenow.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Incidents != 2 || rep.Rows != 7 || rep.Open != 1 {
		t.Fatalf("report %+v, want 2 incidents from 7 rows, 1 open", *rep)
	}
	var open struct {
		ID, State, HoldReason string
		Paused                bool
		Policy                *string
		ResolvedAt            *int64
	}
	if err := d.DB.Raw(`SELECT id, state, hold_reason, sla_paused AS paused, sla_policy_id AS policy, resolved_at
		FROM tickets WHERE number = 'INC0000549'`).Scan(&open).Error; err != nil {
		t.Fatal(err)
	}
	if open.State != "on_hold" || open.HoldReason != "awaiting_caller" || open.ResolvedAt != nil {
		t.Errorf("INC0000549: %+v, want on hold awaiting the caller", open)
	}
	if open.Policy == nil || !open.Paused {
		t.Errorf("INC0000549's SLA: policy %v, paused %v; want a policy, its clock paused on hold", open.Policy, open.Paused)
	}
	// The change log brings the ticket to its state as the desk itself would have: a create
	// (new) and the moves the state machine allows.
	var ops []struct{ Op, Value string }
	d.DB.Raw(`SELECT op, value FROM changes WHERE entity = 'ticket' AND record_id = ? ORDER BY seq`, open.ID).Scan(&ops)
	if len(ops) != 2 || ops[0].Op != "create" || ops[1].Op != "transition" || !strings.Contains(ops[1].Value, `"to":"on_hold"`) {
		t.Errorf("INC0000549's change log: %+v", ops)
	}
	var closedOps []string
	d.DB.Raw(`SELECT c.op || ':' || COALESCE(json_extract(c.value, '$.to'), '') FROM changes c JOIN tickets t ON t.id = c.record_id
		WHERE t.number = 'INC0000045' ORDER BY c.seq`).Scan(&closedOps)
	if strings.Join(closedOps, ",") != "create:,transition:resolved,transition:closed" {
		t.Errorf("INC0000045's change log: %v", closedOps)
	}
	// The people and groups it named are in the directory, logged so they sync.
	var caller people.User
	d.DB.Raw(`SELECT * FROM users WHERE name = 'Caller 2403'`).Scan(&caller)
	if caller.Role != people.Requester || caller.Email != "caller.2403@servicenow-uci.invalid" {
		t.Errorf("caller: %+v", caller)
	}
	var personOps int
	d.DB.Raw(`SELECT COUNT(*) FROM changes WHERE entity = ? AND op = 'create'`, people.EntityPerson).Scan(&personOps)
	if personOps != rep.People || rep.People == 0 {
		t.Errorf("%d person creates logged, %d people created", personOps, rep.People)
	}
	// A requester cannot import.
	_, err = servicenow.Import(ctx, d, people.Actor{ID: caller.ID, Role: people.Requester}, strings.NewReader(sample(t)), servicenow.Options{}, nil)
	if fault.Code(err) != fault.CodeForbidden {
		t.Errorf("a requester's import: %v", err)
	}
}

// bigLine is a 100 MB line with no line break, produced as it is read.
type bigLine struct{ left int }

func (b *bigLine) Read(p []byte) (int, error) {
	if b.left == 0 {
		return 0, io.EOF
	}
	n := min(len(p), b.left)
	for i := range p[:n] {
		p[i] = 'x'
	}
	b.left -= n
	return n, nil
}

func TestImportRefusesMalformed(t *testing.T) {
	good := sample(t)
	lines := strings.SplitAfter(good, "\n")
	replace := func(line int, old, new string) string {
		out := append([]string(nil), lines...)
		if !strings.Contains(out[line-1], old) {
			t.Fatalf("line %d has no %q", line, old)
		}
		out[line-1] = strings.Replace(out[line-1], old, new, 1)
		return strings.Join(out, "")
	}
	// The sample compressed here, so the case runs where the UCI file is not (a fresh clone).
	xzFile := func() []byte {
		var b bytes.Buffer
		w, err := xz.NewWriter(&b)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, good); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	cases := []struct {
		name   string
		input  func() io.Reader
		line   int
		column string
		reason string
	}{
		{"bad date", func() io.Reader { return strings.NewReader(replace(3, "29/2/2016 08:53", "30/2/2016 08:53")) }, 3, "sys_updated_at", "date"},
		{"month-first date", func() io.Reader { return strings.NewReader(replace(6, "1/3/2016 09:22", "3/15/2016 09:22")) }, 6, "opened_at", "date"},
		{"unknown state", func() io.Reader { return strings.NewReader(replace(7, ",Active,", ",Pending,")) }, 7, "incident_state", "value"},
		{"unknown impact", func() io.Reader { return strings.NewReader(replace(4, "2 - Medium", "2 - Middling")) }, 4, "impact", "value"},
		{"not a count", func() io.Reader { return strings.NewReader(replace(5, ",0,0,4,", ",0,0,four,")) }, 5, "sys_mod_count", "number"},
		{"no number", func() io.Reader { return strings.NewReader(replace(8, "INC0000549,", "?,")) }, 8, "number", "missing"},
		{"a missing column", func() io.Reader { return strings.NewReader(replace(5, "Phone,", "")) }, 5, "", "columns"},
		{"semicolons", func() io.Reader { return strings.NewReader(strings.ReplaceAll(good, ",", ";")) }, 1, "", "header"},
		{"another export", func() io.Reader { return strings.NewReader(replace(1, "caller_id", "requester")) }, 1, "caller_id", "header"},
		{"an unclosed quote", func() io.Reader { return strings.NewReader(replace(6, "Caller 3826", `"Caller 3826`)) }, 6, "", "csv"},
		{"empty", func() io.Reader { return strings.NewReader("") }, 1, "", "header"},
		{"a 100 MB line", func() io.Reader {
			return io.MultiReader(strings.NewReader(lines[0]), &bigLine{left: 100 << 20})
		}, 2, "", "too_long"},
		{"truncated xz", func() io.Reader { b := xzFile(); return bytes.NewReader(b[:len(b)/3]) }, 0, "", "csv"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			d := openDesk(t)
			admin := owner(t, d)
			before := counts(t, d)
			_, err := servicenow.Import(ctx, d, admin, c.input(), servicenow.Options{}, nil)
			var re *servicenow.RowError
			if !errors.As(err, &re) {
				t.Fatalf("got %v, want a RowError", err)
			}
			if fault.Code(err) != fault.CodeValidation || (c.line != 0 && re.Line != c.line) || re.Column != c.column || re.Reason != c.reason {
				t.Errorf("got %q (code %s, line %d, column %q, reason %s), want line %d, column %q, reason %s",
					err, fault.Code(err), re.Line, re.Column, re.Reason, c.line, c.column, c.reason)
			}
			if after := counts(t, d); after != before {
				t.Errorf("a refused import wrote: before %v, after %v", before, after)
			}
			t.Log(err)
		})
	}
}

// counts are the rows of the tables an import writes.
func counts(t *testing.T, d *desk.Desk) [5]int {
	t.Helper()
	var c [5]int
	for i, table := range []string{"tickets", "users", "assignment_groups", "changes", "audit_entries"} {
		if err := d.DB.Raw(`SELECT COUNT(*) FROM ` + table).Row().Scan(&c[i]); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

func TestImportOptions(t *testing.T) {
	ctx := context.Background()
	d := openDesk(t)
	admin := owner(t, d)
	_, err := servicenow.Import(ctx, d, admin, strings.NewReader(sample(t)), servicenow.Options{ResolutionCode: "fixed"}, nil)
	if fault.Fields(err)["resolutionCode"] == "" {
		t.Errorf("an unknown resolution code: %v", err)
	}
	rep, err := servicenow.Import(ctx, d, admin, strings.NewReader(sample(t)),
		servicenow.Options{CloseCodes: map[string]string{"code 5": "solved_workaround"}}, nil)
	if err != nil || rep.Incidents != 2 {
		t.Fatalf("%+v, %v", rep, err)
	}
	var tk ticket.Ticket
	d.DB.Where("number = ?", "INC0000045").Take(&tk)
	if tk.ResolutionCode != "solved_workaround" || !strings.Contains(tk.ResolutionNotes, "code 5") || tk.State != ticket.Closed {
		t.Errorf("INC0000045: %s %q %s", tk.ResolutionCode, tk.ResolutionNotes, tk.State)
	}
}
