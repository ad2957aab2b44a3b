package sync

import (
	"cmp"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// problems collects what is wrong with a configuration file, each problem
// with its line and key, and knows where every key of the file is: the YAML
// decoder's own reports carry a line but not the key.
type problems struct {
	file string
	keys []keyAt // every key and list item of the file, in document order
	list []problem
}

// problem is one thing wrong with the file; msg names the key where the
// file has it.
type problem struct {
	line int
	msg  string
}

// keyAt is a key or list item of the file and what the configuration
// expects there.
type keyAt struct {
	path string       // e.g. routes[0].project
	key  *yaml.Node   // nil for a list item
	val  *yaml.Node   // aliases followed
	want reflect.Type // nil for an unknown key
	in   reflect.Type // the type that holds it
}

// newProblems indexes the keys of a configuration file whose top-level
// mapping is root.
func newProblems(file string, root *yaml.Node) *problems {
	ps := &problems{file: file}
	ps.index(root, reflect.TypeFor[configFile](), "")
	return ps
}

// index walks the file's nodes and the configuration's types together. It
// stops where they part, so even a file whose aliases form a loop is walked
// no deeper than the types go.
func (ps *problems) index(n *yaml.Node, t reflect.Type, path string) {
	n, t = unalias(n), deref(t)
	if isValue(t) {
		return
	}
	switch {
	case n.Kind == yaml.MappingNode && (t.Kind() == reflect.Struct || t.Kind() == reflect.Map):
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			at := keyAt{path: k.Value, key: k, val: unalias(v), want: valueType(t, k.Value), in: t}
			if path != "" {
				at.path = path + "." + k.Value
			}
			ps.keys = append(ps.keys, at)
			if at.want != nil {
				ps.index(v, at.want, at.path)
			}
		}
	case n.Kind == yaml.SequenceNode && t.Kind() == reflect.Slice:
		for i, v := range n.Content {
			at := keyAt{path: fmt.Sprintf("%s[%d]", path, i), val: unalias(v), want: t.Elem(), in: t}
			ps.keys = append(ps.keys, at)
			ps.index(v, at.want, at.path)
		}
	}
}

// The YAML decoder's reports (go.yaml.in/yaml/v3 decode.go) that
// ParseConfig explains; any other is passed on with its line.
var (
	reportLine   = regexp.MustCompile(`^line (\d+): (.*)$`)
	unknownField = regexp.MustCompile(`^field (.*) not found in type \S+$`)
	repeatedKey  = regexp.MustCompile(`^mapping key (".*") already defined at line (\d+)$`)
	wrongType    = regexp.MustCompile("^cannot unmarshal (\\S+)(?: `(.*)`)? into (\\S+)$") // long values are cut to 7 bytes and ...
)

// decoding adds the problems the YAML decoder reported: unknown keys, values
// of the wrong type, keys given twice, each with the key it is about; err
// may be nil.
func (ps *problems) decoding(err *yaml.TypeError) {
	if err == nil {
		return
	}
	used := make([]bool, len(ps.keys))
	for _, report := range err.Errors {
		m := reportLine.FindStringSubmatch(report)
		if m == nil {
			ps.add(0, report)
			continue
		}
		line, _ := strconv.Atoi(m[1])
		ps.add(line, ps.explain(line, m[2], used))
	}
}

// explain returns the problem a report of the decoder about line is, with
// its key and, for a known key, the keys or the kind of value it takes; the
// report as it is when no key of the file fits. used marks the keys already
// explained, as one line can hold several.
func (ps *problems) explain(line int, report string, used []bool) string {
	find := func(match func(keyAt) bool) (keyAt, bool) {
		for i, at := range ps.keys {
			if !used[i] && at.line() == line && match(at) {
				used[i] = true
				return at, true
			}
		}
		return keyAt{}, false
	}
	if m := unknownField.FindStringSubmatch(report); m != nil {
		if at, ok := find(func(at keyAt) bool { return at.want == nil && at.key.Value == m[1] }); ok {
			return fmt.Sprintf("unknown key %q (known keys: %s)", at.path, strings.Join(keysOf(at.in), ", "))
		}
	}
	if m := repeatedKey.FindStringSubmatch(report); m != nil {
		k, _ := strconv.Unquote(m[1])
		if at, ok := find(func(at keyAt) bool { return at.key != nil && at.key.Value == k }); ok {
			return fmt.Sprintf("%s is given twice (first on line %s)", at.path, m[2])
		}
	}
	if m := wrongType.FindStringSubmatch(report); m != nil {
		tag, value, into := m[1], strings.TrimSuffix(m[2], "..."), m[3]
		if at, ok := find(func(at keyAt) bool {
			return at.want != nil && deref(at.want).String() == into && at.val.ShortTag() == tag && strings.HasPrefix(at.val.Value, value)
		}); ok {
			return mustBe(at)
		}
	}
	return report
}

// mustBe says what the value at a key must be, and what it is not.
func mustBe(at keyAt) string {
	s := fmt.Sprintf("%s must be %s", at.path, describe(deref(at.want)))
	if at.val.Kind == yaml.ScalarNode {
		s += fmt.Sprintf(", not %q", at.val.Value)
	}
	return s
}

// describe says what a value of type t is, for people who write the file.
func describe(t reflect.Type) string {
	switch {
	case t == reflect.TypeFor[handleMap]():
		return "a mapping of minutes handle to GitHub login"
	case t.Kind() == reflect.Bool:
		return "true or false"
	case t.Kind() == reflect.Struct && !isValue(t):
		return "a mapping with keys " + strings.Join(keysOf(t), ", ")
	case t.Kind() == reflect.Slice && deref(t.Elem()).Kind() == reflect.Struct:
		return "a list of {" + strings.Join(keysOf(deref(t.Elem())), ", ") + "}"
	case t.Kind() == reflect.Slice:
		return "a list of strings"
	case t.Kind() == reflect.Map:
		return "a mapping"
	}
	return "a string"
}

// add records a problem; an empty msg is none.
func (ps *problems) add(line int, msg string) {
	if msg != "" {
		ps.list = append(ps.list, problem{line, msg})
	}
}

// line returns the line of the key or list item at path; 0 when the file
// has none.
func (ps *problems) line(path string) int {
	for _, at := range ps.keys {
		if at.path == path {
			return at.line()
		}
	}
	return 0
}

// line returns the line of the key, or of the list item.
func (at keyAt) line() int {
	if at.key != nil {
		return at.key.Line
	}
	return at.val.Line
}

// decodedItems returns the paths of the items of the list at path that the
// YAML decoder keeps, in order: it drops, after reporting them, items that
// are not mappings and mappings that repeat a key.
func (ps *problems) decodedItems(path string) []string {
	var out []string
	for _, at := range ps.keys {
		if at.key != nil || !strings.HasPrefix(at.path, path+"[") || strings.ContainsAny(at.path[len(path):], ".") {
			continue
		}
		if at.val.ShortTag() == "!!null" || at.val.Kind == yaml.MappingNode && !repeatsKey(at.val) {
			out = append(out, at.path)
		}
	}
	return out
}

// repeatsKey reports whether a mapping gives a key twice.
func repeatsKey(m *yaml.Node) bool {
	seen := map[string]bool{}
	for i := 0; i < len(m.Content); i += 2 {
		if k := m.Content[i]; k.Kind == yaml.ScalarNode {
			if seen[k.Value] {
				return true
			}
			seen[k.Value] = true
		}
	}
	return false
}

// err returns every problem, in the order of the file, as one error; nil
// when there is none.
func (ps *problems) err() error {
	slices.SortStableFunc(ps.list, func(a, b problem) int { return cmp.Compare(a.line, b.line) })
	errs := make([]error, len(ps.list))
	for i, p := range ps.list {
		if p.line == 0 {
			errs[i] = fmt.Errorf("%s: %s", ps.file, p.msg)
		} else {
			errs[i] = fmt.Errorf("%s:%d: %s", ps.file, p.line, p.msg)
		}
	}
	return errors.Join(errs...)
}

// keysOf returns the keys of a struct type, as its yaml tags name them.
func keysOf(t reflect.Type) []string {
	var keys []string
	for f := range t.Fields() {
		if k, _, _ := strings.Cut(f.Tag.Get("yaml"), ","); k != "" && k != "-" {
			keys = append(keys, k)
		}
	}
	return keys
}

// valueType returns the type of the value at key in a struct or map type;
// nil when a struct has no such key.
func valueType(t reflect.Type, key string) reflect.Type {
	if t.Kind() == reflect.Map {
		return t.Elem()
	}
	for f := range t.Fields() {
		if k, _, _ := strings.Cut(f.Tag.Get("yaml"), ","); k == key {
			return f.Type
		}
	}
	return nil
}

// isValue reports whether t reads itself from YAML, as boardURL and
// pattern do.
func isValue(t reflect.Type) bool {
	return reflect.PointerTo(t).Implements(reflect.TypeFor[yaml.Unmarshaler]())
}

func deref(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

func unalias(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}
