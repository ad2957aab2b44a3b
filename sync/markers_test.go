package sync

import (
	"strings"
	"testing"
)

func TestItemKey(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"CPAN::Meta::Spec, Requirements and PURLs", "cpan-meta-spec-requirements-and-purls"},
		{"  cpan meta spec requirements and purls ", "cpan-meta-spec-requirements-and-purls"},
		{"TLS/HTTPS/CSPRNG/DSA in core", "tls-https-csprng-dsa-in-core"},
		{"Sikkerhetsfestivalen – Lillestrøm", "sikkerhetsfestivalen-lillestrøm"},
		{"--> <!--", ""},
	} {
		if got := itemKey(tc.in); got != tc.want {
			t.Errorf("itemKey(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSanitize(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in       string
		mentions bool
		want     string
	}{
		{"@sjn and @tux - work", false, "@\u200bsjn and @\u200btux - work"},
		{"mail pause-admin@perl.org", false, "mail pause-admin@perl.org"},
		{"see https://fosstodon.org/@cpansec", false, "see https://fosstodon.org/@cpansec"},
		{"(@garu) x", false, "(@\u200bgaru) x"},
		{"@sjn", true, "@sjn"},
		{"<!-- minutes-sync:item key=x -->", true, "&lt;!-- minutes-sync:item key=x -->"},
	} {
		if got := sanitize(tc.in, tc.mentions, nil); got != tc.want {
			t.Errorf("sanitize(%q, %v) = %q, want %q", tc.in, tc.mentions, got, tc.want)
		}
	}
}

func TestWithNote(t *testing.T) {
	t.Parallel()
	id1, id2 := noteID{"2025-01-01", "m.md", "k"}, noteID{"2025-02-01", "m.md", "k"}
	n1 := sectionText(id1, "s1", "first")
	n2 := sectionText(id2, "s2", "second")
	body := withNote("header", id1, n1)
	body = withNote(body, id2, n2)
	body += "\n\nhand-written tail"
	got := withNote(body, id1, sectionText(id1, "s3", "first, edited"))
	want := "header\n\n" + sectionText(id1, "s3", "first, edited") + "\n\n" + n2 + "\n\nhand-written tail"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	// An end marker someone deleted: the note runs to the end of the body.
	broken := strings.TrimSuffix(withNote("h", id1, n1), noteEnd)
	if got := withNote(broken, id1, n1); got != "h\n\n"+n1 {
		t.Errorf("repair = %q", got)
	}
}

// Two minutes files of one date are two meetings: their notes on one card
// are two notes, each found again by its own marker.
func TestNotesOfTwoFilesOfOneDate(t *testing.T) {
	t.Parallel()
	a, b := noteID{"2025-01-01", "a/minutes.md", "k"}, noteID{"2025-01-01", "b/minutes.md", "k"}
	body := withNote(withNote("", a, sectionText(a, "sa", "A")), b, sectionText(b, "sb", "B"))
	if _, _, sum, ok := a.find(body); !ok || sum != "sa" {
		t.Errorf("a: %q, %v", sum, ok)
	}
	if _, _, sum, ok := b.find(body); !ok || sum != "sb" {
		t.Errorf("b: %q, %v", sum, ok)
	}
}

// A note marked before markers named the file is found, and rewritten in
// the new form (its checksum never equals a new one).
func TestLegacyNoteMarker(t *testing.T) {
	t.Parallel()
	id := noteID{"2025-01-01", "m.md", "key"}
	old := "x\n<!-- minutes-sync:note meeting=2025-01-01 key=key sum=abc123 -->\n\nold\n\n" + noteEnd + "\ntail"
	s, e, sum, ok := id.find(old)
	if !ok || sum == "abc123" || old[s:e] != strings.TrimSuffix(strings.TrimPrefix(old, "x\n"), "\ntail") {
		t.Fatalf("find = %d, %d, %q, %v", s, e, sum, ok)
	}
	got := withNote(old, id, sectionText(id, "abc123", "new"))
	if !strings.Contains(got, id.marker("abc123")) || strings.Contains(got, "meeting=2025-01-01 key=") {
		t.Errorf("rewrite = %q", got)
	}
}

func TestCutKeepsUTF8AndSaysWhere(t *testing.T) {
	t.Parallel()
	s := strings.Repeat("ø", 1000)
	got := cut(s, 500, "https://x/y")
	if len(got) > 500 || !strings.Contains(got, "https://x/y") || !strings.Contains(got, "cut to fit") {
		t.Errorf("cut = %d bytes: %q", len(got), got)
	}
	if !strings.HasPrefix(got, "øø") || strings.ContainsRune(got, '\uFFFD') {
		t.Errorf("cut broke a character")
	}
}

func TestMarkerSum(t *testing.T) {
	t.Parallel()
	id := noteID{"2025-01-01", "m.md", "key"}
	body := "x\n" + id.marker("abc123") + "\nnote"
	if sum, ok := markerSum(body, id.prefix()); !ok || sum != "abc123" {
		t.Errorf("markerSum = %q, %v", sum, ok)
	}
	if _, ok := markerSum(body, noteID{"2025-01-01", "m.md", "ke"}.prefix()); ok {
		t.Errorf("a key that is a prefix of another matched")
	}
	old := "<!-- minutes-sync:note meeting=2025-01-01 key=key -->" // before checksums
	if sum, ok := markerSum(old, id.legacyPrefix()); !ok || sum != "" {
		t.Errorf("old marker: %q, %v", sum, ok)
	}
}

func TestCardTitle(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"CPAN::Meta::Spec, Requirements and PURLs", "CPAN::Meta::Spec, Requirements and PURLs"},
		{"pkgurl is necessary for SBOMs to refer to depends in a standard way.", "pkgurl is necessary for SBOMs to refer to depends in a standard way"},
		{"Test::CVE: a new release is out. More to come", "Test::CVE: a new release is out"},
		{"Outreach to distributions - talked to Debian and Fedora about it", "Outreach to distributions"},
		{"@sjn and @tux will draft the charter", "sjn and tux will draft the charter"},
		{"CNA", "CNA"},
		{strings.Repeat("word ", 30), strings.TrimSpace(strings.Repeat("word ", 15)) + "…"},
	} {
		if got := cardTitle(tc.in); got != tc.want {
			t.Errorf("cardTitle(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzMarkers reads markers out of any body: finding a note, its checksum,
// the item marker and a status update's never fails, and writing a note
// then finds exactly that note, once, whatever the body held before.
func FuzzMarkers(f *testing.F) {
	id := noteID{"2025-01-01", "m.md", "k"}
	for _, seed := range []string{
		"", "x", itemMarker("k"), id.marker("abc") + "\nnote\n" + noteEnd,
		"<!-- minutes-sync:note meeting=2025-01-01 key=k sum=old -->\nlegacy",
		"<!-- minutes-sync:note meeting=2025-01-01 file= key=k", noteEnd + noteEnd,
		"<!-- minutes-sync:status meeting=2025-01-01 sum=1 -->", "<!-- minutes-sync:item key= -->",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		id.find(body)
		markerKey(body)
		statusSum(body, "2025-01-01", "m.md")
		sections(body)
		note := sectionText(id, "fresh", "the note")
		got := withNote(body, id, note)
		s, e, sum, ok := id.find(got)
		if !ok || sum != "fresh" || got[s:e] != note {
			t.Fatalf("after writing the note, find = %d, %d, %q, %v in %q", s, e, sum, ok, got)
		}
		if again := withNote(got, id, note); again != got {
			t.Fatalf("writing the same note twice changed the body:\n%q\n%q", got, again)
		}
	})
}
