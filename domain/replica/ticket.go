package replica

import "outpost/domain/ticket"

// TicketMove is a ticket transition op's value (declared with the ticket kind in
// domain/ticket).
type TicketMove = ticket.TransitionValue
