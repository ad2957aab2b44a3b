package pipeline

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/minutes-sync/minutes-sync/minutes"
)

// LinkValues are what a minutes-url template's placeholders stand for,
// except the file's path and the anchor, which come from each meeting.
type LinkValues struct {
	Server string // {server}: https://github.com or a GHES address
	Repo   string // {repo}: owner/name
	SHA    string // {sha}: the commit the links point at
}

// Link returns the function a plan links back to the minutes with: the
// template filled for each meeting's file and anchor. An empty template
// gives nil, which links to the file path and anchor.
func Link(tmpl string, v LinkValues) func(m *minutes.Meeting, anchor string) string {
	if tmpl == "" {
		return nil
	}
	return func(m *minutes.Meeting, anchor string) string {
		return expandLink(tmpl, map[string]string{
			"server": v.Server, "repo": v.Repo, "sha": v.SHA, "path": m.File, "anchor": anchor,
		})
	}
}

// minutesURLFields are the placeholders the minutes-url template may use.
var minutesURLFields = []string{"server", "repo", "sha", "path", "anchor"}

// CheckLinkTemplate says what is wrong with a minutes-url template: an
// unclosed brace or a placeholder it does not know.
func CheckLinkTemplate(t string) error {
	rest := t
	for {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			return nil
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			return fmt.Errorf("%q has an unclosed {", t)
		}
		name := rest[i+1 : i+j]
		known := false
		for _, f := range minutesURLFields {
			known = known || f == name
		}
		if !known {
			return fmt.Errorf("%q uses {%s}; the placeholders are {%s}", t, name, strings.Join(minutesURLFields, "}, {"))
		}
		rest = rest[i+j+1:]
	}
}

// expandLink fills a minutes-url template. The path is escaped segment by
// segment; a link without an anchor loses its trailing "#".
func expandLink(t string, vals map[string]string) string {
	args := make([]string, 0, 2*len(minutesURLFields))
	for _, f := range minutesURLFields {
		v := vals[f]
		if f == "path" {
			segs := strings.Split(v, "/")
			for i, s := range segs {
				segs[i] = strings.ReplaceAll(url.PathEscape(s), "@", "%40") // a file name mentions nobody
			}
			v = strings.Join(segs, "/")
		}
		args = append(args, "{"+f+"}", v)
	}
	return strings.TrimSuffix(strings.NewReplacer(args...).Replace(t), "#")
}
