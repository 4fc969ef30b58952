package server

// SetPasswordCheck replaces the password comparison, so a test can count and pace the checks.
func SetPasswordCheck(s *Server, check func(hash, password []byte) error) { s.checkPassword = check }

// DummyHash is the hash a password for an unknown email is checked against.
func DummyHash(s *Server) []byte { return s.dummyHash() }
