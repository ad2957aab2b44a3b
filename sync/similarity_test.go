package sync

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTerms(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     []string
	}{
		{"identifiers keep their shape and give their parts", "CPAN::Meta::Spec and PURLs", []string{"cpan::meta::spec", "cpan", "meta", "spec", "purl"}},
		{"CVE ids stay whole", "Fix CVE-2024-1234 in Test::CVE", []string{"fix", "cve-2024-1234", "test::cve", "test", "cve"}},
		{"links and handles say where and who, not what", "@sjn wrote https://github.com/a/b/pull/3 (read [docs](https://x.org/y))", []string{"wrote", "read", "doc"}},
		{"hyphenated words give their parts", "Pre-release disclosure", []string{"pre-release", "pre", "release", "disclosure"}},
		{"common words and plurals", "The status of the Transparency Logs", []string{"transparency", "log"}},
		{"plurals in -ies", "Vulnerabilities and policies", []string{"vulnerability", "policy"}},
		{"CamelCase names also give their acronym", "PackageURL and CycloneDX on GitHub", []string{"packageurl", "purl", "cyclonedx", "cdx", "github"}},
		{"HTML tags say nothing", "<tr><td><strong>Election</strong> of a <a href=\"x\">seat</a></td> cost < budget", []string{"election", "seat", "cost", "budget"}},
		{"a marker's key gives the words of the work item's first title", "<!-- minutes-sync:item key=cna-update -->", []string{"minutes-sync:item", "sync", "key", "cna-update", "cna"}},
		{"no words", "—", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, Terms(tt.in)); diff != "" {
				t.Errorf("Terms(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// board is a board's cards as matching sees them.
var board = []Doc{
	{ID: "cna", Title: "CNA process is initiated with Mitre", Text: "Applied to become a CVE Numbering Authority; waiting for Mitre."},
	{ID: "purl", Title: "PackageURL discussion ongoing", Text: "purl spec for CPAN distributions; CPAN::Meta::Spec needs a field.", Owners: []string{"sjn"}},
	{ID: "sbom", Title: "SBOM generator prototype", Text: "CycloneDX output from META.json", Owners: []string{"giterlizzi"}},
	{ID: "cve", Title: "Test::CVE release", Text: "New release of Test::CVE with CPAN::Audit data", Owners: []string{"tux"}},
	{ID: "logs", Title: "CPAN transparency logs", Text: "Snapshots and checksums of CPAN, a prototype", Owners: []string{"stigtsp"}},
	{ID: "docs", Title: "Security documentation for authors", Text: "A guide for CPAN authors"},
	{ID: "sbd", Title: "Proposal: 2024 - the CPAN year of «Secure by Default»", Text: "Four votes in favour; an announcement follows."},
	{ID: "cpanm", Title: "Propose cpanm default to https", Text: "A patch for the client"},
	{ID: "rstuf", Title: "rstuf seems promising", Text: "A TUF implementation in Rust that could sign uploads"},
	{ID: "charter", Title: "Charter", Text: "Work continues on the text; the CPAN part is agreed"},
	{ID: "cdx", Title: "CycloneDX sustainability", Text: "New fields proposed for the next version"},
}

func TestDecide(t *testing.T) {
	t.Parallel()
	const threshold, margin = 0.3, 0.1
	tests := []struct {
		name     string
		item     Doc
		want     string // the matched card, "" for none
		nearMiss string
	}{
		{"a rename with the key word", Doc{Title: "CNA Update", Text: "Mitre replied; the CNA scope is agreed."}, "cna", ""},
		{"identifiers carry a renamed topic", Doc{Title: "CPAN::Meta::Spec, Requirements and PURLs"}, "purl", ""},
		{"a typo in the title", Doc{Title: "Transparancy logs", Text: "more snapshots"}, "logs", ""},
		{"an identifier alone", Doc{Title: "Test::CVE", Text: "tagged a release"}, "cve", ""},
		{"nothing in common", Doc{Title: "Happy holidays"}, "", ""},
		{"a common word alone is no match", Doc{Title: "CPAN"}, "", ""},
		{"a short title within a card's long title", Doc{Title: "Secure by Default", Text: "Not much movement; pull requests for cpanm and the Mojo tooling, SBOM drafts, checksums and the rest of the current efforts."}, "sbd", ""},
		{"titles that share a rare word, whatever the notes say", Doc{Title: "PackageURL ready to move forward to spec", Text: "Showstoppers for adoption elsewhere were listed; votes at the next call; a draft goes to the mailing list; nixpkgs and other distributions asked."}, "purl", ""},
		{"a shortened name", Doc{Title: "CPANminus", Text: "maintainers agreed"}, "cpanm", ""},
		{"a one-word card title in a long sentence", Doc{Title: "Update the charter to put account problems out of scope, and send them to the admins", Text: "agreed by all; the charter is to be updated again when the admins ask"}, "charter", ""},
		{"an acronym of a CamelCase name", Doc{Title: "CDX sustainability fields"}, "cdx", ""},
		{"one rare word in a long sentence is a near miss, not a match", Doc{Title: "Invite a speaker to talk about rsTUF at the next call"}, "", "rstuf"},
	}
	ix := NewIndex(board)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ranked := ix.Rank(tt.item, nil)
			d := Decide(ranked, threshold, margin)
			got := ""
			if d.Match != nil {
				got = d.Match.ID
			}
			if got != tt.want {
				t.Errorf("match = %q, want %q (ranked %+v)", got, tt.want, ranked)
			}
			near := ""
			if d.NearMiss != nil {
				near = d.NearMiss.ID
			}
			if tt.nearMiss != "" && near != tt.nearMiss {
				t.Errorf("near miss = %q, want %q (ranked %+v)", near, tt.nearMiss, ranked)
			}
		})
	}
}

func TestDecideNeedsAMargin(t *testing.T) {
	t.Parallel()
	ix := NewIndex([]Doc{
		{ID: "a", Title: "Signing keys for releases"},
		{ID: "b", Title: "Signing keys for uploads"},
	})
	d := Decide(ix.Rank(Doc{Title: "Signing keys"}, nil), 0.3, 0.1)
	if d.Match != nil || d.NearMiss == nil || d.RunnerUp == nil {
		t.Fatalf("two cards alike: %+v; want no match, a near miss and its runner-up", d)
	}
}

func TestRankIsStable(t *testing.T) {
	t.Parallel()
	ix := NewIndex(board)
	q := Doc{Title: "CPAN prototype"}
	first := ix.Rank(q, nil)
	for range 20 {
		if diff := cmp.Diff(first, ix.Rank(q, nil)); diff != "" {
			t.Fatalf("Rank changed between calls:\n%s", diff)
		}
	}
}

func TestOwnersTipTheBalance(t *testing.T) {
	t.Parallel()
	ix := NewIndex([]Doc{
		{ID: "a", Title: "Signing keys for releases", Owners: []string{"ann"}},
		{ID: "b", Title: "Signing keys for uploads", Owners: []string{"bob"}},
	})
	item := Doc{Title: "Signing keys", Text: "rotated this month"}
	if d := Decide(ix.Rank(item, nil), 0.3, 0.1); d.Match != nil {
		t.Fatalf("without an owner: %+v; want no match (the two cards are alike)", d.Match)
	}
	item.Owners = []string{"Bob"}
	d := Decide(ix.Rank(item, nil), 0.3, 0.1)
	if d.Match == nil || d.Match.ID != "b" || !slices.Contains(d.Match.Shared, "owner Bob") {
		t.Fatalf("with the owner: %+v; want card b, the owner named as a reason", d.Match)
	}
}
