package sync

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:generate go test -run TestConfigSchemaIsUpToDate -update .

// configFile is the configuration file as written. ParseConfig decodes it
// with unknown keys rejected, Validate checks the values, and config turns
// it into a Config.
//
// It is also the source of the JSON Schema minutes-sync.schema.json at the
// repository's root: the field comments are its descriptions, so they speak
// to the file's author, and the jsonschema tags state in the schema what
// Validate checks. After a change here, rewrite the schema with go generate.
type configFile struct {
	// The board for work items outside any board section, e.g. https://github.com/orgs/ORG/projects/7.
	DefaultProject boardURL `yaml:"default-project"`
	// Boards for work items outside any board section, chosen by the heading the item was under or by its title; the first match wins.
	Routes []*routeFile `yaml:"routes"` // pointers: an empty item stays in its place
	// Sections of the minutes that are never work items.
	Housekeeping housekeepingFile `yaml:"housekeeping"`
	// More headings that collect unrelated work, e.g. "^releases$": the heading is no work item, each of its top-level bullets is one (built in: "Ongoing vulnerabilities", "Operating changes", "Other", "AOB" and others).
	Buckets []string `yaml:"buckets"`
	// The names of the board fields and the option the sync sets, matched case-insensitively.
	Fields fieldsFile `yaml:"fields"`
	// Create real issues in this repository (OWNER/REPO) instead of draft issues.
	IssueRepository string `yaml:"issue-repository" jsonschema:"pattern=^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$"`
	// GitHub logins of the handles in the minutes, e.g. stigsp: stigtsp.
	Handles handleMap `yaml:"handles"`
	// Let @handles in notes notify people; false (the default) keeps them from doing so.
	Mentions bool `yaml:"mentions"`
	// The group's name in notes, e.g. CPAN Security Group (default: the minutes' repository's name).
	Group string `yaml:"group"`
	// Owners (ORG) or repositories (OWNER/REPO) outside the boards' owners whose issues may get notes as comments; elsewhere notes go into the board's status update.
	CommentIn []string `yaml:"comment-in"`
	// The boards in scope, e.g. https://github.com/orgs/ORG/projects/1 (default: every board of the boards' owners and of the minutes' repository's owner).
	Boards []boardURL `yaml:"boards"`
	// How sure a match by similarity must be.
	Matching matchingFile `yaml:"matching"`
	// Work items that belong on a card whatever their wording: the reported title (or a pattern on it) and the card (its title, or a link to it).
	Aliases []*aliasFile `yaml:"aliases"`
}

// matchingFile tunes matching by similarity.
type matchingFile struct {
	// The least score (0 to 1) a card needs to be matched by similarity (default 0.32).
	Threshold *float64 `yaml:"threshold" jsonschema:"minimum=0,maximum=1"`
	// How far the best card must be ahead of the second (default 0.1).
	Margin *float64 `yaml:"margin" jsonschema:"minimum=0,maximum=1"`
}

// aliasFile is one entry of aliases.
type aliasFile struct {
	// The title a meeting reports, compared without case and punctuation, e.g. CNA Update.
	Title string `yaml:"title" jsonschema:"oneof_required=title"`
	// A Go regular expression on the reported title, e.g. (?i)^CNA\b.
	Pattern pattern `yaml:"pattern" jsonschema:"oneof_required=pattern"`
	// The card: its title on the board, or a link to it (the issue, or the board's item link); "new" gives the work a card of its own, never another card by title or similarity.
	Card string `yaml:"card" jsonschema:"required"`
}

// routeFile is one entry of routes.
type routeFile struct {
	// A Go regular expression on the heading the work item was under, e.g. (?i)vulnerab.
	Section pattern `yaml:"section" jsonschema:"anyof_required=section"`
	// A Go regular expression on the work item's title, e.g. (?i)^CVE-.
	Title pattern `yaml:"title" jsonschema:"anyof_required=title"`
	// The board the matching work items go to, e.g. https://github.com/orgs/ORG/projects/10.
	Project boardURL `yaml:"project" jsonschema:"required"`
}

// housekeepingFile changes the list of sections that are never work items.
type housekeepingFile struct {
	// Headings to add to the built-in housekeeping sections, e.g. Round table.
	Add []string `yaml:"add"`
	// Built-in housekeeping sections that hold work items after all, e.g. Upcoming events.
	Remove []string `yaml:"remove"`
}

// fieldsFile names the board fields the sync sets.
type fieldsFile struct {
	// The single-select field that tracks a work item's state (default Status).
	Status string `yaml:"status"`
	// The option of the status field that marks a finished work item (default Done).
	Done string `yaml:"done"`
	// The date field that records when a work item was last discussed (default Last discussed).
	LastDiscussed string `yaml:"last-discussed"`
}

// handleMap maps handles in the minutes to GitHub logins.
type handleMap map[string]string

// boardURL is a board address in the configuration file, read with the line
// it is on; a value that is no board address is kept for Validate to report.
type boardURL struct {
	URL  string // as written, spaces trimmed; "" when not given
	Ref  BoardRef
	Line int
	err  error
}

// UnmarshalYAML reads a board address.
func (u *boardURL) UnmarshalYAML(n *yaml.Node) error {
	u.Line = n.Line
	if n.Kind != yaml.ScalarNode {
		u.err = errNotString
		return nil
	}
	u.URL = strings.TrimSpace(n.Value)
	if u.URL != "" {
		u.Ref, u.err = ParseBoardURL(u.URL)
	}
	return nil
}

// problem says what is wrong with a board address given under key, or "".
func (u boardURL) problem(key string) string {
	switch {
	case errors.Is(u.err, errNotString):
		return key + " must be a string"
	case u.err != nil:
		return fmt.Sprintf("%s: %v", key, u.err)
	}
	return ""
}

// pattern is a Go regular expression in the configuration file, compiled
// when read and kept with its line; one that does not compile is kept for
// Validate to report.
type pattern struct {
	Source string         // as written, spaces trimmed
	Line   int            // 0 when not given
	re     *regexp.Regexp // nil when not given or invalid
	err    error
}

// UnmarshalYAML reads and compiles a regular expression. An empty one is
// given and matches anything.
func (p *pattern) UnmarshalYAML(n *yaml.Node) error {
	p.Line = n.Line
	if n.Kind != yaml.ScalarNode {
		p.err = errNotString
		return nil
	}
	p.Source = strings.TrimSpace(n.Value)
	p.re, p.err = regexp.Compile(p.Source)
	return nil
}

// problem says what is wrong with a pattern given under key, or "".
func (p pattern) problem(key string) string {
	switch {
	case errors.Is(p.err, errNotString):
		return key + " must be a string"
	case p.err != nil:
		return fmt.Sprintf("%s is not a valid regular expression: %v", key, p.err)
	}
	return ""
}

var errNotString = errors.New("not a string")

// Validate adds every problem of the decoded values to ps: board addresses,
// patterns, routes that lack a project or a pattern, the issue repository
// and the handles. ps knows the line of every key.
func (f *configFile) Validate(ps *problems) {
	ps.add(f.DefaultProject.Line, f.DefaultProject.problem("default-project"))
	items := ps.decodedItems("routes")
	for i, r := range f.Routes {
		key := fmt.Sprintf("routes[%d]", i)
		if i < len(items) {
			key = items[i] // the decoder drops the items it reports as wrong
		}
		if r == nil {
			r = &routeFile{}
		}
		ps.add(r.Section.Line, r.Section.problem(key+".section"))
		ps.add(r.Title.Line, r.Title.problem(key+".title"))
		ps.add(r.Project.Line, r.Project.problem(key+".project"))
		if r.Project.URL == "" && r.Project.err == nil {
			ps.add(ps.line(key), key+" needs a project")
		}
		if r.Section.Line == 0 && r.Title.Line == 0 {
			ps.add(ps.line(key), key+" needs a section or title pattern")
		}
	}
	if s := strings.TrimSpace(f.IssueRepository); s != "" {
		if owner, repo, ok := strings.Cut(s, "/"); !ok || owner == "" || repo == "" || strings.Contains(repo, "/") {
			ps.add(ps.line("issue-repository"), fmt.Sprintf("issue-repository must be OWNER/REPO, not %q", s))
		}
	}
	f.validateMatching(ps)
	for i, b := range f.Boards {
		ps.add(b.Line, b.problem(fmt.Sprintf("boards[%d]", i)))
	}
	for _, k := range slices.Sorted(maps.Keys(f.Handles)) {
		if handle(k) == "" || handle(f.Handles[k]) == "" {
			ps.add(ps.line("handles."+k), fmt.Sprintf("handles.%s must map a handle to a login", k))
		}
	}
}

// validateMatching checks the matching settings and the aliases.
func (f *configFile) validateMatching(ps *problems) {
	for key, v := range map[string]*float64{"matching.threshold": f.Matching.Threshold, "matching.margin": f.Matching.Margin} {
		if v != nil && (*v < 0 || *v > 1) {
			ps.add(ps.line(key), fmt.Sprintf("%s must be between 0 and 1, not %v", key, *v))
		}
	}
	for i, a := range f.Aliases {
		key := fmt.Sprintf("aliases[%d]", i)
		if a == nil {
			a = &aliasFile{}
		}
		ps.add(a.Pattern.Line, a.Pattern.problem(key+".pattern"))
		if strings.TrimSpace(a.Title) == "" && a.Pattern.Line == 0 {
			ps.add(ps.line(key), key+" needs a title or a pattern")
		}
		if strings.TrimSpace(a.Card) == "" {
			ps.add(ps.line(key), key+" needs a card")
		}
	}
}

// handle trims a handle or login and drops its @.
func handle(s string) string { return strings.TrimPrefix(strings.TrimSpace(s), "@") }

// config turns a valid file into a Config; what is not given keeps its
// default.
func (f *configFile) config() *Config {
	c := DefaultConfig()
	if f.DefaultProject.URL != "" {
		ref := f.DefaultProject.Ref
		c.DefaultProject, c.defaultRef = f.DefaultProject.URL, &ref
	}
	for _, r := range f.Routes {
		if r == nil {
			continue
		}
		c.Routes = append(c.Routes, Route{
			Section: r.Section.Source, Title: r.Title.Source, Project: r.Project.URL,
			section: r.Section.re, title: r.Title.re, ref: r.Project.Ref,
		})
	}
	c.HousekeepingAdd = nonEmpty(f.Housekeeping.Add)
	c.Buckets = nonEmpty(f.Buckets)
	c.HousekeepingDel = nonEmpty(f.Housekeeping.Remove)
	c.Fields = FieldNames{
		Status:        strings.TrimSpace(f.Fields.Status),
		DoneOption:    strings.TrimSpace(f.Fields.Done),
		LastDiscussed: strings.TrimSpace(f.Fields.LastDiscussed),
	}
	c.IssueRepository = strings.TrimSpace(f.IssueRepository)
	if f.Handles != nil {
		c.Handles = make(map[string]string, len(f.Handles))
		for k, v := range f.Handles {
			c.Handles[handle(k)] = handle(v)
		}
	}
	c.Mentions = f.Mentions
	c.Group = strings.TrimSpace(f.Group)
	c.CommentIn = nonEmpty(f.CommentIn)
	for _, b := range f.Boards {
		if b.URL != "" {
			c.Boards = append(c.Boards, b.Ref)
		}
	}
	if f.Matching.Threshold != nil {
		c.Matching.Threshold = *f.Matching.Threshold
	}
	if f.Matching.Margin != nil {
		c.Matching.Margin = *f.Matching.Margin
	}
	for _, a := range f.Aliases {
		if a != nil {
			c.Aliases = append(c.Aliases, Alias{Title: strings.TrimSpace(a.Title), Pattern: a.Pattern.re, Card: strings.TrimSpace(a.Card)})
		}
	}
	return c
}

// nonEmpty returns the strings of list that are not blank, trimmed.
func nonEmpty(list []string) []string {
	var out []string
	for _, s := range list {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
