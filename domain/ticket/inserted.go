package ticket

import (
	"context"

	"gorm.io/gorm"
)

// Inserted is a ticket that the running transaction has just inserted, as its writer holds
// it: the fields a write hook routes on and its whole audit trail, in the order written. It
// has no comments. A writer that inserts many tickets (a pulled page) hands them to the hooks
// with WithInserted, so a hook need not read back what the writer already has.
type Inserted struct {
	ID, Number, Title   string
	Type                Type
	Category, Service   string
	GroupID, AssigneeID string
	Priority            int
	State               State
	CreatedAt           int64
	Trail               []AuditEntry
}

type insertedKey struct{}

// WithInserted returns tx carrying tickets it inserted, by id, for the write hooks it runs.
func WithInserted(tx *gorm.DB, tickets map[string]*Inserted) *gorm.DB {
	return tx.WithContext(context.WithValue(tx.Statement.Context, insertedKey{}, tickets))
}

// InsertedIn returns the tickets a hook's transaction says it inserted (nil when none).
func InsertedIn(tx *gorm.DB) map[string]*Inserted {
	m, _ := tx.Statement.Context.Value(insertedKey{}).(map[string]*Inserted)
	return m
}
