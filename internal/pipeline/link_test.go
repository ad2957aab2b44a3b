package pipeline

import "testing"

func TestExpandLink(t *testing.T) {
	t.Parallel()
	got := expandLink("{server}/{repo}/blob/{sha}/{path}#{anchor}", map[string]string{
		"server": "https://github.com", "repo": "acme/meetings", "sha": "abc", "path": "2024/a minutes.md", "anchor": "cve-1",
	})
	want := "https://github.com/acme/meetings/blob/abc/2024/a%20minutes.md#cve-1"
	if got != want {
		t.Errorf("expandLink() = %q, want %q", got, want)
	}
	if got := expandLink("{server}/{repo}/blob/{sha}/{path}#{anchor}", map[string]string{"server": "s", "repo": "r", "sha": "x", "path": "m.md"}); got != "s/r/blob/x/m.md" {
		t.Errorf("expandLink() without anchor = %q, want no trailing #", got)
	}
}
