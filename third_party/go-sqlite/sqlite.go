// Package sqlite stands in for github.com/glebarez/go-sqlite, the driver fork that the GORM
// dialector github.com/glebarez/sqlite imports (see go.mod's replace). The fork compiles
// every statement again on every execution; modernc.org/sqlite, which it was forked from and
// which it runs on, keeps a prepared statement compiled. Importing modernc.org/sqlite
// registers its "sqlite" database/sql driver, the name the dialector opens.
package sqlite

import msqlite "modernc.org/sqlite"

// Error is the driver's error type: the dialector reads its Code to translate constraint
// violations into GORM's errors.
type Error = msqlite.Error
