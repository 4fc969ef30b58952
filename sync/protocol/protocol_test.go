package protocol_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"outpost/sync/protocol"
)

const goodPush = `{"deviceId":"0190a1b2-0000-7000-8000-000000000001","ops":[
 {"opId":1,"changeId":"0190a1b2-0000-7000-8000-0000000000a1","entity":"ticket","recordId":"0190a1b2-0000-7000-8000-0000000000b1","op":"set","field":"title","value":"\"x\"","hlc":42,"authorId":"0190a1b2-0000-7000-8000-0000000000c1","base":{"hlc":0,"device":""}},
 {"opId":2,"changeId":"0190a1b2-0000-7000-8000-0000000000a2","entity":"ticket","recordId":"0190a1b2-0000-7000-8000-0000000000b1","op":"archive","value":true,"hlc":43,"authorId":"0190a1b2-0000-7000-8000-0000000000c1","base":{"hlc":0,"device":""}}]}`

func TestDecodePush(t *testing.T) {
	tests := []struct {
		name, body, code string
	}{
		{"valid", goodPush, ""},
		{"unknown field", strings.Replace(goodPush, `"deviceId"`, `"evil":1,"deviceId"`, 1), protocol.CodeUnknownField},
		{"trailing", goodPush + `{}`, protocol.CodeTrailing},
		{"not json", `{"deviceId":`, protocol.CodeMalformed},
		{"wrong type", strings.Replace(goodPush, `"opId":1`, `"opId":"1"`, 1), protocol.CodeMalformed},
		{"gap", strings.Replace(goodPush, `"opId":2`, `"opId":3`, 1), protocol.CodeInvalid},
		{"bad op", strings.Replace(goodPush, `"op":"archive"`, `"op":"delete"`, 1), protocol.CodeInvalid},
		{"set without field", strings.Replace(goodPush, `"field":"title",`, ``, 1), protocol.CodeInvalid},
		{"bad id", strings.Replace(goodPush, `"recordId":"0190a1b2-0000-7000-8000-0000000000b1"`, `"recordId":"../etc"`, 1), protocol.CodeInvalid},
		{"empty", `{"deviceId":"01","ops":[]}`, protocol.CodeInvalid},
		{"oversize", `{"deviceId":"` + strings.Repeat("a", protocol.MaxBody) + `"}`, protocol.CodeTooLarge},
		{"not utf8", "{\"deviceId\":\"\xff\"}", protocol.CodeMalformed},
		{"auto key", strings.Replace(goodPush, `"base":{"hlc":0,"device":""}}]}`, `"base":{"hlc":0,"device":""},"auto":true,"autoKey":"autoclose:0190a1b2-0000-7000-8000-0000000000b1"}]}`, 1), ""},
		{"auto key without auto", strings.Replace(goodPush, `"base":{"hlc":0,"device":""}}]}`, `"base":{"hlc":0,"device":""},"autoKey":"autoclose:x"}]}`, 1), protocol.CodeInvalid},
		{"bad auto key", strings.Replace(goodPush, `"base":{"hlc":0,"device":""}}]}`, `"base":{"hlc":0,"device":""},"auto":true,"autoKey":"a b"}]}`, 1), protocol.CodeInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p protocol.PushRequest
			err := protocol.Decode(strings.NewReader(tt.body), &p)
			if err == nil {
				err = p.Validate()
			}
			if got := protocol.CodeOf(err); got != tt.code {
				t.Errorf("got code %q (%v), want %q", got, err, tt.code)
			}
		})
	}
}

func TestOversizeValue(t *testing.T) {
	var p protocol.PushRequest
	if err := protocol.DecodeBytes([]byte(goodPush), &p); err != nil {
		t.Fatal(err)
	}
	big, _ := json.Marshal(strings.Repeat("x", protocol.MaxValue))
	p.Ops[0].Value = big
	if got := protocol.CodeOf(p.Validate()); got != protocol.CodeTooLarge {
		t.Errorf("got %q, want too_large", got)
	}
}

func TestStampOrder(t *testing.T) {
	a := protocol.Stamp{HLC: 5, Device: "a"}
	b := protocol.Stamp{HLC: 5, Device: "b"}
	c := protocol.Stamp{HLC: 6, Device: "a"}
	if !a.Less(b) || !b.Less(c) || c.Less(a) || a.Less(a) {
		t.Error("stamps must order by hlc then device")
	}
}

// FuzzDecodePush: whatever arrives, Decode+Validate either refuse it with a protocol code or
// return a batch that re-encodes and decodes to the same thing; never a panic.
func FuzzDecodePush(f *testing.F) {
	f.Add([]byte(goodPush))
	f.Add([]byte(`{"deviceId":"1","ops":[{"opId":1}]}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"ops":null}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var p protocol.PushRequest
		err := protocol.Decode(bytes.NewReader(body), &p)
		if err == nil {
			err = p.Validate()
		}
		if err != nil {
			if protocol.CodeOf(err) == "" {
				t.Fatalf("refusal without a code: %v", err)
			}
			return
		}
		again, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		var q protocol.PushRequest
		if err := protocol.DecodeBytes(again, &q); err != nil {
			t.Fatalf("re-encoded batch refused: %v", err)
		}
		if err := q.Validate(); err != nil {
			t.Fatalf("re-encoded batch invalid: %v", err)
		}
	})
}

// hostile is text that escapes the most: quotes, backslashes, control characters, HTML
// characters, U+2028 and bytes that are not UTF-8.
var hostile = []string{"", "plain", `"\`, "\x00\x01\n\x1f", "<>&", "\u2028\u2029", "\xff\xfe", "é漢字🙂", strings.Repeat("<\x00\xff\u2028\"", 50)}

func encoded(t *testing.T, v any) int {
	t.Helper()
	var buf bytes.Buffer
	if err := protocol.Encode(&buf, v); err != nil {
		t.Fatal(err)
	}
	return buf.Len()
}

// Op.Size (and a result's and a correction's) bounds what it takes in a body, whatever its strings hold, and a value takes its
// own length: Encode does not grow it.
func TestOpSizeBoundsItsEncoding(t *testing.T) {
	for _, s := range hostile {
		value, _ := json.Marshal(s + "<>&")
		op := protocol.Op{OpID: 1<<62 + 1, ChangeID: s, Entity: s, RecordID: s, Op: s, Field: s, Value: value,
			HLC: 1<<64 - 1, AuthorID: s, Base: protocol.Stamp{HLC: 1<<64 - 1, Device: s}, Auto: true, AutoKey: s}
		if got := encoded(t, op); got > op.Size() {
			t.Errorf("op of %q: encodes to %d bytes, Size says %d", s, got, op.Size())
		}
		r := protocol.Result{OpID: 1<<63 - 1, Status: s, Seq: 1<<63 - 1, HLC: 1<<64 - 1, Code: s, Reason: s, Number: s}
		if got := encoded(t, r); got > r.Size() {
			t.Errorf("result of %q: encodes to %d bytes, Size says %d", s, got, r.Size())
		}
		c := protocol.Correction{Entity: s, RecordID: s, Missing: true, Fields: map[string]json.RawMessage{s: value, "b": value},
			Versions: map[string]protocol.Stamp{s: {HLC: 1<<64 - 1, Device: s}, "b": {HLC: 1<<64 - 1, Device: s}}}
		if got := encoded(t, c); got > c.Size() {
			t.Errorf("correction of %q: encodes to %d bytes, Size says %d", s, got, c.Size())
		}
		raw := json.RawMessage(`"` + strings.Repeat("<>&", 10) + `"`)
		if got := encoded(t, raw); got != len(raw)+1 { // Encode ends with a newline
			t.Errorf("a value of %d bytes encodes to %d", len(raw), got)
		}
	}
}

// ChangeOverhead bounds what a change takes in a page besides its value and its alias (six
// bytes a byte), for the longest names and ids a push lets through.
func TestChangeOverheadBoundsItsEncoding(t *testing.T) {
	id := strings.Repeat("a", 64)
	for _, s := range hostile {
		value, _ := json.Marshal(s)
		c := protocol.Change{Seq: 1<<63 - 1, ChangeID: id, Entity: strings.Repeat("e", 40), RecordID: id, Op: "transition",
			Field: strings.Repeat("f", 60), Value: value, HLC: 1<<64 - 1, DeviceID: id, AuthorID: id,
			Base: protocol.Stamp{HLC: 1<<64 - 1, Device: id}, Alias: s, Auto: true}
		page := protocol.PullResponse{Changes: []protocol.Change{c, c}}
		empty := protocol.PullResponse{Changes: []protocol.Change{}}
		per := (encoded(t, page) - encoded(t, empty)) / 2
		if bound := len(value) + 6*len(s) + protocol.ChangeOverhead; per > bound {
			t.Errorf("change with %q: takes %d bytes, the page counts %d", s, per, bound)
		}
	}
}

// Only the batch's own faults refuse a whole push; an op that breaks an op's rules is left
// for the server to refuse alone.
func TestValidateBatchLeavesOpsAlone(t *testing.T) {
	var p protocol.PushRequest
	if err := protocol.DecodeBytes([]byte(goodPush), &p); err != nil {
		t.Fatal(err)
	}
	big, _ := json.Marshal(strings.Repeat("<", protocol.MaxValue/6+1))
	p.Ops[0].Value = big
	p.Ops[1].Entity = strings.Repeat("Z", 1000)
	if err := p.ValidateBatch(); err != nil {
		t.Errorf("batch with two bad ops: got %v, want it valid as a batch", err)
	}
	if err := p.Ops[0].Validate(); protocol.CodeOf(err) != protocol.CodeTooLarge {
		t.Errorf("oversize value: got %v, want too_large", err)
	}
	if err := p.Ops[1].Validate(); protocol.CodeOf(err) != protocol.CodeInvalid || len(err.Error()) > 200 {
		t.Errorf("bad entity: got %v, want a short invalid error", err)
	}
	p.Ops[1].OpID = 5
	if err := p.ValidateBatch(); protocol.CodeOf(err) != protocol.CodeInvalid {
		t.Errorf("op id gap: got %v, want invalid", err)
	}
}
