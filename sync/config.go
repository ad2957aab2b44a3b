package sync

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

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
type Config struct {
	DefaultProject  string
	Routes          []Route
	HousekeepingAdd []string
	HousekeepingDel []string
	Fields          FieldNames
	IssueRepository string
	Handles         map[string]string
	Mentions        bool

	defaultRef *BoardRef
}

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
	return &Config{Fields: FieldNames{Status: "Status", DoneOption: "Done", LastDiscussed: "Last discussed"}}
}

// LoadConfig reads the configuration file at path. A missing file gives the
// default configuration; an unreadable or invalid one is an error that names
// the file and, for each problem, the line and key.
func LoadConfig(path string) (*Config, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return DefaultConfig(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	return ParseConfig(path, b)
}

var configKeys = []string{"default-project", "routes", "housekeeping", "fields", "issue-repository", "handles", "mentions"}

// ParseConfig reads a configuration file's contents; name is used in errors.
func ParseConfig(name string, b []byte) (*Config, error) {
	c := DefaultConfig()
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(doc.Content) == 0 { // empty file
		return c, nil
	}
	root := doc.Content[0]
	var errs []error
	bad := func(n *yaml.Node, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s:%d: %s", name, n.Line, fmt.Sprintf(format, args...)))
	}
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: the configuration must be a mapping of keys such as default-project and routes", name, root.Line)
	}
	str := func(key string, v *yaml.Node) (string, bool) {
		if v.Kind != yaml.ScalarNode {
			bad(v, "%s must be a string", key)
			return "", false
		}
		return strings.TrimSpace(v.Value), true
	}
	strList := func(key string, v *yaml.Node) []string {
		if v.Kind != yaml.SequenceNode {
			bad(v, "%s must be a list of strings", key)
			return nil
		}
		var out []string
		for _, e := range v.Content {
			if s, ok := str(key, e); ok && s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	eachKey := func(m *yaml.Node, what string, known []string, f func(k string, kn, v *yaml.Node)) {
		if m.Kind != yaml.MappingNode {
			bad(m, "%s must be a mapping with keys %s", what, strings.Join(known, ", "))
			return
		}
		for i := 0; i+1 < len(m.Content); i += 2 {
			kn, v := m.Content[i], m.Content[i+1]
			if !contains(known, kn.Value) {
				prefix := ""
				if what != "" {
					prefix = what + "."
				}
				bad(kn, "unknown key %q (known keys: %s)", prefix+kn.Value, strings.Join(known, ", "))
				continue
			}
			f(kn.Value, kn, v)
		}
	}
	eachKey(root, "", configKeys, func(k string, kn, v *yaml.Node) {
		switch k {
		case "default-project":
			if s, ok := str(k, v); ok && s != "" {
				ref, err := ParseBoardURL(s)
				if err != nil {
					bad(v, "default-project: %v", err)
					return
				}
				c.DefaultProject, c.defaultRef = s, &ref
			}
		case "routes":
			if v.Kind != yaml.SequenceNode {
				bad(v, "routes must be a list of {section, title, project}")
				return
			}
			for i, rn := range v.Content {
				var r Route
				what := fmt.Sprintf("routes[%d]", i)
				eachKey(rn, what, []string{"section", "title", "project"}, func(k string, _, v *yaml.Node) {
					s, ok := str(what+"."+k, v)
					if !ok {
						return
					}
					switch k {
					case "section", "title":
						re, err := regexp.Compile(s)
						if err != nil {
							bad(v, "%s.%s is not a valid regular expression: %v", what, k, err)
							return
						}
						if k == "section" {
							r.Section, r.section = s, re
						} else {
							r.Title, r.title = s, re
						}
					case "project":
						ref, err := ParseBoardURL(s)
						if err != nil {
							bad(v, "%s.project: %v", what, err)
							return
						}
						r.Project, r.ref = s, ref
					}
				})
				if rn.Kind == yaml.MappingNode {
					if r.Project == "" {
						bad(rn, "%s needs a project", what)
					}
					if r.section == nil && r.title == nil {
						bad(rn, "%s needs a section or title pattern", what)
					}
				}
				c.Routes = append(c.Routes, r)
			}
		case "housekeeping":
			eachKey(v, "housekeeping", []string{"add", "remove"}, func(k string, _, v *yaml.Node) {
				if k == "add" {
					c.HousekeepingAdd = strList("housekeeping.add", v)
				} else {
					c.HousekeepingDel = strList("housekeeping.remove", v)
				}
			})
		case "fields":
			eachKey(v, "fields", []string{"status", "done", "last-discussed"}, func(k string, _, v *yaml.Node) {
				s, ok := str("fields."+k, v)
				if !ok {
					return
				}
				switch k {
				case "status":
					c.Fields.Status = s
				case "done":
					c.Fields.DoneOption = s
				case "last-discussed":
					c.Fields.LastDiscussed = s
				}
			})
		case "issue-repository":
			if s, ok := str(k, v); ok && s != "" {
				if parts := strings.Split(s, "/"); len(parts) != 2 || parts[0] == "" || parts[1] == "" {
					bad(v, "issue-repository must be OWNER/REPO, not %q", s)
					return
				}
				c.IssueRepository = s
			}
		case "handles":
			if v.Kind != yaml.MappingNode {
				bad(v, "handles must be a mapping of minutes handle to GitHub login")
				return
			}
			c.Handles = map[string]string{}
			for i := 0; i+1 < len(v.Content); i += 2 {
				from := strings.TrimPrefix(strings.TrimSpace(v.Content[i].Value), "@")
				to := strings.TrimPrefix(strings.TrimSpace(v.Content[i+1].Value), "@")
				if from == "" || to == "" || v.Content[i+1].Kind != yaml.ScalarNode {
					bad(v.Content[i], "handles.%s must map a handle to a login", v.Content[i].Value)
					continue
				}
				c.Handles[from] = to
			}
		case "mentions":
			var on bool
			if err := v.Decode(&on); err != nil {
				bad(v, "mentions must be true or false, not %q", v.Value)
				return
			}
			c.Mentions = on
		}
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return c, nil
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
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
	return minutes.Options{Housekeeping: out, Handles: handles}
}

// route returns the board an item goes to: the one the minutes put it under,
// else the first matching route's, else the default project's.
func (c *Config) route(it minutes.Item) (BoardRef, bool) {
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
