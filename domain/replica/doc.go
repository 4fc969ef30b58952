package replica

import "encoding/json"

// DecodeDoc splits a JSON object into its members, as json.Unmarshal into a
// map[string]json.RawMessage does: a pulled page carries thousands of records, and decoding
// each through reflection was most of the CPU a page's fetch took beside the apply of the
// page before. The input is validated first; an object whose keys are all plain ASCII
// without escapes is split directly, anything else (escaped or non-ASCII keys, null, another
// type, invalid JSON) goes to json.Unmarshal, which also gives the error. The values share
// raw's bytes.
func DecodeDoc(raw []byte) (map[string]json.RawMessage, error) {
	if m, ok := splitObject(raw); ok {
		return m, nil
	}
	var m map[string]json.RawMessage
	err := json.Unmarshal(raw, &m)
	return m, err
}

func splitObject(raw []byte) (map[string]json.RawMessage, bool) {
	if !json.Valid(raw) {
		return nil, false
	}
	i := skipSpace(raw, 0)
	if raw[i] != '{' {
		return nil, false
	}
	m := make(map[string]json.RawMessage, 40)
	if i = skipSpace(raw, i+1); raw[i] == '}' {
		return m, true
	}
	for {
		end, plain := scanString(raw, i) // valid JSON: a key string starts here
		if !plain {
			return nil, false
		}
		key := string(raw[i+1 : end-1])
		i = skipSpace(raw, skipSpace(raw, end)+1) // past the colon
		vend := scanValue(raw, i)
		m[key] = raw[i:vend:vend]
		i = skipSpace(raw, vend)
		if raw[i] == '}' {
			return m, true
		}
		i = skipSpace(raw, i+1) // past the comma
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// scanString returns the index after the string starting at b[i] (a quote), and whether it
// is plain: no escapes, nothing outside printable ASCII.
func scanString(b []byte, i int) (int, bool) {
	plain := true
	for j := i + 1; j < len(b); j++ {
		switch c := b[j]; {
		case c == '"':
			return j + 1, plain
		case c == '\\':
			plain = false
			j++ // the escaped character (a \u's digits are plain characters)
		case c < 0x20 || c >= 0x80:
			plain = false
		}
	}
	return len(b), false
}

// scanValue returns the index after the (valid) JSON value starting at b[i].
func scanValue(b []byte, i int) int {
	switch b[i] {
	case '"':
		end, _ := scanString(b, i)
		return end
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				end, _ := scanString(b, j)
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return j + 1
				}
			}
		}
		return len(b)
	}
	j := i
	for j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ']' && b[j] != ' ' && b[j] != '\t' && b[j] != '\n' && b[j] != '\r' {
		j++
	}
	return j
}
