package minutes

import (
	"bytes"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
)

var fullRefRe = regexp.MustCompile(`https?://github\.com/([A-Za-z0-9][\w.-]*)/([\w.-]+)/(?:issues|pull)/(\d+)`)

// foundRef is a reference and where it is written.
type foundRef struct {
	ref Ref
	pos int
}

// refContext is what resolves references that leave out their owner or
// repository: the minutes' repository (Options.Repo), the owners that the
// minutes' own GitHub links give to repository names, and the repository
// heading ("### nodejs/node") a reference is written under.
type refContext struct {
	owner, repo string            // Options.Repo
	owners      map[string]string // lower-case repository name -> owner, from links in the minutes
}

// newRefContext reads Options.Repo and every github.com/OWNER/REPO link in
// src.
func newRefContext(optRepo string, src []byte) refContext {
	var rc refContext
	if o, r, ok := strings.Cut(strings.TrimSpace(optRepo), "/"); ok && validOwner(o) && validRepo(r) {
		rc.owner, rc.repo = o, r
	}
	const host = "github.com/"
	for off := 0; ; {
		i := bytes.Index(src[off:], []byte(host))
		if i < 0 {
			break
		}
		off += i + len(host)
		rest := src[off:min(len(src), off+160)]
		o, after, ok := bytes.Cut(rest, []byte("/"))
		if !ok || !validOwner(string(o)) || string(o) == "orgs" || string(o) == "users" {
			continue
		}
		j := 0
		for j < len(after) && (isHandleByte(after[j]) || after[j] == '.') {
			j++
		}
		if r := strings.TrimSuffix(string(after[:j]), ".git"); validRepo(r) {
			if rc.owners == nil {
				rc.owners = map[string]string{}
			}
			if _, seen := rc.owners[strings.ToLower(r)]; !seen {
				rc.owners[strings.ToLower(r)] = string(o)
			}
		}
	}
	return rc
}

// resolve completes a reference: a repository without an owner takes the
// owner the minutes' links give it, or Options.Repo's owner; a bare number
// takes the repository of the heading it is under (ctx, "owner/repo"), or
// Options.Repo.
func (rc refContext) resolve(owner, repo string, n int, ctx string) (Ref, bool) {
	switch {
	case n <= 0:
		return Ref{}, false
	case owner != "":
	case repo != "":
		if o, ok := rc.owners[strings.ToLower(repo)]; ok {
			owner = o
		} else if rc.owner != "" {
			owner = rc.owner
		} else {
			return Ref{}, false
		}
	case ctx != "":
		owner, repo, _ = strings.Cut(ctx, "/")
	case rc.repo != "":
		owner, repo = rc.owner, rc.repo
	default:
		return Ref{}, false
	}
	return Ref{Owner: owner, Repo: repo, Number: n}, true
}

// validOwner reports whether s can be a GitHub user or organization.
func validOwner(s string) bool {
	if s == "" || len(s) > maxLoginLen || !isAlnum(s[0]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isAlnum(s[i]) && s[i] != '-' {
			return false
		}
	}
	return true
}

// validRepo reports whether s can be a GitHub repository name.
func validRepo(s string) bool {
	if s == "" || len(s) > 100 || s == "." || s == ".." {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isHandleByte(s[i]) && s[i] != '.' {
			return false
		}
	}
	return true
}

// repoHeading returns "owner/repo" when a heading's title is only a
// repository ("nodejs/security-wg"), or "".
func repoHeading(title string) string {
	t := strings.TrimRight(strings.TrimSpace(title), ":")
	o, r, ok := strings.Cut(t, "/")
	if !ok || !validOwner(o) || !validRepo(r) {
		return ""
	}
	return t
}

// refWords are words written before "#N" that do not name a repository:
// "PR#55" is the pull request 55 of the minutes' repository.
var refWords = map[string]bool{"pr": true, "prs": true, "issue": true, "issues": true, "gh": true, "pull": true}

// scanRefs adds to out the references written in s, with their positions
// plus base: full issue and pull-request URLs, owner/repo#N, repo#N and
// #N, the last two resolved through rc and the heading repository ctx. A
// reference that is the text of a link to an issue URL ("[#12](…/issues/12)")
// is left to the URL.
func (rc refContext) scanRefs(out []foundRef, s string, base int, ctx string) []foundRef {
	for off := 0; ; {
		i := strings.Index(s[off:], "github.com/")
		if i < 0 {
			break
		}
		start := off + i
		off = start + len("github.com/")
		if r, ok := urlRef(s[off:]); ok && (strings.HasSuffix(s[:start], "https://") || strings.HasSuffix(s[:start], "http://")) {
			out = append(out, foundRef{r, base + strings.LastIndex(s[:start], "http")})
		}
	}
	for i := strings.IndexByte(s, '#'); i >= 0; {
		if r, start, ok := rc.refAt(s, i, ctx); ok {
			out = append(out, foundRef{r, base + start})
		}
		next := strings.IndexByte(s[i+1:], '#')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return out
}

// urlRef reads "OWNER/REPO/issues/N" or "OWNER/REPO/pull/N", the rest of
// a github.com URL (fullRefRe, without a regular expression).
func urlRef(s string) (Ref, bool) {
	o, rest, ok := strings.Cut(s[:min(len(s), 200)], "/")
	if !ok || o == "" || !isAlnum(o[0]) || !validRepoChars(o) {
		return Ref{}, false
	}
	repo, rest, ok := strings.Cut(rest, "/")
	if !ok || repo == "" || !validRepoChars(repo) {
		return Ref{}, false
	}
	switch {
	case strings.HasPrefix(rest, "issues/"):
		rest = rest[len("issues/"):]
	case strings.HasPrefix(rest, "pull/"):
		rest = rest[len("pull/"):]
	default:
		return Ref{}, false
	}
	j := 0
	for j < len(rest) && isDigit(rest[j]) {
		j++
	}
	n, err := strconv.Atoi(rest[:j])
	if err != nil || n <= 0 {
		return Ref{}, false
	}
	return Ref{Owner: o, Repo: repo, Number: n}, true
}

// validRepoChars reports whether s has only the characters of an owner or
// repository name in a URL ([A-Za-z0-9_.-]).
func validRepoChars(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isHandleByte(s[i]) && s[i] != '.' {
			return false
		}
	}
	return true
}

// refAt reads a reference whose "#" is at s[i]; start is where it begins.
func (rc refContext) refAt(s string, i int, ctx string) (r Ref, start int, ok bool) {
	j := i + 1
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	if j == i+1 || j < len(s) && isHandleByte(s[j]) || linkedText(s, j) {
		return Ref{}, 0, false
	}
	n, err := strconv.Atoi(s[i+1 : j])
	if err != nil {
		return Ref{}, 0, false
	}
	repo := scanBack(s, i)
	switch {
	case repo == i: // "#12"
		if i > 0 && !refBoundary(s[i-1]) {
			return Ref{}, 0, false
		}
		r, ok = rc.resolve("", "", n, ctx)
		return r, i, ok
	case repo > 0 && s[repo-1] == '/': // "owner/repo#12"
		owner := scanBack(s, repo-1)
		if owner < repo-1 && isAlnum(s[owner]) && (owner == 0 || strings.IndexByte(" \t\n([,;", s[owner-1]) >= 0) {
			return Ref{Owner: s[owner : repo-1], Repo: s[repo:i], Number: n}, owner, true
		}
		return Ref{}, 0, false
	case repo > 0 && !refBoundary(s[repo-1]):
		return Ref{}, 0, false
	case refWords[strings.ToLower(s[repo:i])]: // "PR#55"
		r, ok = rc.resolve("", "", n, ctx)
		return r, repo, ok
	case validRepo(s[repo:i]) && isAlnum(s[repo]): // "leadership-council#103"
		r, ok = rc.resolve("", s[repo:i], n, ctx)
		return r, repo, ok
	}
	return Ref{}, 0, false
}

// refBoundary reports whether c may stand before a reference.
func refBoundary(c byte) bool { return strings.IndexByte(" \t\n([,;*_\"'", c) >= 0 }

// linkedText reports whether s[j:] closes the text of a link to an issue
// or pull request: "](https://github.com/o/r/issues/12)".
func linkedText(s string, j int) bool {
	if !strings.HasPrefix(s[j:], "](") {
		return false
	}
	u := s[j+2:]
	for _, pre := range []string{"https://github.com/", "http://github.com/"} {
		if strings.HasPrefix(u, pre) {
			_, ok := urlRef(u[len(pre):])
			return ok
		}
	}
	return false
}

// linkRefs adds the references of the links in n whose URL is not written
// in the item's text: reference links ("[#2995]" with "[#2995]: https://…"
// defined elsewhere). base is the body offset where the item's text starts.
func (p *parser) linkRefs(out []foundRef, n ast.Node, base int) []foundRef {
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		l, ok := c.(*ast.Link)
		if !entering || !ok || l.Reference == nil {
			return ast.WalkContinue, nil
		}
		if m := fullRefRe.FindSubmatch(l.Destination); m != nil {
			if num, err := strconv.Atoi(string(m[3])); err == nil && num > 0 {
				out = append(out, foundRef{Ref{Owner: string(m[1]), Repo: string(m[2]), Number: num}, max(p.start(l)-base, 0)})
			}
		}
		return ast.WalkSkipChildren, nil
	})
	return out
}

// sortRefs returns the references in the order they are written, each
// once (compared without case).
func sortRefs(found []foundRef) []Ref {
	sort.SliceStable(found, func(a, b int) bool { return found[a].pos < found[b].pos })
	out := make([]Ref, 0, len(found))
	for _, f := range found {
		if !slices.ContainsFunc(out, func(x Ref) bool { return sameRef(x, f.ref) }) {
			out = append(out, f.ref)
		}
	}
	return out
}

func sameRef(a, b Ref) bool {
	return a.Number == b.Number && strings.EqualFold(a.Owner, b.Owner) && strings.EqualFold(a.Repo, b.Repo)
}

// scanBack returns the start of the run of owner/repo characters ending
// before s[end].
func scanBack(s string, end int) int {
	i := end
	for i > 0 && (isHandleByte(s[i-1]) || s[i-1] == '.') {
		i--
	}
	return i
}

// itemRefs returns the references of a bullet item written as raw, and its
// subject: the first reference in its lead, the first leadLen bytes.
func (p *parser) itemRefs(li ast.Node, raw string, leadLen int, ctx string) ([]Ref, *Ref) {
	found := p.rc.scanRefs(nil, raw, 0, ctx)
	if p.refDefs {
		found = p.linkRefs(found, li, p.lineStarts[p.line(p.start(li))-1]-p.base)
	}
	refs := sortRefs(found)
	for _, f := range found {
		if f.pos < leadLen {
			return refs, subjectRef(refs, f.ref)
		}
	}
	return refs, nil
}

// topicRefs returns the references of a topic heading and its notes, and
// its subject: the first reference in the heading, else a link to an issue
// standing first in its content ("- **Link:** https://…/issues/103").
func (p *parser) topicRefs(s *section, notes, ctx string) ([]Ref, *Ref) {
	head := p.lineText(s.line, s.line)
	found := p.rc.scanRefs(nil, head, 0, ctx)
	inHead := len(found)
	found = p.rc.scanRefs(found, notes, len(head), ctx)
	if p.refDefs {
		for _, b := range s.blocks {
			found = p.linkRefs(found, b, p.start(b)-len(head)) // after the heading's own
		}
	}
	refs := sortRefs(found)
	if inHead > 0 {
		return refs, subjectRef(refs, found[0].ref)
	}
	if len(s.blocks) > 0 && notes != "" {
		if first, _, _ := strings.Cut(notes, "\n"); leadingLink(first) {
			for _, f := range found {
				if f.pos < len(head)+len(first) {
					return refs, subjectRef(refs, f.ref)
				}
			}
		}
	}
	return refs, nil
}

// subjectRef returns a copy of the entry of refs that is r.
func subjectRef(refs []Ref, r Ref) *Ref {
	for _, x := range refs {
		if sameRef(x, r) {
			return &x
		}
	}
	return &r
}

// leadingLink reports whether a line is only a link, perhaps after a bullet
// and a label: "- **Link:** https://github.com/o/r/issues/5", "[#12](…)".
func leadingLink(line string) bool {
	t := loneLink(line)
	return strings.Contains(t, "/issues/") || strings.Contains(t, "/pull/")
}

// loneLink returns the link a line holds alone, perhaps after a bullet and
// a label, or "" when the line holds more than a link.
func loneLink(line string) string {
	t := strings.TrimSpace(line)
	t = strings.TrimLeft(t, "-*+ ")
	if label, rest, ok := strings.Cut(t, ":"); ok && !strings.HasPrefix(rest, "//") && len(label) < 24 {
		t = strings.TrimSpace(strings.Trim(rest, "*_ "))
	}
	t = strings.Trim(t, "<>")
	if t == "" || strings.ContainsAny(t, " \t") {
		return ""
	}
	return t
}
