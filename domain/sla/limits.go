package sla

import "outpost/domain/ticket"

// limits are the most characters (Unicode code points) each text of a policy or calendar
// holds, keyed as the forms name them. Declared once: Validate checks them, the forms show
// them (Limits).
var limits = map[string]int{
	"policy.name":        100,
	"policy.category":    ticket.Limits()["ticket.category"],
	"policy.service":     ticket.Limits()["ticket.service"],
	"escalation.note":    2000,
	"calendar.name":      100,
	"calendar.holiday":   100,
	"calendar.exception": 100,
}

// Limits returns the text limits of policies and calendars for the forms, in characters.
func Limits() map[string]int {
	out := make(map[string]int, len(limits))
	for k, v := range limits {
		out[k] = v
	}
	return out
}
