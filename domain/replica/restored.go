package replica

import (
	"strconv"

	"gorm.io/gorm"
)

// Restoring a joined desk from a backup brings back an outbox that ends where the backup was
// taken, while the server may have accepted more of this device's ops since (pushed after the
// backup, from the desk the restore replaced). Numbering new ops from the restored outbox
// would reuse op ids the server already answered: it would take them for replays and answer
// with the old ops' results, dropping the new changes. So a restored desk:
//
//   - absorbs at once the changes it holds that were not yet in its outbox, numbering them as
//     the original desk did at its next sync (Absorb is deterministic: log order, from the
//     outbox's last op id), so if the original pushed them, pushing them again is a replay;
//   - drops its leased number blocks (the original may have used them since);
//   - then absorbs nothing more until its first sync has asked the server for the last op id
//     it holds for the device (KeyRestored), and numbers every later op after it
//     (KeyOpFloor). What the original pushed after the backup comes back by pull, since the
//     restored pull cursor is the backup's.
const (
	KeyRestored = "restored_from_backup"
	KeyOpFloor  = "op_floor"
)

// MarkRestored prepares a profile just restored from a backup, in tx, as above. A profile
// never joined to a server needs nothing.
func MarkRestored(tx *gorm.DB, deviceID string) error {
	server, err := State(tx, KeyServer)
	if err != nil || server == "" {
		return err
	}
	if _, err := AbsorbTx(tx, deviceID); err != nil {
		return err
	}
	if err := tx.Exec(`DELETE FROM number_blocks`).Error; err != nil {
		return err
	}
	return SetState(tx, KeyRestored, "1")
}

// Restored reports whether the profile was restored and has not yet heard from its server.
func Restored(tx *gorm.DB) (bool, error) {
	v, err := State(tx, KeyRestored)
	return v == "1", err
}

// ResumeAfterRestore records the server's last op id for this device: later ops are numbered
// after it, and the desk absorbs changes again.
func ResumeAfterRestore(tx *gorm.DB, serverLastOpID int64) error {
	if err := SetState(tx, KeyOpFloor, strconv.FormatInt(serverLastOpID, 10)); err != nil {
		return err
	}
	return tx.Exec(`DELETE FROM sync_state WHERE key = ?`, KeyRestored).Error
}
