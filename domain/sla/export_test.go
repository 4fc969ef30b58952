package sla

// SetRecomputeWhole sets the most tickets RecomputeOpen recomputes in one transaction, and
// returns a function that puts it back.
func SetRecomputeWhole(n int64) func() {
	old := recomputeWhole
	recomputeWhole = n
	return func() { recomputeWhole = old }
}

// SetRecomputeBig sets the fewest open tickets for which a whole recompute reads beside the
// writer and drops the SLA indexes, and returns a function that puts it back.
func SetRecomputeBig(n int64) func() {
	old := recomputeBig
	recomputeBig = n
	return func() { recomputeBig = old }
}

// ParsePlan reads a ticket's stored plan (tickets.sla_plan).
var ParsePlan = parsePlan
