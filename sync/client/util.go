package client

import (
	"bytes"

	"outpost/sync/protocol"
)

// jsonBytes writes a request body as the protocol measures it (protocol.Encode).
func jsonBytes(v any) ([]byte, error) {
	var buf bytes.Buffer
	err := protocol.Encode(&buf, v)
	return buf.Bytes(), err
}
