package kind

import "encoding/json"

// Applying a pulled page decodes tens of thousands of JSON scalars (every column of every new
// record, every reference it checks); json.Unmarshal's reflection and validation were a
// twelfth of the apply. These decode the common shapes directly and give everything else to
// json.Unmarshal, so they answer exactly what it would.

// JSONString decodes a JSON string; ok is false for null, any other type or invalid JSON.
func JSONString(raw []byte) (string, bool) {
	if n := len(raw); n >= 2 && raw[0] == '"' && raw[n-1] == '"' {
		body, plain := raw[1:n-1], true
		for _, c := range body {
			// Escapes, control characters and non-ASCII (which json.Unmarshal checks for
			// valid UTF-8) take the slow path.
			if c < 0x20 || c == '"' || c == '\\' || c >= 0x80 {
				plain = false
				break
			}
		}
		if plain {
			return string(body), true
		}
	}
	if len(raw) == 0 || raw[0] != '"' {
		return "", false
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}

// JSONInt decodes a JSON integer that fits an int64; ok is false for null, fractions,
// exponents, any other type or invalid JSON.
func JSONInt(raw []byte) (int64, bool) {
	digits := raw
	neg := len(digits) > 0 && digits[0] == '-'
	if neg {
		digits = digits[1:]
	}
	// Up to 18 digits cannot overflow; JSON allows no leading zeros.
	if n := len(digits); n > 0 && n <= 18 && (digits[0] != '0' || n == 1) {
		var v int64
		plain := true
		for _, c := range digits {
			if c < '0' || c > '9' {
				plain = false
				break
			}
			v = v*10 + int64(c-'0')
		}
		if plain {
			if neg {
				v = -v
			}
			return v, true
		}
	}
	if string(raw) == "null" {
		return 0, false
	}
	var v int64
	if json.Unmarshal(raw, &v) != nil {
		return 0, false
	}
	return v, true
}
