package replica

import (
	"bytes"
	"encoding/json"
	"slices"
)

// EncodeDoc writes a record's fields as one JSON object, byte for byte what json.Marshal
// writes for the map (keys sorted, values compacted, <, > and & escaped) without its
// reflection: a push encodes every created record two or three times.
func EncodeDoc(doc map[string]json.RawMessage) (json.RawMessage, error) {
	keys := make([]string, 0, len(doc))
	size := 2
	for k, v := range doc {
		keys = append(keys, k)
		size += len(k) + len(v) + 4
	}
	slices.Sort(keys)
	var out, tmp bytes.Buffer
	out.Grow(size)
	out.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			out.WriteByte(',')
		}
		if plainKey(k) {
			out.WriteByte('"')
			out.WriteString(k)
			out.WriteByte('"')
		} else {
			b, err := json.Marshal(k)
			if err != nil {
				return nil, err
			}
			out.Write(b)
		}
		out.WriteByte(':')
		v := doc[k]
		if v == nil {
			out.WriteString("null")
			continue
		}
		tmp.Reset()
		if err := json.Compact(&tmp, v); err != nil {
			return nil, err
		}
		json.HTMLEscape(&out, tmp.Bytes())
	}
	out.WriteByte('}')
	return out.Bytes(), nil
}

// plainKey reports whether k needs no escaping in JSON.
func plainKey(k string) bool {
	for i := 0; i < len(k); i++ {
		c := k[i]
		if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return true
}
