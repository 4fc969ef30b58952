package sla

import (
	"encoding/json"
	"slices"
	"testing"
)

// parsePlan reads back what planText writes, in its own text for today's kinds, stages and
// targets and as JSON for others, and reads the JSON plans profiles hold from before.
func TestPlanTextReadsBack(t *testing.T) {
	plans := []struct {
		plan []planned
		json bool // written as JSON
	}{
		{plan: []planned{{Kind: Resolution, Percent: 75, Target: "3d", At: 1741003260000, Stage: StageWarning},
			{Kind: Resolution, Percent: 100, Target: "3d", At: 1741027200000, Stage: StageBreached}}},
		{plan: []planned{{Kind: Response, Percent: 50, Target: "4h", At: -1, Stage: ""}, {Kind: Response, Percent: 100, Target: "4h", At: 0, Stage: StageBreached},
			{Kind: Resolution, Percent: 150, Target: "2d", At: 9223372036854775807}}},
		{plan: []planned{{Kind: Resolution, Percent: -3, Target: "30m", At: 1}}},
		{plan: []planned{{Kind: Resolution, Percent: 75, Target: "2 days", At: 1}}, json: true},
		{plan: []planned{{Kind: Resolution, Percent: 75, Target: "a@b;c", At: 1}}, json: true},
		{plan: []planned{{Kind: "re\"s<p>&", Percent: -3, Target: "é\u2028\\", At: 1}}, json: true},
		{plan: []planned{{Kind: Response, Target: "\x7f"}}, json: true},
		{plan: []planned{{Kind: Response, Target: "8h", Stage: StageOK}}, json: true},
	}
	for _, c := range plans {
		text := planText(c.plan)
		if isJSON := text[0] == '['; isJSON != c.json {
			t.Errorf("planText(%+v) = %s: JSON %v, want %v", c.plan, text, isJSON, c.json)
		}
		got, err := parsePlan(text)
		if err != nil || !slices.Equal(got, c.plan) {
			t.Errorf("parsePlan(%s) = %+v, %v; want %+v", text, got, err, c.plan)
		}
		old, _ := json.Marshal(c.plan)
		if got, err := parsePlan(string(old)); err != nil || !slices.Equal(got, c.plan) {
			t.Errorf("parsePlan(%s) = %+v, %v; want %+v", old, got, err, c.plan)
		}
	}
	if got := planText(plans[0].plan); got != "b75/3d@1741003260000w;b100/3d@1741027200000b" {
		t.Errorf("planText = %s", got)
	}
	for _, bad := range []string{"x75/3d@1", "b75/3d", "b75@1", "bx/3d@1", "b75/3d@1x", "b75/3d@1;"} {
		if _, err := parsePlan(bad); err == nil {
			t.Errorf("parsePlan(%s): no error", bad)
		}
	}
}
