package client

import (
	"context"
	"fmt"
	"net/http"

	"gorm.io/gorm"

	"outpost/domain/replica"
	"outpost/domain/store"
	"outpost/sync/protocol"
)

// resumeAfterRestore runs first in a sync of a desk restored from a backup
// (replica.MarkRestored): a one-change pull tells the last op id the server holds for this
// device, and the desk numbers its next ops after it. Until then it absorbed nothing, so no
// new change took an op id the server already answered.
func (c *Client) resumeAfterRestore(ctx context.Context) error {
	restored, err := replica.Restored(c.Desk.DB.WithContext(ctx))
	if err != nil || !restored {
		return err
	}
	cursor, err := replica.StateInt(c.Desk.DB.WithContext(ctx), replica.KeyCursor)
	if err != nil {
		return err
	}
	var page protocol.PullResponse
	if err := c.call(ctx, http.MethodGet, fmt.Sprintf("/pull?after=%d&limit=1", cursor), nil, &page); err != nil {
		return fmt.Errorf("ask the server where this restored desk's ops stand: %w", err)
	}
	return store.Tx(ctx, c.Desk.DB, func(tx *gorm.DB) error {
		return replica.ResumeAfterRestore(tx, page.LastOpID)
	})
}
