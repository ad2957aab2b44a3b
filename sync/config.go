package sync

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/minutes-sync/minutes-sync/minutes"
)

// DefaultConfigPath is where LoadConfig looks when no path is given.
const DefaultConfigPath = ".github/minutes-sync.yml"

// Config is the optional configuration file. Every key is optional.
//
//	default-project: https://github.com/orgs/ORG/projects/7   # items outside any board
//	routes:                                                   # first match wins
//	  - section: "(?i)vulnerab"                               # heading the item was under
//	    title: "(?i)^CVE-"                                    # the item's title
//	    project: https://github.com/orgs/ORG/projects/10
//	housekeeping:
//	  add: ["Round table"]                                    # sections that are never items
//	  remove: ["Upcoming events"]
//	fields:
//	  status: Status
//	  done: Done
//	  last-discussed: Last discussed
//	issue-repository: ORG/REPO                                # create issues there, not drafts
//	handles: {stigsp: stigtsp}                                # minutes handle -> GitHub login
//	mentions: false                                           # true lets @handles notify
//	group: CPAN Security Group                                # the group's name in notes
//	comment-in: [ORG, OWNER/REPO]                             # more places where notes may be comments
//	boards: [https://github.com/orgs/ORG/projects/1]          # the boards in scope
//	matching: {threshold: 0.32, margin: 0.1}                  # how sure a match by similarity must be
//	aliases:                                                  # pin a wording to a card
//	  - title: CNA Update
//	    card: CNA process
//
// The file is read through configFile, whose JSON Schema,
// minutes-sync.schema.json at the repository's root, lets editors complete
// and check it.
type Config struct {
	DefaultProject  string
	Routes          []Route
	HousekeepingAdd []string
	Buckets         []string // more headings whose bullets are each a work item
	HousekeepingDel []string
	Fields          FieldNames
	IssueRepository string
	Handles         map[string]string
	Mentions        bool
	Group           string     // the group's name in notes; "" for the repository's name
	CommentIn       []string   // owners or owner/repo where notes may be comments too
	Boards          []BoardRef // the boards in scope; none: every board of the owners in scope
	Matching        Matching
	Aliases         []Alias

	defaultRef *BoardRef
}

// Matching tunes matching by similarity: a card is taken when its score
// reaches Threshold and is Margin ahead of the runner-up.
type Matching struct {
	Threshold float64
	Margin    float64
}

// The defaults of Matching, chosen on the labelled corpus (see the README's
// "Which card is this work item?").
const (
	DefaultThreshold = 0.32
	DefaultMargin    = 0.1
)

// Alias pins work items to a card: those whose title normalises like Title
// or matches Pattern go to the card Card names (its title, or a link to its
// issue or board item).
type Alias struct {
	Title   string
	Pattern *regexp.Regexp
	Card    string // a card's title or link, or AliasNew
}

// AliasNew as an alias's card keeps the work items it fits off every card
// they would match by title or similarity: they get a card of their own
// (found again by its marker, a link or the meeting's note). It is how a
// reviewer says "not that card" to a plan's similar match.
const AliasNew = "new"

// Route sends work items whose section or title matches to a board. Both
// patterns are Go regular expressions; an empty one matches anything, but
// a route needs at least one.
type Route struct {
	Section string
	Title   string
	Project string

	section, title *regexp.Regexp
	ref            BoardRef
}

// DefaultConfig returns the configuration used when there is no file.
func DefaultConfig() *Config {
	return &Config{
		Fields:   FieldNames{Status: "Status", DoneOption: "Done", LastDiscussed: "Last discussed"},
		Matching: Matching{Threshold: DefaultThreshold, Margin: DefaultMargin},
	}
}

// ParseConfig reads a configuration file's contents; name is used in errors.
// It reports every problem of the file at once, each with its line and key.
func ParseConfig(name string, b []byte) (*Config, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(doc.Content) == 0 { // empty file
		return DefaultConfig(), nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: the configuration must be a mapping of keys such as default-project and routes", name, root.Line)
	}
	d := DefaultConfig().Fields
	f := configFile{Fields: fieldsFile{Status: d.Status, Done: d.DoneOption, LastDiscussed: d.LastDiscussed}}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	err := dec.Decode(&f)
	var typeErr *yaml.TypeError // the decoder goes on after these and reports them all
	if err != nil && !errors.As(err, &typeErr) {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	ps := newProblems(name, root)
	ps.decoding(typeErr)
	f.Validate(ps)
	if err := ps.err(); err != nil {
		return nil, err
	}
	return f.config(), nil
}

// DefaultBoard returns the board for items outside any board section, if one
// is configured.
func (c *Config) DefaultBoard() (BoardRef, bool) {
	if c.defaultRef == nil {
		return BoardRef{}, false
	}
	return *c.defaultRef, true
}

// SetDefaultProject sets the board for items outside any board section, as
// the action's default-project input does.
func (c *Config) SetDefaultProject(url string) error {
	ref, err := ParseBoardURL(url)
	if err != nil {
		return fmt.Errorf("default-project: %w", err)
	}
	c.DefaultProject, c.defaultRef = url, &ref
	return nil
}

// MinutesOptions returns the parser options the configuration implies.
func (c *Config) MinutesOptions() minutes.Options {
	hk := minutes.DefaultHousekeeping()
	var out []string
	for _, h := range hk {
		drop := false
		for _, d := range c.HousekeepingDel {
			if strings.EqualFold(h, d) {
				drop = true
			}
		}
		if !drop {
			out = append(out, h)
		}
	}
	out = append(out, c.HousekeepingAdd...)
	handles := make(map[string]string, len(c.Handles))
	for k, v := range c.Handles {
		handles[k] = v
	}
	return minutes.Options{Housekeeping: out, Buckets: c.Buckets, Handles: handles}
}

// route returns the board an item goes to: the board of the card its title
// line links (a person's word on which card the work is; a card of the
// catch-all default board excepted, which the minutes' board takes over),
// else the one the minutes put it under, else the first matching route's,
// else the default project's.
func (c *Config) route(it minutes.Item) (BoardRef, bool) {
	if it.Board != nil && it.Card != nil {
		if d, ok := c.DefaultBoard(); !ok || d != RefOf(it.Card.Board) {
			return RefOf(it.Card.Board), true
		}
	}
	if it.Board != nil {
		return RefOf(*it.Board), true
	}
	for _, r := range c.Routes {
		if (r.section == nil || r.section.MatchString(it.Section)) && (r.title == nil || r.title.MatchString(it.Title)) {
			return r.ref, true
		}
	}
	return c.DefaultBoard()
}

// Board is the board the route sends work items to.
func (r Route) Board() BoardRef { return r.ref }
