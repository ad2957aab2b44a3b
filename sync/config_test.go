package sync

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestParseConfig(t *testing.T) {
	t.Parallel()
	src := `
default-project: https://github.com/orgs/acme/projects/7
routes:
  - section: "(?i)vulnerab"
    project: https://github.com/orgs/acme/projects/10/views/2
housekeeping:
  add: [Round table]
  remove: [Upcoming events]
fields:
  status: State
  done: Finished
  last-discussed: Discussed
issue-repository: acme/meetings
handles: {stigsp: stigtsp, "@tux": hmbrand}
mentions: true
`
	c, err := ParseConfig("c.yml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		DefaultProject:  "https://github.com/orgs/acme/projects/7",
		Routes:          []Route{{Section: "(?i)vulnerab", Project: "https://github.com/orgs/acme/projects/10/views/2", ref: BoardRef{Owner: "acme", Kind: "org", Number: 10}}},
		HousekeepingAdd: []string{"Round table"},
		HousekeepingDel: []string{"Upcoming events"},
		Fields:          FieldNames{Status: "State", DoneOption: "Finished", LastDiscussed: "Discussed"},
		IssueRepository: "acme/meetings",
		Handles:         map[string]string{"stigsp": "stigtsp", "tux": "hmbrand"},
		Mentions:        true,
		defaultRef:      &BoardRef{Owner: "acme", Kind: "org", Number: 7},
	}
	if diff := cmp.Diff(want, c, cmp.AllowUnexported(Config{}, Route{}), cmpopts.IgnoreFields(Route{}, "section", "title")); diff != "" {
		t.Errorf("config (-want +got):\n%s", diff)
	}
	if c.Routes[0].section == nil || !c.Routes[0].section.MatchString("Ongoing Vulnerabilities") {
		t.Errorf("route pattern not compiled")
	}
}

func TestParseConfigReportsEveryProblemWithLineAndKey(t *testing.T) {
	t.Parallel()
	src := `default-projekt: x
routes:
  - section: "("
    project: https://example.com/nope
  - project: https://github.com/orgs/a/projects/1
fields:
  colour: red
issue-repository: just-a-name
mentions: maybe
`
	_, err := ParseConfig("cfg.yml", []byte(src))
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		`cfg.yml:1: unknown key "default-projekt"`,
		`cfg.yml:3: routes[0].section is not a valid regular expression`,
		`cfg.yml:4: routes[0].project: "https://example.com/nope" is not a board address`,
		`cfg.yml:5: routes[1] needs a section or title pattern`,
		`cfg.yml:7: unknown key "fields.colour"`,
		`cfg.yml:8: issue-repository must be OWNER/REPO`,
		`cfg.yml:9: mentions must be true or false, not "maybe"`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}

func TestLoadConfigMissingFileIsDefault(t *testing.T) {
	t.Parallel()
	c, err := LoadConfig(filepath.Join(t.TempDir(), "none.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(DefaultConfig(), c, cmp.AllowUnexported(Config{})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "c.yml"), []byte("routes: 3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadConfig(filepath.Join(dir, "c.yml")); err == nil || !strings.Contains(err.Error(), "c.yml:1: routes must be a list") {
		t.Errorf("err = %v", err)
	}
}

func TestParseBoardURL(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want BoardRef
		ok   bool
	}{
		{"https://github.com/orgs/CPAN-Security/projects/1/views/2", BoardRef{"CPAN-Security", "org", 1}, true},
		{"https://github.com/users/alice/projects/12", BoardRef{"alice", "user", 12}, true},
		{"https://github.com/orgs/a/projects/x", BoardRef{}, false},
		{"https://github.com/alice/repo", BoardRef{}, false},
	} {
		got, err := ParseBoardURL(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseBoardURL(%q) = %v, %v", tc.in, got, err)
		}
	}
}
