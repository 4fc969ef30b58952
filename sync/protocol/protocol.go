// Package protocol is the wire format between Outpost desktops and the server: pushed ops with
// per-device sequential op ids, per-op results, pulled pages of changes after a cursor, logins,
// number leases. Everything is JSON; Decode refuses unknown fields, trailing data and oversize
// bodies with a precise error code, because every byte of it comes from outside.
package protocol

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"outpost/domain/changelog"
)

// Version is the protocol version a client and server must share; it is the URL prefix.
const Version = "v1"

// Limits on what one request may carry. Sizes are bytes in the encoded form, measured the
// same way on both sides: a value is the JSON the desk's change log holds (json.Marshal's, the
// desk refuses a longer one when it is written), and it travels as it is, because both sides
// write bodies without HTML escaping (see Encode), which would grow a value that holds <, >
// or & on the way.
const (
	MaxBody       = 8 << 20 // bytes of one JSON request or response body
	MaxOpsPerPush = 1000
	MaxValue      = changelog.MaxValue // bytes of one op's JSON value
	MaxPullLimit  = 5000
	MaxBlob       = 25 << 20
	// MaxPage is the bytes the changes of one pull page, or the ops of one push batch, may
	// take: a body less room for its envelope. A page or batch is cut by bytes as well as by
	// count; a single change or op larger than this still travels alone.
	MaxPage = MaxBody - 64<<10
	// ChangeOverhead bounds the bytes a stored change takes in a page besides its value and
	// alias: the keys, numbers and names, which the push validated.
	ChangeOverhead = 1024
)

// Encode writes v as the JSON of a body: compact and without HTML escaping, so a JSON value
// it carries (json.RawMessage) takes the bytes it was measured at, or fewer.
func Encode(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// Size bounds the bytes the op takes in a push body written by Encode (with its comma).
func (o *Op) Size() int {
	const keys = len(`{"opId":,"changeId":"","entity":"","recordId":"","op":"","field":"","value":,"hlc":,"authorId":"","base":{"hlc":,"device":""},"auto":true,"autoKey":""},`)
	const numbers = 4 * 20 // opId, hlc, base hlc (and room)
	return keys + numbers + len(o.Value) + strLen(o.ChangeID) + strLen(o.Entity) + strLen(o.RecordID) + strLen(o.Op) +
		strLen(o.Field) + strLen(o.AuthorID) + strLen(o.Base.Device) + strLen(o.AutoKey)
}

// Size bounds the bytes the result takes in a push response written by Encode.
func (r *Result) Size() int {
	const keys = len(`{"opId":,"status":"","seq":,"hlc":,"code":"","reason":"","number":""},`)
	return keys + 3*20 + strLen(r.Status) + strLen(r.Code) + strLen(r.Reason) + strLen(r.Number)
}

// Size bounds the bytes the correction takes in a push response written by Encode.
func (c *Correction) Size() int {
	const keys = len(`{"entity":"","recordId":"","missing":true,"fields":{},"versions":{}},`)
	const perField = len(`"":,"":{"hlc":,"device":""},`) + 20
	n := keys + strLen(c.Entity) + strLen(c.RecordID)
	for f, v := range c.Fields {
		n += perField + 2*strLen(f) + len(v) + strLen(c.Versions[f].Device)
	}
	return n
}

// strLen bounds the bytes of s's characters as a JSON string: quotes, backslashes and control
// characters are escaped, as are U+2028 and U+2029 and bytes that are not UTF-8 (\ufffd).
func strLen(s string) int {
	n := len(s)
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c < 0x20:
				n += 5
			case c == '"' || c == '\\':
				n++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			n += 5
		case r == '\u2028' || r == '\u2029':
			n += 3
		}
		i += size
	}
	return n
}

// Ops a change carries (the same names as domain/changelog).
const (
	OpCreate     = "create"
	OpSet        = "set"
	OpTransition = "transition"
	OpAppend     = "append"
	OpArchive    = "archive"
)

// Version of one field: the hybrid logical clock and the device that wrote it. Ties in HLC are
// broken by device id, so two versions are never equal unless they are the same write.
type Stamp struct {
	HLC    uint64 `json:"hlc"`
	Device string `json:"device"`
}

// Less orders stamps by (HLC, device).
func (s Stamp) Less(o Stamp) bool {
	if s.HLC != o.HLC {
		return s.HLC < o.HLC
	}
	return s.Device < o.Device
}

// IsZero reports an absent stamp.
func (s Stamp) IsZero() bool { return s.HLC == 0 && s.Device == "" }

// Op is one pushed change. OpID is the device's sequence number for it: 1, 2, 3, ... with no
// gaps; Base is the version of the field the author saw when they edited it (zero if none), so
// a receiver can tell a sequential edit from a concurrent one.
type Op struct {
	OpID     int64           `json:"opId"`
	ChangeID string          `json:"changeId"`
	Entity   string          `json:"entity"`
	RecordID string          `json:"recordId"`
	Op       string          `json:"op"`
	Field    string          `json:"field,omitempty"`
	Value    json.RawMessage `json:"value"`
	HLC      uint64          `json:"hlc"`
	AuthorID string          `json:"authorId"`
	Base     Stamp           `json:"base"`
	// Auto marks work the desk did by itself (auto-close, SLA escalations). The desk pushes
	// it as its signed-in user, who vouches for it and whose role the server checks.
	Auto bool `json:"auto,omitempty"`
	// AutoKey names the automatic work an Auto op belongs to (an SLA level's action, an
	// auto-close). Every desk holding the ticket does the same work under the same key; the
	// server accepts the ops of the first device that pushes a key and refuses the others'
	// as duplicates. The ops of one action (priority and its reason) share the key.
	AutoKey string `json:"autoKey,omitempty"`
}

// PushRequest is a batch of a device's ops, in op id order.
type PushRequest struct {
	DeviceID string `json:"deviceId"`
	Ops      []Op   `json:"ops"`
}

// Result statuses.
const (
	Accepted = "accepted"
	Rejected = "rejected"
)

// Result is the server's answer for one op. A rejected op still consumes its op id; Code is a
// fault code (forbidden, invalid_transition, validation, not_found, conflict) and Reason says
// why in words. HLC is the op's timestamp as stored (clamped if the device's clock ran ahead);
// Number is the human number the server gave a created record when it replaced the device's.
type Result struct {
	OpID   int64  `json:"opId"`
	Status string `json:"status"`
	Seq    int64  `json:"seq,omitempty"`
	HLC    uint64 `json:"hlc,omitempty"`
	Code   string `json:"code,omitempty"`
	Reason string `json:"reason,omitempty"`
	Number string `json:"number,omitempty"`
}

// Correction is the server's current value of fields a rejected op touched, so the author's
// replica can undo its optimistic local write. Missing means the record does not exist there.
type Correction struct {
	Entity   string                     `json:"entity"`
	RecordID string                     `json:"recordId"`
	Missing  bool                       `json:"missing,omitempty"`
	Fields   map[string]json.RawMessage `json:"fields,omitempty"`
	Versions map[string]Stamp           `json:"versions,omitempty"`
}

// PushResponse answers a push: one result per op of the batch (replayed ops get their stored
// result) and the device's last acknowledged op id.
type PushResponse struct {
	Results     []Result     `json:"results"`
	LastOpID    int64        `json:"lastOpId"`
	Corrections []Correction `json:"corrections,omitempty"`
}

// Change is one accepted op as the server stores and serves it, with its sequence number.
type Change struct {
	Seq      int64           `json:"seq"`
	ChangeID string          `json:"changeId"`
	Entity   string          `json:"entity"`
	RecordID string          `json:"recordId"`
	Op       string          `json:"op"`
	Field    string          `json:"field,omitempty"`
	Value    json.RawMessage `json:"value"`
	HLC      uint64          `json:"hlc"`
	DeviceID string          `json:"deviceId"`
	AuthorID string          `json:"authorId"`
	Base     Stamp           `json:"base"`
	Alias    string          `json:"alias,omitempty"` // the provisional number a create replaced
	Auto     bool            `json:"auto,omitempty"`  // automatic work of the author's desk
}

// Stamp is the change's version.
func (c Change) Stamp() Stamp { return Stamp{HLC: c.HLC, Device: c.DeviceID} }

// PullResponse is a page of changes after the requested cursor. After repeats that cursor, so
// a client can refuse the answer to a later one (a replayed page would skip the changes
// between). Next is the cursor for the following page; More says whether the
// server had more at the time.
type PullResponse struct {
	After    int64    `json:"after"`
	Changes  []Change `json:"changes"`
	Next     int64    `json:"next"`
	More     bool     `json:"more"`
	LastOpID int64    `json:"lastOpId"`
	Total    int64    `json:"total"` // changes after the cursor, for a progress bar
	// Epoch is the server database's history line; it changes when the database is restored
	// from a backup (absent on a database never restored).
	Epoch *Epoch `json:"epoch,omitempty"`
}

// Epoch identifies a server database's history line. A restore from a backup starts a new
// one: Parent is the epoch the backup was taken in, Start the last sequence it holds.
type Epoch struct {
	ID     int64 `json:"id"`
	Parent int64 `json:"parent"`
	Start  int64 `json:"start"`
}

// LoginRequest signs a user in from one device.
type LoginRequest struct {
	Email      string `json:"email"`
	Password   string `json:"password"`
	DeviceID   string `json:"deviceId"`
	DeviceName string `json:"deviceName"`
}

// User is a user as the server shows them.
type User struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Email  string `json:"email"`
	Role   string `json:"role"`
	Active bool   `json:"active"`
	// PasswordVersion goes up with each change of the user's server password; a desk drops
	// the offline verifier it made from another version. Shown with the email only.
	PasswordVersion int64 `json:"passwordVersion,omitempty"`
}

// Group is an assignment group with its members.
type Group struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Members     []string `json:"members"`
}

// LoginResponse carries the device token (shown once; the server keeps only its hash).
type LoginResponse struct {
	Token    string `json:"token"`
	User     User   `json:"user"`
	LastOpID int64  `json:"lastOpId"`
}

// Directory is the server's users and groups, which every record refers to.
type Directory struct {
	Users  []User  `json:"users"`
	Groups []Group `json:"groups"`
}

// LeaseRequest asks for a block of human numbers of one kind.
type LeaseRequest struct {
	Kind string `json:"kind"`
	Size int64  `json:"size"`
}

// Lease is a block [Start, End] of numbers only this device may issue.
type Lease struct {
	Kind  string `json:"kind"`
	Start int64  `json:"start"`
	End   int64  `json:"end"`
}

// Error is the body of every non-2xx answer.
type Error struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// Decode error codes. They are part of the protocol.
const (
	CodeMalformed    = "malformed"     // not JSON, or JSON of the wrong shape
	CodeUnknownField = "unknown_field" // a field the protocol does not define
	CodeTooLarge     = "too_large"     // body, batch or value over its limit
	CodeTrailing     = "trailing_data" // more after the JSON value
	CodeInvalid      = "invalid"       // well-formed but breaks a protocol rule
)

// DecodeError is a refused payload.
type DecodeError struct {
	Code string
	Msg  string
}

func (e *DecodeError) Error() string { return e.Code + ": " + e.Msg }

func fail(code, format string, args ...any) error {
	return &DecodeError{Code: code, Msg: fmt.Sprintf(format, args...)}
}

// CodeOf returns the decode code of err, or "".
func CodeOf(err error) string {
	var d *DecodeError
	if errors.As(err, &d) {
		return d.Code
	}
	return ""
}

// Decode reads exactly one JSON value of at most MaxBody bytes from r into v, refusing unknown
// fields and anything after the value.
func Decode(r io.Reader, v any) error {
	body, err := io.ReadAll(io.LimitReader(r, MaxBody+1))
	if err != nil {
		return fail(CodeMalformed, "read body: %v", err)
	}
	if len(body) > MaxBody {
		return fail(CodeTooLarge, "body is over %d bytes", MaxBody)
	}
	return DecodeBytes(body, v)
}

// DecodeBytes is Decode over a byte slice.
func DecodeBytes(body []byte, v any) error {
	if len(body) > MaxBody {
		return fail(CodeTooLarge, "body is over %d bytes", MaxBody)
	}
	if !utf8.Valid(body) {
		return fail(CodeMalformed, "body is not UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			return fail(CodeMalformed, "%v", err)
		case errors.As(err, &typ):
			return fail(CodeMalformed, "field %s: want %s, got %s", typ.Field, typ.Type, typ.Value)
		case bytes.HasPrefix([]byte(err.Error()), []byte("json: unknown field")):
			return fail(CodeUnknownField, "%v", err)
		default:
			return fail(CodeMalformed, "%v", err)
		}
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return fail(CodeTrailing, "data after the JSON value")
	}
	return nil
}

// The forms of a push's ids and names, checked byte by byte: with regexps, checking them took
// a tenth of the CPU a server spent on a push batch after decoding it (four ids and two
// names an op; docs/bench-method.md, "Push (session 15)").
var (
	idChars    = charSet("0123456789abcdefABCDEF-")
	nameChars  = charSet("abcdefghijklmnopqrstuvwxyz_")
	fieldChars = charSet("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
)

// isID reports an id: 1 to 64 hex digits and dashes.
func isID(s string) bool { return formed(s, 1, 64, &idChars) }

// isName reports an entity's name: 1 to 40 lowercase letters and underscores.
func isName(s string) bool { return formed(s, 1, 40, &nameChars) }

// isField reports a field's name, or none: up to 60 letters and underscores.
func isField(s string) bool { return formed(s, 0, 60, &fieldChars) }

// isKey reports an autoKey: 1 to 200 bytes of printable ASCII, no spaces.
func isKey(s string) bool {
	if len(s) < 1 || len(s) > 200 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// formed reports whether s holds from least to most bytes, each of set.
func formed(s string, least, most int, set *[256]bool) bool {
	if len(s) < least || len(s) > most {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !set[s[i]] {
			return false
		}
	}
	return true
}

func charSet(chars string) (set [256]bool) {
	for i := 0; i < len(chars); i++ {
		set[chars[i]] = true
	}
	return set
}

// Validate checks a push batch against all the protocol's rules: the batch's (ValidateBatch)
// and every op's (Op.Validate).
func (p *PushRequest) Validate() error {
	if err := p.ValidateBatch(); err != nil {
		return err
	}
	for i := range p.Ops {
		if err := p.Ops[i].Validate(); err != nil {
			return fmt.Errorf("op %d: %w", i, err)
		}
	}
	return nil
}

// ValidateBatch checks what makes a batch unusable as a whole: the device id, the number of
// ops and op ids that increase by one. An op that breaks an op's rules (Op.Validate) is
// refused alone, taking its op id, so the ops after it still go.
func (p *PushRequest) ValidateBatch() error {
	if !isID(p.DeviceID) {
		return fail(CodeInvalid, "deviceId must be an id")
	}
	if len(p.Ops) == 0 {
		return fail(CodeInvalid, "a push carries at least one op")
	}
	if len(p.Ops) > MaxOpsPerPush {
		return fail(CodeTooLarge, "a push carries at most %d ops, got %d", MaxOpsPerPush, len(p.Ops))
	}
	for i, o := range p.Ops {
		if o.OpID < 1 {
			return fail(CodeInvalid, "op %d: opId must be positive", i)
		}
		if i > 0 && o.OpID != p.Ops[i-1].OpID+1 {
			return fail(CodeInvalid, "op ids must increase by one: %d after %d", o.OpID, p.Ops[i-1].OpID)
		}
	}
	return nil
}

// Validate checks one op against the protocol's rules: ids, names, its value's size and form.
func (o *Op) Validate() error {
	switch {
	case o.OpID < 1:
		return fail(CodeInvalid, "opId must be positive")
	case !isID(o.ChangeID), !isID(o.RecordID), !isID(o.AuthorID):
		return fail(CodeInvalid, "changeId, recordId and authorId must be ids")
	case !isName(o.Entity):
		return fail(CodeInvalid, "entity %q is not a name", clip(o.Entity))
	case !isField(o.Field):
		return fail(CodeInvalid, "field %q is not a name", clip(o.Field))
	case o.HLC == 0:
		return fail(CodeInvalid, "hlc is required")
	case len(o.Value) > MaxValue:
		return fail(CodeTooLarge, "the value takes %d bytes, over the limit of %d", len(o.Value), MaxValue)
	case len(o.Value) == 0 || !json.Valid(o.Value):
		return fail(CodeMalformed, "value must be JSON")
	case o.Base.Device != "" && !isID(o.Base.Device):
		return fail(CodeInvalid, "base device must be an id")
	case o.AutoKey != "" && !o.Auto:
		return fail(CodeInvalid, "only automatic work carries an autoKey")
	case o.AutoKey != "" && !isKey(o.AutoKey):
		return fail(CodeInvalid, "autoKey %q is not a key", clip(o.AutoKey))
	}
	switch o.Op {
	case OpCreate, OpAppend, OpArchive:
	case OpSet, OpTransition:
		if o.Field == "" {
			return fail(CodeInvalid, "a %s op names its field", o.Op)
		}
	default:
		return fail(CodeInvalid, "unknown op %q", clip(o.Op))
	}
	return nil
}

// clip shortens outside text quoted in an error, which is stored and sent back.
func clip(s string) string {
	if len(s) <= 64 {
		return s
	}
	return s[:64] + "…"
}

// ValidateLogin checks a login request's shape.
func (l *LoginRequest) Validate() error {
	if l.Email == "" || len(l.Email) > 320 || l.Password == "" || len(l.Password) > 1024 {
		return fail(CodeInvalid, "email and password are required")
	}
	if !isID(l.DeviceID) || len(l.DeviceName) > 200 {
		return fail(CodeInvalid, "deviceId must be an id")
	}
	return nil
}
