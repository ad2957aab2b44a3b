package readmecheck

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// readme is the repository's README, two directories up from this package.
const readme = "../../README.md"

// TestREADMECompleteWorkflow lints the workflow that the README tells users
// to copy, so that it cannot rot.
func TestREADMECompleteWorkflow(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	b, err := FencedBlock(src, "A complete workflow", "yaml")
	if err != nil {
		t.Fatalf("README.md must show the complete workflow as a ```yaml block under \"### A complete workflow\": %v", err)
	}
	// A sanity check that the block found is the workflow, not a fragment.
	for _, want := range []string{"\non:", "\njobs:", "minutes-sync/minutes-sync@"} {
		if !strings.Contains(string(b.Code), want) {
			t.Errorf("the yaml block at README.md:%d has no %q; is it the complete workflow?", b.Line, want)
		}
	}
	errs, err := LintWorkflow("README.md", b)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range errs {
		t.Errorf("actionlint: %s", e) // README.md:LINE:COL: message [rule]
	}
}

func TestFencedBlock(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		markdown string
		want     Block
		wantErr  string // a part of the error; empty for none
	}{
		{
			name: "the block under the heading",
			markdown: "# Title\n\n### A complete workflow\n\nSave it.\n\n```sh\necho no\n```\n\n" +
				"```yaml\nname: x\non: push\n```\n\n```yaml\nname: second\n```\n",
			want: Block{Code: []byte("name: x\non: push\n"), Line: 12},
		},
		{
			name:     "a tilde fence and a deeper sub-heading in between",
			markdown: "## A complete workflow\n\n### Details\n\n~~~yaml\nname: x\n~~~\n",
			want:     Block{Code: []byte("name: x\n"), Line: 6},
		},
		{
			name:     "no such heading",
			markdown: "# Title\n\n### A workflow\n\n```yaml\nname: x\n```\n",
			wantErr:  `find heading "A complete workflow": not found`,
		},
		{
			name:     "the heading's words in a paragraph are not the heading",
			markdown: "A complete workflow\n\n```yaml\nname: x\n```\n",
			wantErr:  "not found",
		},
		{
			name:     "a section without a yaml block",
			markdown: "### A complete workflow\n\n```sh\nexit 0\n```\n\nSee below.\n",
			wantErr:  `find a yaml block under heading "A complete workflow": none`,
		},
		{
			name:     "a yaml block under the next heading does not count",
			markdown: "### A complete workflow\n\nGone.\n\n### Tokens\n\n```yaml\nname: x\n```\n",
			wantErr:  "none before the next heading",
		},
		{
			name:     "a yaml block under a higher heading does not count",
			markdown: "### A complete workflow\n\nGone.\n\n## Next\n\n```yaml\nname: x\n```\n",
			wantErr:  "none before the next heading",
		},
		{
			name:     "two headings with the text",
			markdown: "### A complete workflow\n\n```yaml\nname: x\n```\n\n### A complete workflow\n",
			wantErr:  "more than one",
		},
		{
			name:     "an empty block",
			markdown: "### A complete workflow\n\n```yaml\n```\n",
			wantErr:  "empty",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := FencedBlock([]byte(tt.markdown), "A complete workflow", "yaml")
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("FencedBlock() error = %v, want one with %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("FencedBlock() error = %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("FencedBlock() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestLintWorkflow shows that the check can fail: broken workflows give
// problems on the right lines of the Markdown file, a good one none.
func TestLintWorkflow(t *testing.T) {
	t.Parallel()
	const good = `name: ok
on: push
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
      - run: echo "$GREETING"
        env:
          GREETING: hello
`
	// A problem: its line in the workflow (0: not checked) and a part of its message.
	type problem struct {
		line int
		msg  string
	}
	tests := []struct {
		name     string
		workflow string
		want     []problem
	}{
		{name: "a good workflow", workflow: good},
		{
			name:     "a key that does not exist",
			workflow: strings.Replace(good, "    runs-on:", "    run-on: ubuntu-latest\n    runs-on:", 1),
			want:     []problem{{7, `unexpected key "run-on" for "job" section`}},
		},
		{
			name:     "a job without runs-on",
			workflow: strings.Replace(good, "    runs-on: ubuntu-latest\n", "", 1),
			want:     []problem{{6, `"runs-on" section is missing in job "test"`}},
		},
		{
			name:     "a permission that does not exist",
			workflow: strings.Replace(good, "contents: read", "content: read", 1),
			want:     []problem{{4, `unknown permission scope "content"`}},
		},
		{
			name:     "an output of a step that does not exist",
			workflow: strings.Replace(good, "GREETING: hello", "GREETING: ${{ steps.nope.outputs.greeting }}", 1),
			want:     []problem{{12, `property "nope" is not defined in object type`}},
		},
		{
			name:     "not a mapping",
			workflow: "- just\n- a list\n",
			want: []problem{
				{1, `"jobs" section is missing in workflow`},
				{1, `"on" section is missing in workflow`},
				{1, `"workflow" section is sequence node but mapping node is expected`},
			},
		},
		{
			name:     "bad YAML",
			workflow: strings.Replace(good, "  test:", "  test: [", 1),
			want:     []problem{{0, "could not parse as YAML"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			// As if the block started on line 41 of a README.
			const offset = 40
			errs, err := LintWorkflow("README.md", Block{Code: []byte(tt.workflow), Line: offset + 1})
			if err != nil {
				t.Fatal(err)
			}
			if len(errs) != len(tt.want) {
				for _, e := range errs {
					t.Log(e)
				}
				t.Fatalf("LintWorkflow() found %d problems, want %d", len(errs), len(tt.want))
			}
			for i, e := range errs {
				w := tt.want[i]
				if e.Filepath != "README.md" || !strings.Contains(e.Message, w.msg) {
					t.Errorf("problem %d = %s, want README.md and %q", i, e, w.msg)
				}
				if w.line != 0 && e.Line != offset+w.line {
					t.Errorf("problem %d on line %d, want %d (line %d of the block): %s", i, e.Line, offset+w.line, w.line, e)
				}
			}
		})
	}
}
