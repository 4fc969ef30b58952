package export

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"outpost/domain/satisfaction"
)

// SatisfactionHeader is the CSV header of a satisfaction report: one row for the whole
// period, one per score, then one per group and per agent.
var SatisfactionHeader = []string{"Section", "Name", "Count", "Average"}

// WriteSatisfaction writes a satisfaction report as CSV or JSON.
func WriteSatisfaction(w io.Writer, f Format, r *satisfaction.Report) error {
	bw := bufio.NewWriter(w)
	if f == JSON {
		enc := json.NewEncoder(bw)
		enc.SetIndent("", "  ")
		if err := enc.Encode(r); err != nil {
			return fmt.Errorf("write satisfaction report: %w", err)
		}
		return bw.Flush()
	}
	if _, err := bw.WriteString(bom); err != nil {
		return err
	}
	cw := csv.NewWriter(bw)
	avg := func(a float64) string { return strconv.FormatFloat(a, 'f', 2, 64) }
	rows := [][]string{SatisfactionHeader,
		{"period", stamp(r.Period.From) + " – " + stamp(r.Period.To), strconv.Itoa(r.Count), avg(r.Average)}}
	for i, n := range r.Distribution {
		rows = append(rows, []string{"score", strconv.Itoa(i+1) + " stars", strconv.Itoa(n), ""})
	}
	for _, l := range r.ByGroup {
		rows = append(rows, []string{"group", Cell(orNone(l.Name)), strconv.Itoa(l.Count), avg(l.Average)})
	}
	for _, l := range r.ByAgent {
		rows = append(rows, []string{"agent", Cell(orNone(l.Name)), strconv.Itoa(l.Count), avg(l.Average)})
	}
	if err := cw.WriteAll(rows); err != nil {
		return fmt.Errorf("write satisfaction report: %w", err)
	}
	return bw.Flush()
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
