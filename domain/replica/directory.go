package replica

// The directory kinds are declared in domain/desk; their last-admin rule asks a reader for
// this count (desk.AdminCounter).

// ActiveAdmins counts the desk's active admins, its system account aside.
func (r TxReader) ActiveAdmins() (int, error) {
	var n int64
	err := r.Tx.Raw(`SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = 1
		AND id NOT IN (SELECT value FROM settings WHERE key = 'system_user_id')`).Scan(&n).Error
	return int(n), err
}
