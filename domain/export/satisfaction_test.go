package export_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"outpost/domain/export"
	"outpost/domain/satisfaction"
)

func TestWriteSatisfaction(t *testing.T) {
	r := &satisfaction.Report{Period: satisfaction.Period{From: 0, To: 86400000}, Count: 2, Average: 3,
		Distribution: [5]int{0, 1, 0, 1, 0},
		ByGroup:      []satisfaction.Line{{ID: "g", Name: "=Desk", Count: 2, Average: 3}},
		ByAgent:      []satisfaction.Line{{ID: "", Name: "", Count: 2, Average: 3}}}
	var b bytes.Buffer
	if err := export.WriteSatisfaction(&b, export.CSV, r); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, want := range []string{"\ufeffSection,Name,Count,Average\n", "period,1970-01-01T00:00:00Z – 1970-01-02T00:00:00Z,2,3.00\n",
		"score,4 stars,1,\n", "group,'=Desk,2,3.00\n", "agent,(none),2,3.00\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("CSV: got\n%s\nwant a line %q", got, want)
		}
	}
	b.Reset()
	if err := export.WriteSatisfaction(&b, export.JSON, r); err != nil {
		t.Fatal(err)
	}
	var back satisfaction.Report
	if err := json.Unmarshal(b.Bytes(), &back); err != nil || back.Count != 2 || back.Distribution[3] != 1 {
		t.Errorf("JSON: got %+v, %v; want the report back", back, err)
	}
}
