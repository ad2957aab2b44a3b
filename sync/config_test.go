package sync

import (
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
buckets: ["^releases$", ""]
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
		Buckets:         []string{"^releases$"},
		Fields:          FieldNames{Status: "State", DoneOption: "Finished", LastDiscussed: "Discussed"},
		IssueRepository: "acme/meetings",
		Handles:         map[string]string{"stigsp": "stigtsp", "tux": "hmbrand"},
		Mentions:        true,
		Matching:        Matching{Threshold: DefaultThreshold, Margin: DefaultMargin},
		defaultRef:      &BoardRef{Owner: "acme", Kind: "org", Number: 7},
	}
	if diff := cmp.Diff(want, c, cmp.AllowUnexported(Config{}, Route{}), cmpopts.IgnoreFields(Route{}, "section", "title")); diff != "" {
		t.Errorf("config (-want +got):\n%s", diff)
	}
	if c.Routes[0].section == nil || !c.Routes[0].section.MatchString("Ongoing Vulnerabilities") {
		t.Errorf("route pattern not compiled")
	}
	if o := c.MinutesOptions(); !cmp.Equal(o.Buckets, []string{"^releases$"}) {
		t.Errorf("parser options: buckets %q", o.Buckets)
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

func TestParseConfigExplainsDecodingProblems(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, src string
		want      []string
	}{
		{
			name: "wrong types name the key and what it must be",
			src:  "routes: 3\nfields: x\nhandles: [a]\nhousekeeping: {add: [1, {x: y}], remove: x}\nmentions: 'https://very-long-value'\n",
			want: []string{
				`c.yml:1: routes must be a list of {section, title, project}, not "3"`,
				`c.yml:2: fields must be a mapping with keys status, done, last-discussed, not "x"`,
				`c.yml:3: handles must be a mapping of minutes handle to GitHub login`,
				`c.yml:4: housekeeping.add[1] must be a string`,
				`c.yml:4: housekeeping.remove must be a list of strings, not "x"`,
				`c.yml:5: mentions must be true or false, not "https://very-long-value"`,
			},
		},
		{
			name: "list items keep their index when the decoder drops one",
			src:  "routes: [1, {section: x, nope: 2}, ~, {title: '(', project: [a]}]\n",
			want: []string{
				`c.yml:1: routes[0] must be a mapping with keys section, title, project, not "1"`,
				`c.yml:1: unknown key "routes[1].nope" (known keys: section, title, project)`,
				`c.yml:1: routes[1] needs a project`,
				`c.yml:1: routes[2] needs a project`,
				`c.yml:1: routes[2] needs a section or title pattern`,
				"c.yml:1: routes[3].title is not a valid regular expression: error parsing regexp: missing closing ): `(`",
				`c.yml:1: routes[3].project must be a string`,
			},
		},
		{
			name: "a key given twice",
			src:  "routes:\n  - section: a\n    section: b\n    project: https://github.com/orgs/a/projects/1\n  - title: x\nhandles: {a: b, a: c}\n",
			want: []string{
				`c.yml:3: routes[0].section is given twice (first on line 2)`,
				`c.yml:5: routes[1] needs a project`,
				`c.yml:6: handles.a is given twice (first on line 6)`,
			},
		},
		{
			name: "aliases are followed",
			src:  "x: &f {status: 1, q: 2}\nfields: *f\nroutes: &r [*r]\n",
			want: []string{
				`c.yml:1: unknown key "x" (known keys: default-project, routes, housekeeping, buckets, fields, issue-repository, handles, mentions, group, comment-in, boards, matching, aliases)`,
				`c.yml:1: unknown key "fields.q" (known keys: status, done, last-discussed)`,
				`c.yml:3: routes[0] must be a mapping with keys section, title, project`,
			},
		},
		{
			name: "handles need a handle and a login",
			src:  "handles: {a: {x: y}, b: '', '@': c, d: e}\n",
			want: []string{
				`c.yml:1: handles.a must be a string`,
				`c.yml:1: handles.@ must map a handle to a login`,
				`c.yml:1: handles.b must map a handle to a login`,
			},
		},
		{
			name: "a report the decoder gives without a key keeps its line",
			src:  "<<: {mentions: x}\n",
			want: []string{"c.yml:1: cannot unmarshal !!str `x` into bool"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseConfig("c.yml", []byte(tc.src))
			if err == nil {
				t.Fatal("no error")
			}
			if diff := cmp.Diff(tc.want, strings.Split(err.Error(), "\n")); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseConfigNullMeansNotGiven(t *testing.T) {
	t.Parallel()
	c, err := ParseConfig("c.yml", []byte("default-project:\nroutes:\nhousekeeping:\nfields:\n  status:\nhandles:\nmentions:\n"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(DefaultConfig(), c, cmp.AllowUnexported(Config{})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// FuzzParseConfig reads any file: it gives a configuration or an error
// naming the file, never a panic; a configuration it accepts it accepts
// again the same.
func FuzzParseConfig(f *testing.F) {
	for _, seed := range []string{
		"", "mentions: true\n", "routes: 3\n", "handles: {a: b}\n", "default-project: https://github.com/orgs/a/projects/1\n",
		"routes:\n  - section: \"(\"\n    project: x\n", "aliases:\n  - title: a\n    card: b\n", "matching: {threshold: 2}\n",
		"fields: &a {status: S}\nx: *a\n", "{", "- a\n- b\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		c, err := ParseConfig("c.yml", []byte(src))
		if err != nil {
			if !strings.Contains(err.Error(), "c.yml") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		again, err := ParseConfig("c.yml", []byte(src))
		if err != nil || !cmp.Equal(c, again, cmp.AllowUnexported(Config{}, Route{}), cmpopts.IgnoreFields(Route{}, "section", "title"), cmpopts.IgnoreFields(Alias{}, "Pattern")) {
			t.Fatalf("a second read differs: %v", err)
		}
	})
}
