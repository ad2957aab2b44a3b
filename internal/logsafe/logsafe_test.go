package logsafe_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/minutes-sync/minutes-sync/internal/logsafe"
)

const zwsp = "\u200b"

// The runner model. It follows actions/runner as read at
// 258d6c857db3519913f7deb6004b60172f8043ae:
//
//   - src/Runner.Sdk/ProcessInvoker.cs reads output with StreamReader.ReadLine,
//     which ends a line at "\r", "\n" or "\r\n";
//   - src/Runner.Worker/Handlers/OutputManager.cs hands every line to
//     ActionCommandManager.TryProcessCommand, which tries TryParseV2, then
//     TryParse (src/Runner.Common/ActionCommand.cs);
//   - TryParseV2 trims the line with String.TrimStart (char.IsWhiteSpace,
//     which is Unicode White_Space), needs StartsWith("::") and a later
//     IndexOf("::", 2), and reads the name from index 2 to the first space;
//   - TryParse finds IndexOf("##["), then the first ']' after it, and reads
//     the name from three past the "##[" to the first space;
//   - names are looked up in a HashSet with StringComparer.OrdinalIgnoreCase
//     (src/Runner.Worker/ActionCommandManager.cs).
//
// StartsWith and IndexOf above are culture-sensitive: ordinal for plain
// ASCII under English and invariant cultures, otherwise ICU, which skips
// completely ignorable characters. Checked with ICU 72's root collation: it
// ignores 959 code points, U+200B among them, and none of ':', '#' or '[';
// usearch finds "##[" in "#\u200b#[warning]x" at 0 and "::" in
// ":\u200b:warning::x" at 0; no single code point but the character itself
// matches ':', '#', "::", "##" or "##[".

// registered lists the commands actions/runner registers
// (src/Runner.Worker/ActionCommandManager.cs), internal-set-repo-path
// included though only plugins may use it.
var registered = []string{
	"stop-commands", "set-env", "set-output", "save-state", "add-mask", "add-path",
	"add-matcher", "remove-matcher", "debug", "warning", "error", "notice",
	"group", "endgroup", "echo", "internal-set-repo-path",
}

// executable reports whether the runner could run a workflow command from
// output. It is deliberately broader than the runner: a line counts if it
// has a marker in the runner's place whatever the command name (the ordinal
// reading), or if the culture-sensitive reading yields a registered name.
func executable(output string) bool {
	for _, line := range strings.FieldsFunc(output, func(r rune) bool { return r == '\r' || r == '\n' }) {
		if !strings.ContainsAny(line, ":#") {
			continue // both markers need one of them
		}
		if ordinalMarker(line) {
			return true
		}
		if !strings.ContainsFunc(line, func(r rune) bool { return r < ' ' || r >= 0x7f }) {
			continue // only control and non-ASCII characters can be ignorable
		}
		for _, name := range collationNames(line) {
			if slices.ContainsFunc(registered, func(c string) bool { return strings.EqualFold(c, name) }) {
				return true
			}
		}
	}
	return false
}

// ordinalMarker reports whether line, compared byte for byte, starts with
// "::" after .NET white space and has a later "::", or has "##[" followed
// by a ']'.
func ordinalMarker(line string) bool {
	t := strings.TrimLeftFunc(line, netSpace)
	if strings.HasPrefix(t, "::") && strings.Contains(t[2:], "::") {
		return true
	}
	_, after, ok := strings.Cut(line, "##[")
	return ok && strings.Contains(after, "]")
}

// netSpace is char.IsWhiteSpace, plus U+180E, which older .NET counted.
func netSpace(r rune) bool {
	return unicode.Is(unicode.White_Space, r) || r == '\u180e'
}

// collationNames returns the command names the runner reads from line when
// its markers are found the culture-sensitive way, in UTF-16 units as .NET
// counts them: first the "::" form, then the "##[" form.
func collationNames(line string) []string {
	var names []string
	t := utf16.Encode([]rune(strings.TrimLeftFunc(line, netSpace)))
	if v := weighted(t, 0); len(v) >= 2 && t[v[0]] == ':' && t[v[1]] == ':' {
		if end := collationIndex(t, "::", 2); end >= 2 {
			names = append(names, commandName(t[2:end]))
		}
	}
	u := utf16.Encode([]rune(line))
	if p := collationIndex(u, "##[", 0); p >= 0 {
		if rb := slices.Index(u[p:], ']'); rb >= 3 {
			names = append(names, commandName(u[p+3:p+rb]))
		}
	}
	return names
}

// weighted returns the positions, from i on, of the units in u that ICU
// does not ignore.
func weighted(u []uint16, i int) []int {
	v := make([]int, 0, len(u)-i)
	table := ignorableUnits()
	for ; i < len(u); i++ {
		if !table[u[i]] {
			v = append(v, i)
		}
	}
	return v
}

// collationIndex returns where the first culture-sensitive match of key in
// u at or after from begins, as ICU's usearch_first reports it, or -1:
// the characters of key in a row, with only ignorable units between them.
func collationIndex(u []uint16, key string, from int) int {
	v := weighted(u, from)
next:
	for j := 0; j+len(key) <= len(v); j++ {
		for k := range len(key) {
			if u[v[j+k]] != uint16(key[k]) {
				continue next
			}
		}
		return v[j]
	}
	return -1
}

// ignorableUnits approximates, for every UTF-16 unit, ICU's completely
// ignorable characters from above: control and format characters, marks,
// variation selectors, and every surrogate. Erring towards too many finds
// more markers; a match found too early could hide a later one only where
// the byte-for-byte reading in ordinalMarker sees a marker anyway.
var ignorableUnits = sync.OnceValue(func() *[1 << 16]bool {
	var table [1 << 16]bool
	for c := range table {
		r := rune(c)
		table[c] = utf16.IsSurrogate(r) || !unicode.Is(unicode.White_Space, r) &&
			unicode.In(r, unicode.Cc, unicode.Cf, unicode.Mn, unicode.Me,
				unicode.Variation_Selector, unicode.Other_Default_Ignorable_Code_Point)
	}
	return &table
})

// commandName returns the command name in a command's info: up to the
// first space.
func commandName(info []uint16) string {
	if i := slices.Index(info, ' '); i >= 0 {
		info = info[:i]
	}
	return string(utf16.Decode(info))
}

func TestExecutable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, line string
		want       bool
	}{
		{"v2 command", "::warning::x", true},
		{"v2 needs the second separator", "::warning", false},
		{"v2 with empty data", "::add-mask::", true},
		{"v2 after spaces, as in the runner's tests", "   ::do-something k1=v1,::msg", true},
		{"v2 after text, as in the runner's tests", "   >>>   ::do-something k1=v1,::msg", false},
		{"v2 after no-break space", "\u00a0::set-output name=a::b", true},
		{"v2 after ideographic space", "\u3000::debug::x", true},
		{"v2 after vertical tab", "\v::warning::x", true},
		{"v2 after next line", "\u0085::warning::x", true},
		{"mid-line double colon", "std::string and a::b", false},
		{"v2 on the line after a carriage return", "x\r::error::x", true},
		{"v2 on the line after a line feed", "x\n::error::x", true},
		{"runner does not split on line separator", "x\u2028::error::x", false},
		{"legacy command", "##[stop-commands]abc", true},
		{"legacy command mid-line", "x##[group]y", true},
		{"legacy needs a closing bracket", "x##[group", false},
		{"legacy with unknown name counts", "##[anything]", true},
		{"zero width space in v2 marker: name read as :warning", ":\u200b:warning::x", false},
		{"zero width space in legacy marker: name read as [warning", "#\u200b#[warning]x", false},
		{"soft hyphen before v2 marker: name read as :warning", "\u00ad::warning::x", false},
		{"legacy name in capitals", "##[WARNING]x", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := executable(tt.line); got != tt.want {
				t.Errorf("executable(%q) = %v, want %v", tt.line, got, tt.want)
			}
		})
	}
}

// TestCollationNames pins the culture-sensitive reading to what ICU 72 does
// with the runner's code: it finds the marker through U+200B, and the name
// it then reads at the runner's fixed offset is not a command.
func TestCollationNames(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, line string
		want       []string
	}{
		{"plain v2", "::warning title=x::y", []string{"warning"}},
		{"broken v2", ":\u200b:warning title=x::y", []string{":warning"}},
		{"ignorable before v2", "\ufeff::warning::y", []string{":warning"}},
		{"plain legacy", "x##[group]y", []string{"group"}},
		{"broken legacy", "x#\u200b#[group]y", []string{"[group"}},
		{"broken legacy shadows a later one", "#\u200b#[a] ##[error]", []string{"[a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, collationNames(tt.line)); diff != "" {
				t.Errorf("collationNames(%q) mismatch (-want +got):\n%s", tt.line, diff)
			}
		})
	}
}

// TestDotNetWhiteSpace checks that Go's White_Space table is the set that
// char.IsWhiteSpace documents, so that the model and Text trim what the
// runner trims.
func TestDotNetWhiteSpace(t *testing.T) {
	t.Parallel()
	want := []rune{'\t', '\n', '\v', '\f', '\r', ' ', 0x85, 0xa0, 0x1680,
		0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a,
		0x2028, 0x2029, 0x202f, 0x205f, 0x3000}
	var got []rune
	for r := range unicode.MaxRune + 1 {
		if unicode.Is(unicode.White_Space, r) {
			got = append(got, r)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("White_Space mismatch (-want +got):\n%s", diff)
	}
}

// textCases are inputs to Text with the results they must give; fuzzing
// starts from them too.
var textCases = []struct {
	name, in, want string
}{
	{"empty", "", ""},
	{"plain title", "Weekly sync 2024-05-01: roadmap", "Weekly sync 2024-05-01: roadmap"},
	{"C++ scope mid-line", "use std::string here", "use std::string here"},
	{"Perl module", "Test::CVE", "Test::CVE"},
	{"CPAN module", "CPAN::Meta::Spec", "CPAN::Meta::Spec"},
	{"IPv6 address", "fe80::1", "fe80::1"},
	{"double colon mid-line", "a::b", "a::b"},
	{"emoji shortcode", ":rocket: launch", ":rocket: launch"},
	{"Markdown heading", "## Notes", "## Notes"},
	{"bracketed tag", "[WIP] new board", "[WIP] new board"},
	{"non-ASCII text", "Café – 会議 ✓ \U0001F680", "Café – 会議 ✓ \U0001F680"},
	{"tab", "a\tb", "a\tb"},
	{"replacement character", "\ufffd", "\ufffd"},
	{"warning command", "::warning title=x::y", ":" + zwsp + ":warning title=x::y"},
	{"command after spaces", "   ::error::x", "   :" + zwsp + ":error::x"},
	{"command after no-break space", "\u00a0::set-output name=a::b", "\u00a0:" + zwsp + ":set-output name=a::b"},
	{"command after ideographic space", "\u3000::debug::x", "\u3000:" + zwsp + ":debug::x"},
	{"command after Mongolian vowel separator", "\u180e::debug::x", "\u180e:" + zwsp + ":debug::x"},
	{"command after zero width space", zwsp + "::warning::x", zwsp + ":" + zwsp + ":warning::x"},
	{"command after byte order mark", "\ufeff::add-mask::x", "\ufeff:" + zwsp + ":add-mask::x"},
	{"add-mask with no value", "::add-mask::", ":" + zwsp + ":add-mask::"},
	{"IPv6 loopback at line start", "::1", ":" + zwsp + ":1"},
	{"lone colon", ":", ":" + zwsp},
	{"lone colon after spaces", "  :", "  :" + zwsp},
	{"file name with carriage return",
		"meetings/x\r::warning title=Spoof::… minutes.md", `meetings/x\r::warning title=Spoof::… minutes.md`},
	{"carriage return first", "\r::error::x", `\r::error::x`},
	{"line feed", "a\n::error::x", `a\n::error::x`},
	{"CRLF", "a\r\nb", `a\r\nb`},
	{"line separator", "\u2028::debug::x", `\u2028::debug::x`},
	{"paragraph separator", "a\u2029b", `a\u2029b`},
	{"next line", "\u0085::debug::x", `\u0085::debug::x`},
	{"vertical tab", "\v::warning::x", `\x0b::warning::x`},
	{"form feed", "a\fb", `a\x0cb`},
	{"stop-commands", "##[stop-commands]abc", "#" + zwsp + "#[stop-commands]abc"},
	{"legacy group mid-line", "x##[group]y", "x#" + zwsp + "#[group]y"},
	{"three hashes", "###[x]", "##" + zwsp + "#[x]"},
	{"two legacy markers", "##[a]##[b]", "#" + zwsp + "#[a]#" + zwsp + "#[b]"},
	{"ANSI colours", "\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
	{"NUL", "a\x00b", `a\x00b`},
	{"DEL", "a\x7fb", `a\x7fb`},
	{"C1 control sequence introducer", "\u009b31m", `\u009b31m`},
	{"invalid UTF-8", "caf\xe9.md", `caf\xe9.md`},
	{"truncated rune", "x\xe2\x82", `x\xe2\x82`},
	{"ends in hash", "Port to C#", "Port to C#" + zwsp},
	{"starts with hash bracket", "#[derive(Debug)]", zwsp + "#[derive(Debug)]"},
}

func TestText(t *testing.T) {
	t.Parallel()
	for _, tt := range textCases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := logsafe.Text(tt.in)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Text(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
			if again := logsafe.Text(got); again != got {
				t.Errorf("Text(Text(%q)) = %q, want %q", tt.in, again, got)
			}
			if executable(got) {
				t.Errorf("Text(%q) = %q is executable", tt.in, got)
			}
		})
	}
}

func TestLines(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"plan stays as written", "Plan for board Roadmap:\n  + add card \"std::string\"\n  ~ move #12\n",
			"Plan for board Roadmap:\n  + add card \"std::string\"\n  ~ move #12\n"},
		{"blank lines", "\n\n", "\n\n"},
		{"CRLF becomes LF", "a\r\nb\r\n", "a\nb\n"},
		{"lone carriage return escaped", "a\rb\n", `a\rb` + "\n"},
		{"final carriage return escaped", "a\r", `a\r`},
		{"command on a later line", "ok\n::warning::x", "ok\n:" + zwsp + ":warning::x"},
		{"indented command", "ok\n  ::error::x\n", "ok\n  :" + zwsp + ":error::x\n"},
		{"command after CRLF", "a\r\n::error::x", "a\n:" + zwsp + ":error::x"},
		{"legacy command on a line", "ok\n##[error]x", "ok\n#" + zwsp + "#[error]x"},
		{"each line guarded", "C#\nF#", "C#" + zwsp + "\nF#" + zwsp},
		{"line separator is not a line break", "a\u2028::debug::x", `a\u2028::debug::x`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := logsafe.Lines(tt.in)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Lines(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
			if again := logsafe.Lines(got); again != got {
				t.Errorf("Lines(Lines(%q)) = %q, want %q", tt.in, again, got)
			}
			if executable(got) {
				t.Errorf("Lines(%q) = %q is executable", tt.in, got)
			}
		})
	}
}

// TestEveryBlank puts each character the runner trims, and each one Text
// treats as blank, in front of a command.
func TestEveryBlank(t *testing.T) {
	t.Parallel()
	for r := range unicode.MaxRune + 1 {
		if !netSpace(r) && !unicode.Is(unicode.Cf, r) {
			continue
		}
		for _, in := range []string{string(r) + "::warning::x", string(r) + string(r) + "::warning::x"} {
			if got := logsafe.Text(in); executable(got) {
				t.Errorf("Text(%q) = %q is executable", in, got)
			}
		}
	}
}

// joiners are trusted texts a caller may put between results of Text.
var joiners = []string{"", " ", ": ", "[", "]", "#", "#[", "/", "::"}

// checkJoins fails if results of Text for a and b, joined by trusted text
// as the documentation allows, form a command.
func checkJoins(t *testing.T, a, b string) {
	t.Helper()
	ta, tb := logsafe.Text(a), logsafe.Text(b)
	for _, j := range joiners {
		for _, prefix := range []string{"", "  ", "x: "} {
			if j == "::" && strings.TrimLeftFunc(prefix+ta, netSpace) == "" {
				continue // the trusted "::" would itself start the line
			}
			if line := prefix + ta + j + tb + "]"; executable(line) {
				t.Fatalf("Text(%q) + %q + Text(%q) gives an executable line %q", a, j, b, line)
			}
		}
	}
}

func TestJoin(t *testing.T) {
	t.Parallel()
	for _, a := range textCases {
		for _, b := range textCases {
			checkJoins(t, a.in, b.in)
		}
	}
	for _, pair := range [][2]string{{":", ":warning::x"}, {"x#", "#[warning]x"}, {"x##", "[warning]x"}, {"x", "#[warning]x"}} {
		checkJoins(t, pair[0], pair[1])
	}
}

// TestNoAllocation holds Text and Lines to returning clean input as it is.
func TestNoAllocation(t *testing.T) {
	clean := "Plan for board Roadmap: + add card \"std::string\" ~ move #12 to Done – 会議"
	if n := testing.AllocsPerRun(100, func() { _ = logsafe.Text(clean) }); n != 0 {
		t.Errorf("Text allocates %v times for clean text", n)
	}
	lines := strings.Repeat(clean+"\n", 20)
	if n := testing.AllocsPerRun(100, func() { _ = logsafe.Lines(lines) }); n != 0 {
		t.Errorf("Lines allocates %v times for clean text", n)
	}
}

// special reports whether s has anything Text may change.
func special(s string) bool {
	return !utf8.ValidString(s) || strings.ContainsAny(s, "#:") ||
		strings.ContainsFunc(s, func(r rune) bool {
			return r < ' ' || r >= 0x7f && r <= 0x9f || r == '\u2028' || r == '\u2029'
		})
}

// maxFuzzLen bounds fuzz inputs. Every rule looks at a few characters or at
// the blanks that begin a line, so longer inputs find nothing new; they only
// slow the model (tens of milliseconds a megabyte) and stall minimisation.
const maxFuzzLen = 4 << 10

func FuzzText(f *testing.F) {
	for _, tt := range textCases {
		f.Add(tt.in, "::warning::x")
		f.Add(":", tt.in)
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if len(a)+len(b) > maxFuzzLen {
			return
		}
		got := logsafe.Text(a)
		switch {
		case !utf8.ValidString(got):
			t.Fatalf("Text(%q) = %q is not valid UTF-8", a, got)
		case strings.ContainsAny(got, "\r\n"):
			t.Fatalf("Text(%q) = %q has a line break", a, got)
		case executable(got):
			t.Fatalf("Text(%q) = %q is executable", a, got)
		case logsafe.Text(got) != got:
			t.Fatalf("Text(Text(%q)) = %q, want %q", a, logsafe.Text(got), got)
		case !special(a) && got != a:
			t.Fatalf("Text(%q) = %q changed ordinary text", a, got)
		}
		checkJoins(t, a, b)
	})
}

func FuzzLines(f *testing.F) {
	for _, tt := range textCases {
		f.Add(tt.in)
		f.Add("ok\r\n" + tt.in + "\n")
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > maxFuzzLen {
			return
		}
		got := logsafe.Lines(s)
		switch {
		case !utf8.ValidString(got):
			t.Fatalf("Lines(%q) = %q is not valid UTF-8", s, got)
		case executable(got):
			t.Fatalf("Lines(%q) = %q is executable", s, got)
		case logsafe.Lines(got) != got:
			t.Fatalf("Lines(Lines(%q)) = %q, want %q", s, logsafe.Lines(got), got)
		}
		in, out := strings.Split(s, "\n"), strings.Split(got, "\n")
		if len(in) != len(out) {
			t.Fatalf("Lines(%q) = %q has %d lines, want %d", s, got, len(out), len(in))
		}
		for i := range in {
			if i < len(in)-1 {
				in[i] = strings.TrimSuffix(in[i], "\r")
			}
			if want := logsafe.Text(in[i]); out[i] != want {
				t.Fatalf("Lines(%q) line %d = %q, want Text of it %q", s, i, out[i], want)
			}
		}
	})
}

func BenchmarkText(b *testing.B) {
	for _, bm := range []struct{ name, in string }{
		{"clean", "meetings/2024-05-01-weekly.md: card \"Port parser to Go\" moved to In progress"},
		{"clean-non-ASCII", "meetings/2024-05-01-会議.md: カード「パーサー」を進行中へ – Café ✓"},
		{"dirty", "meetings/x\r::warning title=Spoof::a ##[group]b \x1b[31mred\x1b[0m minutes.md"},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(bm.in)))
			for b.Loop() {
				_ = logsafe.Text(bm.in)
			}
		})
	}
}

func BenchmarkLines(b *testing.B) {
	plan := strings.Repeat("  + add card \"std::string\" to board Roadmap (#12) in column Done\n", 50)
	b.ReportAllocs()
	b.SetBytes(int64(len(plan)))
	for b.Loop() {
		_ = logsafe.Lines(plan)
	}
}

func ExampleText() {
	fmt.Println(logsafe.Text("meetings/x\r::warning title=Spoof::hi minutes.md"))
	fmt.Println(logsafe.Text("CPAN::Meta::Spec and std::string stay as written"))
	fmt.Printf("%q\n", logsafe.Text("##[stop-commands]abc"))
	fmt.Printf("%q\n", logsafe.Text("\u00a0::add-mask::x"))
	// Output:
	// meetings/x\r::warning title=Spoof::hi minutes.md
	// CPAN::Meta::Spec and std::string stay as written
	// "#\u200b#[stop-commands]abc"
	// "\u00a0:\u200b:add-mask::x"
}

func ExampleLines() {
	plan := "Board Roadmap:\r\n  + add \"::error::x\"\n::warning::from a title\n"
	fmt.Printf("%q\n", logsafe.Lines(plan))
	// Output:
	// "Board Roadmap:\n  + add \"::error::x\"\n:\u200b:warning::from a title\n"
}
