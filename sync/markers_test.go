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
		{"@sjn and @tux - work", false, "@&#8203;sjn and @&#8203;tux - work"},
		{"mail pause-admin@perl.org", false, "mail pause-admin@perl.org"},
		{"see https://fosstodon.org/@cpansec", false, "see https://fosstodon.org/@cpansec"},
		{"(@garu) x", false, "(@&#8203;garu) x"},
		{"@sjn", true, "@sjn"},
		{"<!-- minutes-sync:item key=x -->", true, "&lt;!-- minutes-sync:item key=x -->"},
	} {
		if got := sanitize(tc.in, tc.mentions); got != tc.want {
			t.Errorf("sanitize(%q, %v) = %q, want %q", tc.in, tc.mentions, got, tc.want)
		}
	}
}

func TestWithDraftNote(t *testing.T) {
	t.Parallel()
	n1 := draftNote("2025-01-01", "k", "s1", "first")
	n2 := draftNote("2025-02-01", "k", "s2", "second")
	body := withDraftNote("header", "2025-01-01", "k", n1)
	body = withDraftNote(body, "2025-02-01", "k", n2)
	body += "\n\nhand-written tail"
	got := withDraftNote(body, "2025-01-01", "k", draftNote("2025-01-01", "k", "s3", "first, edited"))
	want := "header\n\n" + draftNote("2025-01-01", "k", "s3", "first, edited") + "\n\n" + n2 + "\n\nhand-written tail"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	// An end marker someone deleted: the note runs to the end of the body.
	broken := strings.TrimSuffix(withDraftNote("h", "2025-01-01", "k", n1), noteEnd)
	if got := withDraftNote(broken, "2025-01-01", "k", n1); got != "h\n\n"+n1 {
		t.Errorf("repair = %q", got)
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
	body := "x\n" + noteMarker("2025-01-01", "key", "abc123") + "\nnote"
	if sum, ok := markerSum(body, notePrefix("2025-01-01", "key")); !ok || sum != "abc123" {
		t.Errorf("markerSum = %q, %v", sum, ok)
	}
	if _, ok := markerSum(body, notePrefix("2025-01-01", "ke")); ok {
		t.Errorf("a key that is a prefix of another matched")
	}
	old := "<!-- minutes-sync:note meeting=2025-01-01 key=key -->" // before checksums
	if sum, ok := markerSum(old, notePrefix("2025-01-01", "key")); !ok || sum != "" {
		t.Errorf("old marker: %q, %v", sum, ok)
	}
}
