package sla

import (
	"encoding/json"
	"testing"
)

// planText writes what json.Marshal writes, for plans of plain strings and for those it
// hands to encoding/json.
func TestPlanTextIsJSONMarshal(t *testing.T) {
	plans := [][]planned{
		{{Kind: Resolution, Percent: 75, Target: "3d", At: 1741003260000, Stage: StageWarning}},
		{{Kind: Response, Percent: 50, Target: "4h", At: -1, Stage: ""}, {Kind: Response, Percent: 100, Target: "4h", At: 0, Stage: StageBreached},
			{Kind: Resolution, Percent: 150, Target: "2 days", At: 9223372036854775807}},
		{{Kind: "re\"s<p>&", Percent: -3, Target: "é\u2028\\", At: 1}},
		{{Kind: "x\ny", Target: "\x7f", Stage: "\xff"}},
		{},
	}
	for _, p := range plans {
		want, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := planText(p); got != string(want) {
			t.Errorf("planText(%+v)\n got %s\nwant %s", p, got, want)
		}
	}
}
