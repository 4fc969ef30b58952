package sla

// Match returns the policy a ticket like sub falls under and the schedule its business
// targets count on, as the clock would pick them (nil when no policy applies).
func (s *Service) Match(sub Subject) (*Policy, *Schedule) {
	p, sc := s.match(sub)
	if p == nil {
		return nil, nil
	}
	c := p.clone()
	return &c, sc
}
