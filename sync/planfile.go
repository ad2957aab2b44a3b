package sync

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// A plan file is a Plan as JSON. Each change carries its step as an object
// with the step's type and fields, e.g.
//
//	"step": {"type": "add-comment", "subject": "I_kwDO…", "body": "…", "comment": "new:3"}
//
// so that a plan can be inspected, and applied later.

// stepTypes decodes a step of each type from its JSON object.
var stepTypes = map[string]func([]byte) (Step, error){
	CreateDraft{}.Type():        decodeStep[CreateDraft],
	NoteInNewDraft{}.Type():     decodeStep[NoteInNewDraft],
	NoteAlongside{}.Type():      decodeStep[NoteAlongside],
	CreateIssue{}.Type():        decodeStep[CreateIssue],
	AddItem{}.Type():            decodeStep[AddItem],
	AddComment{}.Type():         decodeStep[AddComment],
	UpdateComment{}.Type():      decodeStep[UpdateComment],
	UpdateDraft{}.Type():        decodeStep[UpdateDraft],
	SetStatus{}.Type():          decodeStep[SetStatus],
	SetDate{}.Type():            decodeStep[SetDate],
	CreateStatusUpdate{}.Type(): decodeStep[CreateStatusUpdate],
	UpdateStatusUpdate{}.Type(): decodeStep[UpdateStatusUpdate],
	ArchiveItem{}.Type():        decodeStep[ArchiveItem],
	DeleteItem{}.Type():         decodeStep[DeleteItem],
	DeleteComment{}.Type():      decodeStep[DeleteComment],
	DeleteStatusUpdate{}.Type(): decodeStep[DeleteStatusUpdate],
}

// decodeStep reads a step of type S from its JSON object.
func decodeStep[S Step](b []byte) (Step, error) {
	var s S
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, err
	}
	return s, nil
}

// changeFields is a Change without its methods, so that its JSON codec can
// use the default one for every field but the step.
type changeFields Change

// MarshalJSON writes the change with its step as an object that names the
// step's type.
func (c Change) MarshalJSON() ([]byte, error) {
	return marshalRaw(struct {
		changeFields
		Step stepJSON `json:"step"`
	}{changeFields(c), stepJSON{c.Step}})
}

// UnmarshalJSON reads a change MarshalJSON wrote; a step of an unknown type
// is an error.
func (c *Change) UnmarshalJSON(b []byte) error {
	var v struct {
		changeFields
		Step stepJSON `json:"step"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*c = Change(v.changeFields)
	c.Step = v.Step.step
	return nil
}

// stepJSON is a step in a plan file: {"type": "…", fields…}.
type stepJSON struct{ step Step }

// MarshalJSON writes the step's fields after its type.
func (s stepJSON) MarshalJSON() ([]byte, error) {
	if s.step == nil {
		return []byte("null"), nil
	}
	t := s.step.Type()
	if _, ok := stepTypes[t]; !ok {
		return nil, fmt.Errorf("step %T has an unknown type %q", s.step, t)
	}
	fields, err := marshalRaw(s.step)
	if err != nil {
		return nil, err
	}
	name, _ := json.Marshal(t)
	out := append([]byte(`{"type":`), name...)
	if len(fields) > 2 { // not {}
		return append(append(out, ','), fields[1:]...), nil
	}
	return append(out, '}'), nil
}

// marshalRaw is json.Marshal without escaping HTML: the encoder that calls
// a MarshalJSON escapes its output, or not, as it was told.
func marshalRaw(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSpace(b.Bytes()), nil
}

// UnmarshalJSON reads a step of the type it names.
func (s *stepJSON) UnmarshalJSON(b []byte) error {
	if string(bytes.TrimSpace(b)) == "null" {
		s.step = nil
		return nil
	}
	var head struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return fmt.Errorf("read step: %w", err)
	}
	decode, ok := stepTypes[head.Type]
	if !ok {
		return fmt.Errorf("read step: unknown type %q", head.Type)
	}
	step, err := decode(b)
	if err != nil {
		return fmt.Errorf("read %s step: %w", head.Type, err)
	}
	s.step = step
	return nil
}
