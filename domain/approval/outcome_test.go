package approval_test

import (
	"testing"

	"outpost/domain/approval"
	"outpost/domain/fault"
)

func dec(id, who string, v approval.Verdict, at int64) approval.Decision {
	c := ""
	if v == approval.Reject {
		c = "no budget"
	}
	return approval.Decision{ID: id, ApproverID: who, Verdict: v, Comment: c, CreatedAt: at}
}

const (
	yes = approval.Approve
	no  = approval.Reject
)

func TestOutcome(t *testing.T) {
	abc := approval.Approvers{"a", "b", "c"}
	cases := []struct {
		name      string
		policy    approval.Policy
		cancelled bool
		ds        []approval.Decision
		want      approval.State
		at        int64
		counted   int
	}{
		{"nobody yet", approval.All, false, nil, approval.Pending, 0, 0},
		{"all: two of three", approval.All, false, []approval.Decision{dec("1", "a", yes, 1), dec("2", "b", yes, 2)}, approval.Pending, 0, 2},
		{"all: three of three", approval.All, false, []approval.Decision{dec("3", "c", yes, 3), dec("1", "a", yes, 1), dec("2", "b", yes, 2)}, approval.Approved, 3, 3},
		{"any: one", approval.Any, false, []approval.Decision{dec("2", "b", yes, 5)}, approval.Approved, 5, 1},
		{"any: later answers do not count", approval.Any, false, []approval.Decision{dec("2", "b", yes, 5), dec("3", "c", no, 6)}, approval.Approved, 5, 1},
		{"majority: one of three", approval.Majority, false, []approval.Decision{dec("1", "a", yes, 1)}, approval.Pending, 0, 1},
		{"majority: two of three", approval.Majority, false, []approval.Decision{dec("1", "a", yes, 1), dec("2", "c", yes, 2)}, approval.Approved, 2, 2},
		{"a rejection ends it", approval.Majority, false, []approval.Decision{dec("1", "a", yes, 1), dec("2", "b", no, 2), dec("3", "c", yes, 3)}, approval.Rejected, 2, 2},
		{"a rejection ends all", approval.All, false, []approval.Decision{dec("1", "a", no, 1)}, approval.Rejected, 1, 1},
		{"an earlier rejection made offline wins", approval.Majority, false, []approval.Decision{dec("2", "b", yes, 2), dec("3", "c", yes, 3), dec("1", "a", no, 1)}, approval.Rejected, 1, 1},
		{"duplicates ignored", approval.Majority, false, []approval.Decision{dec("1", "a", yes, 1), dec("2", "a", yes, 2)}, approval.Pending, 0, 1},
		{"an approver's second answer ignored", approval.All, false, []approval.Decision{dec("1", "a", yes, 1), dec("2", "a", no, 2)}, approval.Pending, 0, 1},
		{"someone else ignored", approval.Any, false, []approval.Decision{dec("1", "x", yes, 1)}, approval.Pending, 0, 0},
		{"ties broken by id", approval.Any, false, []approval.Decision{dec("2", "b", no, 1), dec("1", "a", yes, 1)}, approval.Approved, 1, 1},
		{"cancelled while pending", approval.All, true, []approval.Decision{dec("1", "a", yes, 1)}, approval.Cancelled, 0, 1},
		{"settled before it was cancelled", approval.Any, true, []approval.Decision{dec("1", "a", yes, 1)}, approval.Approved, 1, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := approval.Outcome(c.policy, abc, c.cancelled, c.ds)
			if r.State != c.want || r.DecidedAt != c.at || len(r.Counted) != c.counted {
				t.Errorf("got %s at %d counting %d, want %s at %d counting %d", r.State, r.DecidedAt, len(r.Counted), c.want, c.at, c.counted)
			}
			// Any order of the same set gives the same result.
			rev := make([]approval.Decision, len(c.ds))
			for i, d := range c.ds {
				rev[len(c.ds)-1-i] = d
			}
			if r2 := approval.Outcome(c.policy, abc, c.cancelled, rev); r2.State != r.State || r2.DecidedAt != r.DecidedAt {
				t.Errorf("reversed: got %s, want %s", r2.State, r.State)
			}
		})
	}
}

func TestNeeded(t *testing.T) {
	for _, c := range []struct {
		p    approval.Policy
		n    int
		want int
	}{{approval.All, 3, 3}, {approval.Any, 3, 1}, {approval.Majority, 3, 2}, {approval.Majority, 4, 3}, {approval.Majority, 1, 1}} {
		if got := approval.Needed(c.p, c.n); got != c.want {
			t.Errorf("Needed(%s, %d): got %d, want %d", c.p, c.n, got, c.want)
		}
	}
}

func TestCheckDecide(t *testing.T) {
	a := &approval.Approval{ID: "ap", Policy: approval.Any, Approvers: approval.Approvers{"a", "b"}}
	cancelled := *a
	cancelled.Cancelled = true
	cases := []struct {
		name string
		a    *approval.Approval
		ds   []approval.Decision
		d    approval.Decision
		want string
	}{
		{"an approver approves", a, nil, dec("1", "a", yes, 1), ""},
		{"an ineligible person is refused", a, nil, dec("1", "x", yes, 1), fault.CodeForbidden},
		{"an approver decides once", a, []approval.Decision{dec("1", "a", no, 1)}, dec("2", "a", yes, 2), fault.CodeConflict},
		{"a rejection needs a comment", a, nil, approval.Decision{ID: "1", ApproverID: "a", Verdict: no, CreatedAt: 1}, fault.CodeValidation},
		{"an unknown verdict", a, nil, approval.Decision{ID: "1", ApproverID: "a", Verdict: "maybe", CreatedAt: 1}, fault.CodeValidation},
		{"after it was settled", a, []approval.Decision{dec("1", "b", yes, 1)}, dec("2", "a", no, 2), fault.CodeInvalidTransition},
		{"made offline before it was settled", a, []approval.Decision{dec("2", "b", yes, 5)}, dec("1", "a", no, 1), ""},
		{"cancelled", &cancelled, nil, dec("1", "a", yes, 1), fault.CodeInvalidTransition},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := fault.Code(approval.CheckDecide(c.a, c.ds, c.d)); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestCheckRule(t *testing.T) {
	cases := []struct {
		name string
		rule approval.Rule
		who  approval.Approvers
		ok   bool
	}{
		{"manager", approval.Rule{By: approval.ByManager, Policy: approval.Any, ForID: "r"}, approval.Approvers{"m"}, true},
		{"manager with majority", approval.Rule{By: approval.ByManager, Policy: approval.Majority, ForID: "r"}, approval.Approvers{"m"}, false},
		{"group", approval.Rule{By: approval.ByGroup, Policy: approval.All, GroupID: "g"}, approval.Approvers{"a", "b"}, true},
		{"group without a group", approval.Rule{By: approval.ByGroup, Policy: approval.All}, approval.Approvers{"a"}, false},
		{"nobody", approval.Rule{By: approval.ByPeople, Policy: approval.Any}, nil, false},
		{"twice the same", approval.Rule{By: approval.ByPeople, Policy: approval.Any}, approval.Approvers{"a", "a"}, false},
		{"unknown policy", approval.Rule{By: approval.ByPeople, Policy: "most"}, approval.Approvers{"a"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := approval.CheckRule(c.rule, c.who); (err == nil) != c.ok {
				t.Errorf("got %v, want ok %v", err, c.ok)
			}
		})
	}
}
