package sla

import (
	"strconv"

	"outpost/domain/people"
	"outpost/domain/ticket"
)

// Cause is the key of one escalation action of one fired level: every desk that holds the
// ticket fires the same level and runs the same action, and writes this same key into its
// change log, so the server can keep the first desk's work and refuse the repeats.
func Cause(ticketID, kind, target string, percent, action int) string {
	return "sla:" + ticketID + ":" + kind + ":" + target + ":" + strconv.Itoa(percent) + ":" + strconv.Itoa(action)
}

// caused runs an escalation write as the system user carrying the action's cause key.
func caused(wr func(*ticket.Service, people.Actor) error, key string) func(*ticket.Service, people.Actor) error {
	return func(svc *ticket.Service, sys people.Actor) error {
		sys.Cause = key
		return wr(svc, sys)
	}
}
