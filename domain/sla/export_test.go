package sla

// SetRecomputeWhole sets the most tickets RecomputeOpen recomputes in one transaction, and
// returns a function that puts it back.
func SetRecomputeWhole(n int64) func() {
	old := recomputeWhole
	recomputeWhole = n
	return func() { recomputeWhole = old }
}
