package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"gorm.io/gorm"

	"outpost/domain/replica"
	"outpost/domain/store"
	"outpost/sync/protocol"
)

// keyEpoch is the server epoch this profile last synced with (see protocol.Epoch).
const keyEpoch = "server_epoch"

// codeGap is the server's answer to a push that skips op ids.
const codeGap = "op_gap"

// A server restored from an older backup has lost changes it once confirmed: ops this desk
// pushed and saw accepted (or rejected), and changes of other desks this desk already pulled.
// Left alone, every later push is refused as an op id gap and the pull cursor points past
// changes the server will number again. The desk notices it in a pull answer (a new epoch,
// or a device op id below ops it had answered) or in a push refused as a gap, and recovers:
//
//   - its answered ops after the server's last op id for the device go back to pending and are
//     pushed again under the same op ids and change ids, so the server ends with them (a
//     rejection an op had before is dropped if the server now accepts it);
//   - its pull cursor goes back to where the histories part (the epoch's start when the desk
//     knew its parent, else the beginning: merging a change twice is harmless);
//   - its leased number blocks are dropped, since the server may lease them again; the next
//     lease tops them up, and numbers already used are checked by the server on push.

// recoverFromPull checks a pull answer and, if the server lost history, recovers: it pushes
// the ops again and tops up leases. It returns true when the caller must pull again from
// the (reset) cursor.
func (c *Client) recoverFromPull(ctx context.Context, rep *Report, page *protocol.PullResponse) (bool, error) {
	rewound, err := c.rewindIfRestored(ctx, page, false)
	if err != nil || !rewound {
		return false, err
	}
	if err := c.resend(ctx, rep); err != nil {
		return false, err
	}
	return true, c.lease(ctx)
}

// resend pushes the rewound ops (and any new ones) to the restored server.
func (c *Client) resend(ctx context.Context, rep *Report) error {
	if err := c.push(ctx, rep); err != nil {
		return fmt.Errorf("re-send ops after a server restore: %w", err)
	}
	return c.dropResolvedRejections(ctx)
}

// recoverFromGap explains a push refused as an op id gap: if the server lost ops this desk
// had answered, it recovers (pushing everything pending) and returns true; otherwise the
// push error stands. After it the caller's push is done.
func (c *Client) recoverFromGap(ctx context.Context, rep *Report, pushErr error) (bool, error) {
	var re *RemoteError
	if !errors.As(pushErr, &re) || re.Body.Code != codeGap {
		return false, nil
	}
	cursor, err := replica.StateInt(c.Desk.DB.WithContext(ctx), replica.KeyCursor)
	if err != nil {
		return false, err
	}
	// A one-change pull tells the server's epoch and its last op id for this device.
	var page protocol.PullResponse
	if err := c.call(ctx, http.MethodGet, fmt.Sprintf("/pull?after=%d&limit=1", cursor), nil, &page); err != nil {
		return false, err
	}
	rewound, err := c.rewindIfRestored(ctx, &page, true)
	if err != nil || !rewound {
		return false, err
	}
	return true, c.resend(ctx, rep)
}

// rewindIfRestored resets the cursor, the outbox and the number blocks when the pull answer
// shows a restored server: a new epoch, or (after a push refused as a gap) a last op id for
// this device below ops it had answered. It reports whether it did. A pull's op id alone is
// not trusted: a replayed old page carries an old one.
func (c *Client) rewindIfRestored(ctx context.Context, page *protocol.PullResponse, gap bool) (bool, error) {
	db := c.Desk.DB.WithContext(ctx)
	knownState, err := replica.State(db, keyEpoch)
	if err != nil {
		return false, err
	}
	var ep protocol.Epoch
	if page.Epoch != nil {
		ep = *page.Epoch
	}
	epochState := strconv.FormatInt(ep.ID, 10)
	known, _ := strconv.ParseInt(knownState, 10, 64)
	// The first epoch a desk sees is taken as it is: it has nothing to compare it with.
	newEpoch := knownState != "" && known != ep.ID
	lost := false
	if gap {
		var answered int64
		if err := db.Raw(`SELECT COALESCE(MAX(op_id), 0) FROM sync_outbox WHERE status <> 'pending'`).Scan(&answered).Error; err != nil {
			return false, err
		}
		lost = page.LastOpID < answered
	}
	if !newEpoch && !lost {
		if knownState != epochState {
			return false, replica.SetState(db, keyEpoch, epochState)
		}
		return false, nil
	}
	return true, store.Tx(ctx, c.Desk.DB, func(tx *gorm.DB) error {
		cursor, err := replica.StateInt(tx, replica.KeyCursor)
		if err != nil {
			return err
		}
		next := int64(0) // restored without a new epoch: where the histories part is unknown
		if newEpoch && known == ep.Parent {
			next = min(cursor, ep.Start)
		}
		for k, v := range map[string]string{replica.KeyCursor: strconv.FormatInt(next, 10), keyEpoch: epochState} {
			if err := replica.SetState(tx, k, v); err != nil {
				return err
			}
		}
		if err := tx.Exec(`UPDATE sync_outbox SET status = 'pending' WHERE op_id > ? AND status <> 'pending'`, page.LastOpID).Error; err != nil {
			return err
		}
		return tx.Exec(`DELETE FROM number_blocks`).Error
	})
}

// dropResolvedRejections removes the rejections of ops the restored server accepted when
// they were sent again.
func (c *Client) dropResolvedRejections(ctx context.Context) error {
	return c.Desk.DB.WithContext(ctx).Exec(`DELETE FROM sync_rejected WHERE op_id IN (SELECT op_id FROM sync_outbox WHERE status = 'accepted')`).Error
}
