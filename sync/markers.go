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
//	<!-- minutes-sync:item key=KEY -->                  body of an item it created
//	<!-- minutes-sync:note meeting=DATE key=KEY sum=SUM -->   a meeting's note on an item
//	<!-- /minutes-sync:note -->                               end of a note inside a draft body
//	<!-- minutes-sync:status meeting=DATE sum=SUM -->         a project status update
//
// KEY is the item's normalised title (see itemKey), DATE the meeting's date,
// and SUM a checksum of what the note says, links left out: a note is
// rewritten only when the minutes say something else, not when a new commit
// changes the permalinks (or when someone touched up the note by hand).
// Text from the minutes passes through sanitize first, which makes "<!--"
// inert, so minutes can neither forge nor break a marker.

func itemMarker(key string) string { return "<!-- minutes-sync:item key=" + key + " -->" }

// notePrefix finds a note whatever its checksum.
func notePrefix(date, key string) string {
	return "<!-- minutes-sync:note meeting=" + date + " key=" + key + " "
}

func noteMarker(date, key, sum string) string { return notePrefix(date, key) + "sum=" + sum + " -->" }

const noteEnd = "<!-- /minutes-sync:note -->"

func statusPrefix(date string) string { return "<!-- minutes-sync:status meeting=" + date + " " }

func statusMarker(date, sum string) string { return statusPrefix(date) + "sum=" + sum + " -->" }

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
// short) and, unless mentions are on, @handles do not notify anyone.
func sanitize(s string, mentions bool) string {
	s = strings.ReplaceAll(s, "<!--", "&lt;!--")
	if !mentions {
		s = mentionRE.ReplaceAllString(s, "$1@&#8203;$2")
	}
	return s
}

// mentionRE finds @handles the way GitHub does: an @ not preceded by a word
// character (so e-mail addresses are left alone), then a login.
var mentionRE = regexp.MustCompile(`(^|[^\w@/])@([A-Za-z0-9][A-Za-z0-9-]*)`)

// draftSection returns the start and end offsets of the note for date and
// key in a draft body, end including the end marker; ok is false when the
// body has no such note.
func draftSection(body, date, key string) (start, end int, ok bool) {
	start = strings.Index(body, notePrefix(date, key))
	if start < 0 {
		return 0, 0, false
	}
	rel := strings.Index(body[start:], noteEnd)
	if rel < 0 { // the end marker was edited away: the note runs to the end
		return start, len(body), true
	}
	return start, start + rel + len(noteEnd), true
}

// withDraftNote returns body with the note for date and key set to note
// (which includes its markers): replaced in place when present, else
// appended. Text around it, whoever wrote it, is kept.
func withDraftNote(body, date, key, note string) string {
	if s, e, ok := draftSection(body, date, key); ok {
		return body[:s] + note + body[e:]
	}
	if body == "" {
		return note
	}
	return strings.TrimRight(body, "\n") + "\n\n" + note
}
