package sync

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestPlanFileRoundTrip writes a plan with a step of every type and reads
// it back: the same plan, which makes the same calls.
func TestPlanFileRoundTrip(t *testing.T) {
	t.Parallel()
	p := &Plan{Boards: map[string]string{"acme/1": "Roadmap"}, Counts: Counts{Changes: len(everyStep())}}
	for i, s := range everyStep() {
		p.Changes = append(p.Changes, Change{Op: OpSetField, Board: "acme/1", Item: "item", Meeting: "2025-03-12", File: "m.md", Line: i + 1, Detail: s.Type(), Step: s})
	}
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	var got Plan
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("read back: %v\n%s", err, b)
	}
	if diff := cmp.Diff(p, &got); diff != "" {
		t.Errorf("plan read back differs (-written +read):\n%s", diff)
	}
	calls := func(p *Plan) []string {
		w := &recorder{}
		res, err := Apply(context.Background(), w, p, nil, Options{})
		if err != nil || len(res.Errors) > 0 {
			t.Fatalf("apply: %v, %+v", err, res.Errors)
		}
		return w.calls
	}
	want := calls(p)
	if len(want) != len(everyStep())-2 { // a note in a new draft, or alongside another, makes no call
		t.Errorf("%d calls for %d steps: %v", len(want), len(everyStep()), want)
	}
	if diff := cmp.Diff(want, calls(&got)); diff != "" {
		t.Errorf("the plan read back makes other calls (-written +read):\n%s", diff)
	}
}

func TestPlanFileStepJSON(t *testing.T) {
	t.Parallel()
	c := Change{Op: OpAddNote, Board: "acme/1", Item: "Fix it", Meeting: "2025-03-12", File: "m.md", Line: 3, Detail: "comment with the meeting's note",
		Step: AddComment{Subject: "IS7", Body: "<!-- note --> & more", Comment: "new:3"}}
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"op":"add-note","board":"acme/1","item":"Fix it","meeting":"2025-03-12","file":"m.md","line":3,"detail":"comment with the meeting's note",` +
		`"step":{"type":"add-comment","subject":"IS7","body":"\u003c!-- note --\u003e \u0026 more","comment":"new:3"}}`
	if string(b) != want {
		t.Errorf("JSON:\n got %s\nwant %s", b, want)
	}
	// An encoder told not to escape HTML leaves the step's text alone too.
	var sb strings.Builder
	enc := json.NewEncoder(&sb)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(c); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sb.String(), `"body":"<!-- note --> & more"`) {
		t.Errorf("unescaped JSON: %s", sb.String())
	}
	for _, tc := range []struct{ name, step, want string }{
		{"unknown type", `{"type":"delete-board"}`, `unknown type "delete-board"`},
		{"no type", `{"body":"x"}`, `unknown type ""`},
		{"bad field", `{"type":"add-comment","body":7}`, "read add-comment step"},
	} {
		var got Change
		err := json.Unmarshal([]byte(`{"op":"add-note","step":`+tc.step+`}`), &got)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
	}
	var none Change
	if err := json.Unmarshal([]byte(`{"op":"add-note","step":null}`), &none); err != nil || none.Step != nil {
		t.Errorf("null step: %+v, %v", none, err)
	}
}
