package sync

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
	"unicode"
)

// Everything this package writes to GitHub carries a hidden HTML-comment
// marker so that a later run finds it again:
//
//	<!-- minutes-sync:item key=KEY -->                                body of an item it created
//	<!-- minutes-sync:note meeting=DATE file=FILE key=KEY sum=SUM -->     a meeting's note on an item
//	<!-- /minutes-sync:note -->                                           end of a note
//	<!-- minutes-sync:status meeting=DATE file=FILE sum=SUM -->           a project status update
//
// KEY is the work item's normalised title (see itemKey), DATE the meeting's
// date, FILE a short checksum of the minutes file's path (two files of one
// date are two meetings), and SUM a checksum of what the note says, links
// left out: a note is
// rewritten only when the minutes say something else, not when a new commit
// changes the permalinks (or when someone touched up the note by hand).
// Text from the minutes passes through sanitize first, which makes "<!--"
// inert, so minutes can neither forge nor break a marker.

func itemMarker(key string) string { return ItemMarkerPrefix + key + " -->" }

// noteID names a meeting's note on a card: the meeting (date and file) and
// the work item (key).
type noteID struct {
	date, file, key string
}

// prefix finds the note whatever its checksum.
func (n noteID) prefix() string {
	return "<!-- minutes-sync:note meeting=" + n.date + " file=" + fileSum(n.file) + " key=" + n.key + " "
}

// legacyPrefix is how notes were marked before markers named the file;
// such a note is taken as this one's and rewritten in the new form.
func (n noteID) legacyPrefix() string {
	return "<!-- minutes-sync:note meeting=" + n.date + " key=" + n.key + " "
}

func (n noteID) marker(sum string) string { return n.prefix() + "sum=" + sum + " -->" }

// find returns the note's section in body (marker to end marker, or to the
// end of the body when that was edited away) and its checksum.
func (n noteID) find(body string) (start, end int, sum string, ok bool) {
	for _, p := range []string{n.prefix(), n.legacyPrefix()} {
		start = strings.Index(body, p)
		if start < 0 {
			continue
		}
		sum, _ = markerSum(body[start:], p)
		if p != n.prefix() {
			sum = "legacy:" + sum // never equal: the note is rewritten with the file
		}
		end = len(body)
		if rel := strings.Index(body[start:], noteEnd); rel >= 0 {
			end = start + rel + len(noteEnd)
		}
		return start, end, sum, true
	}
	return 0, 0, "", false
}

const noteEnd = "<!-- /minutes-sync:note -->"

// fileSum is the FILE of a marker: short, and free of anything that could
// end an HTML comment.
func fileSum(file string) string { return checksum("file:" + file)[:8] }

// statusPrefix finds a meeting's status update whatever its checksum;
// legacyStatusPrefix is the form without the file.
func statusPrefix(date, file string) string {
	return "<!-- minutes-sync:status meeting=" + date + " file=" + fileSum(file) + " "
}

func legacyStatusPrefix(date string) string {
	return "<!-- minutes-sync:status meeting=" + date + " sum="
}

func statusMarker(date, file, sum string) string {
	return statusPrefix(date, file) + "sum=" + sum + " -->"
}

// statusSum returns the checksum of a meeting's status update. A legacy
// marker (without the file) gives its own checksum: the text it sums did
// not change, so an update that says the same is left alone.
func statusSum(body, date, file string) (string, bool) {
	if sum, ok := markerSum(body, statusPrefix(date, file)); ok {
		return sum, true
	}
	legacy := legacyStatusPrefix(date)
	if !strings.Contains(body, legacy) {
		return "", false
	}
	return markerSum(body, legacy[:len(legacy)-len("sum=")])
}

// checksum is the SUM of a marker.
func checksum(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:6])
}

// markerSum returns the checksum in the marker that starts with prefix in
// body; found is false when body has no such marker.
func markerSum(body, prefix string) (sum string, found bool) {
	i := strings.Index(body, prefix)
	if i < 0 {
		return "", false
	}
	rest := body[i+len(prefix):]
	if end := strings.Index(rest, "-->"); end >= 0 {
		rest = rest[:end]
	}
	for _, f := range strings.Fields(rest) {
		if v, ok := strings.CutPrefix(f, "sum="); ok {
			return v, true
		}
	}
	return "", true
}

// itemKey normalises a title for matching and for markers: lower case,
// letters and digits only, words joined by "-". "CPAN::Meta::Spec,
// Requirements & PURLs" and "cpan meta spec requirements purls" agree.
func itemKey(title string) string {
	var b strings.Builder
	pendingSep := false
	for _, r := range strings.ToLower(title) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if pendingSep && b.Len() > 0 {
				b.WriteByte('-')
			}
			pendingSep = false
			b.WriteRune(r)
			continue
		}
		pendingSep = true
	}
	return b.String()
}

// sanitize makes text from the minutes safe to embed in what this package
// writes: HTML comments cannot start (so markers cannot be forged or cut
// short); unless mentions are on, no form of @handle GitHub would link
// notifies anyone (see defuseMentions); and references to issues and pull
// requests other than own (the work item's links, "owner/repo#N") make no
// timeline event on them (see defuseRefs).
func sanitize(s string, mentions bool, own []string) string {
	s = strings.ReplaceAll(s, "<!--", "&lt;!--")
	if !mentions {
		s = defuseMentions(s)
	}
	return defuseRefs(s, own)
}

// legacySanitize is how sanitize wrote text before it defused every form
// of mention and reference: what the checksums of notes an earlier version
// wrote were computed on.
func legacySanitize(s string, mentions bool) string {
	s = strings.ReplaceAll(s, "<!--", "&lt;!--")
	if !mentions {
		s = mentionRE.ReplaceAllString(s, "$1@&#8203;$2")
	}
	return s
}

// mentionRE finds @handles as the version before did: an @ not preceded by
// a word character, then a login.
var mentionRE = regexp.MustCompile(`(^|[^\w@/])@([A-Za-z0-9][A-Za-z0-9-]*)`)

// ItemKey is the key a work item's notes are marked with: its normalised
// title (see itemKey), or for a title without letters or digits a checksum
// of what it says (see contentKey).
func ItemKey(title, notes string) string {
	if k := itemKey(title); k != "" {
		return k
	}
	return contentKey(title, notes)
}

// contentKey is the key of a work item whose title has no letters or
// digits: a checksum of what it says, so that it stays the same when lines
// are added above it and no title can claim it.
func contentKey(title, notes string) string {
	return "x-" + checksum(title + "\x00" + notes)[:10]
}

// withNote returns body with the note id set to note (which includes its
// markers): replaced in place when present, else appended. Text around it,
// whoever wrote it, is kept. Draft bodies and comments hold notes alike.
func withNote(body string, id noteID, note string) string {
	if s, e, _, ok := id.find(body); ok {
		return body[:s] + note + body[e:]
	}
	if body == "" {
		return note
	}
	return strings.TrimRight(body, "\n") + "\n\n" + note
}
