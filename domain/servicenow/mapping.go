package servicenow

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"outpost/domain/fault"
)

// FormatOf reads the "format" a mapping file names (the generic CSV import's mappings and
// this one share the field), so a command can send the file to its importer.
func FormatOf(mapping []byte) (string, error) {
	var m struct {
		Format string `json:"format"`
	}
	if err := json.Unmarshal(mapping, &m); err != nil {
		return "", fault.Field("mapping", "not a mapping file (JSON): %v", err)
	}
	return m.Format, nil
}

// ReadMapping reads a mapping file of this format: {"format": "servicenow-uci", ...Options}.
// Unknown keys are refused, so a misspelt option is not silently ignored.
func ReadMapping(r io.Reader) (Options, error) {
	b, err := io.ReadAll(io.LimitReader(r, 1<<20))
	if err != nil {
		return Options{}, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var m Mapping
	if err := dec.Decode(&m); err != nil {
		return Options{}, fault.Field("mapping", "not a %s mapping: %v", Format, err)
	}
	if m.Format != Format {
		return Options{}, fault.Field("format", "the mapping's format is %q, not %q", m.Format, Format)
	}
	if m.ResolutionCode == "" {
		m.ResolutionCode = "solved_permanently"
	}
	if m.EmailDomain == "" {
		m.EmailDomain = "servicenow-uci.invalid"
	}
	if err := checkOptions(m.Options); err != nil {
		return Options{}, fmt.Errorf("mapping: %w", err)
	}
	return m.Options, nil
}
