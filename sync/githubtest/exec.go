package githubtest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/vektah/gqlparser/v2/ast"
)

// A small executor over gqlparser's validated AST. Objects are values with a
// GraphQL type name; a field of type T is resolved by resolvers["T.field"],
// or, for the generic *conn and *record, by their get method.

// typed is any object the executor can select fields on.
type typed interface{ typeName() string }

// generic objects answer their own fields.
type generic interface {
	typed
	get(name string) (any, bool)
}

// request is one operation being executed. Its Server's mutex is held.
type request struct {
	s        *Server
	perm     Permissions
	vars     map[string]any
	mutation bool
	errs     []*gqlError
	path     []any // of the field being resolved

	requests int // connection requests, for the cost
	nodes    int // GitHub's node count
	cost     int
}

// gqlError is an entry of a response's "errors", in GitHub's shape.
type gqlError struct {
	Type       string         `json:"type,omitempty"`
	Path       []any          `json:"path,omitempty"`
	Extensions map[string]any `json:"extensions,omitempty"`
	Locations  []location     `json:"locations,omitempty"`
	Message    string         `json:"message"`
}

type location struct {
	Line   int `json:"line"`
	Column int `json:"column"`
}

func locationsOf(p *ast.Position) []location {
	if p == nil {
		return nil
	}
	return []location{{Line: p.Line, Column: p.Column}}
}

// fieldError is a resolver's error with GitHub's error type.
type fieldError struct {
	typ string
	msg string
}

func (e *fieldError) Error() string { return e.msg }

func errorf(typ, format string, a ...any) error {
	return &fieldError{typ: typ, msg: fmt.Sprintf(format, a...)}
}

func notFound(format string, a ...any) error { return errorf("NOT_FOUND", format, a...) }

func nodeNotFound(id string) error {
	return notFound("Could not resolve to a node with the global id of '%s'", id)
}

func (q *request) fail(err error, pos *ast.Position, path []any) {
	e := &gqlError{Message: err.Error(), Locations: locationsOf(pos), Path: append([]any(nil), path...)}
	var fe *fieldError
	if errors.As(err, &fe) {
		e.Type = fe.typ
	}
	q.errs = append(q.errs, e)
}

// object is a JSON object that keeps its members in selection order.
type object []member

type member struct {
	key string
	val any
}

// MarshalJSON writes the members in order.
func (o object) MarshalJSON() ([]byte, error) {
	if o == nil {
		return []byte("null"), nil
	}
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(m.key)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(m.val)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

type queryRoot struct{}

func (queryRoot) typeName() string { return "Query" }

type mutationRoot struct{}

func (mutationRoot) typeName() string { return "Mutation" }

// record is a plain object: payloads, PageInfo, RateLimit, edges.
type record struct {
	typ string
	f   map[string]any
}

func (r *record) typeName() string { return r.typ }

func (r *record) get(name string) (any, bool) {
	v, ok := r.f[name]
	return v, ok
}

// payload is a mutation's answer; clientMutationId echoes the input's.
func payload(typ string, in args, f map[string]any) *record {
	f["clientMutationId"] = in["clientMutationId"]
	return &record{typ: typ, f: f}
}

// execute runs the operation and returns its data.
func (q *request) execute(op *ast.OperationDefinition) object {
	var root typed = queryRoot{}
	if op.Operation == ast.Mutation {
		root = mutationRoot{}
	}
	return q.selectObject(op.SelectionSet, root, nil)
}

type group struct {
	key   string
	field *ast.Field
	sel   ast.SelectionSet
}

// collect flattens fragments that apply to type typ and merges fields with
// the same response key.
func (q *request) collect(typ string, ss ast.SelectionSet, groups []*group) []*group {
	for _, sel := range ss {
		switch sel := sel.(type) {
		case *ast.Field:
			if !q.included(sel.Directives) {
				continue
			}
			key := sel.Alias
			if key == "" {
				key = sel.Name
			}
			found := false
			for _, g := range groups {
				if g.key == key {
					g.sel = append(g.sel[:len(g.sel):len(g.sel)], sel.SelectionSet...)
					found = true
					break
				}
			}
			if !found {
				groups = append(groups, &group{key: key, field: sel, sel: sel.SelectionSet})
			}
		case *ast.InlineFragment:
			if q.included(sel.Directives) && q.matches(sel.TypeCondition, typ) {
				groups = q.collect(typ, sel.SelectionSet, groups)
			}
		case *ast.FragmentSpread:
			if q.included(sel.Directives) && sel.Definition != nil && q.matches(sel.Definition.TypeCondition, typ) {
				groups = q.collect(typ, sel.Definition.SelectionSet, groups)
			}
		}
	}
	return groups
}

// included applies @skip and @include.
func (q *request) included(ds ast.DirectiveList) bool {
	for _, d := range ds {
		a := d.ArgumentMap(q.vars)
		switch d.Name {
		case "skip":
			if b, _ := a["if"].(bool); b {
				return false
			}
		case "include":
			if b, _ := a["if"].(bool); !b {
				return false
			}
		}
	}
	return true
}

// matches reports whether a fragment on cond applies to an object of type
// typ: the same type, or an interface or union it belongs to.
func (q *request) matches(cond, typ string) bool {
	if cond == "" || cond == typ {
		return true
	}
	for _, d := range q.s.schema.PossibleTypes[cond] {
		if d.Name == typ {
			return true
		}
	}
	return false
}

// selectObject resolves the selection set on obj. As the GraphQL
// specification says, a null in a non-null field makes the whole object
// null (the error that caused it is already recorded).
func (q *request) selectObject(ss ast.SelectionSet, obj typed, path []any) object {
	typ := obj.typeName()
	out := object{}
	for _, g := range q.collect(typ, ss, nil) {
		f := g.field
		p := append(path[:len(path):len(path)], g.key)
		if f.Name == "__typename" {
			out = append(out, member{g.key, typ})
			continue
		}
		q.path = p
		v, err := q.resolve(typ, obj, f)
		if err != nil {
			q.fail(err, f.Position, p)
			v = nil
		} else {
			v = q.complete(f.Definition.Type, v, g.sel, p, f)
		}
		if isNil(v) {
			if f.Definition.Type.NonNull {
				return nil
			}
			v = nil
		}
		out = append(out, member{g.key, v})
	}
	return out
}

func (q *request) resolve(typ string, obj typed, f *ast.Field) (any, error) {
	if !q.perm.Projects && (strings.HasPrefix(typ, "ProjectV2") || typ == "DraftIssue") {
		// Reached through node(id:) or a union, which analyze cannot see.
		return nil, insufficientScopes(f.Name, q.mutation)
	}
	a := args(f.ArgumentMap(q.vars))
	if r, ok := resolvers[typ+"."+f.Name]; ok {
		return r(q, obj, a)
	}
	if g, ok := obj.(generic); ok {
		if v, ok := g.get(f.Name); ok {
			return v, nil
		}
	}
	return nil, errorf("NOT_IMPLEMENTED", "githubtest does not implement %s.%s", typ, f.Name)
}

// isNil reports whether a resolved value is null: nil, a nil pointer, or
// an object nulled by a non-null field. A nil slice is an empty list.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	if o, ok := v.(object); ok {
		return o == nil
	}
	rv := reflect.ValueOf(v)
	return (rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Map) && rv.IsNil()
}

// complete turns a resolved value into JSON of type t.
func (q *request) complete(t *ast.Type, v any, ss ast.SelectionSet, path []any, f *ast.Field) any {
	if isNil(v) {
		return nil
	}
	if t.Elem != nil {
		rv := reflect.ValueOf(v)
		if rv.Kind() != reflect.Slice {
			q.fail(fmt.Errorf("githubtest: %s resolved to %T, not a list", f.Name, v), f.Position, path)
			return nil
		}
		out := make([]any, rv.Len())
		for i := range out {
			v := q.complete(t.Elem, rv.Index(i).Interface(), ss, append(path[:len(path):len(path)], i), f)
			if isNil(v) {
				if t.Elem.NonNull {
					return nil
				}
				v = nil
			}
			out[i] = v
		}
		return out
	}
	def := q.s.schema.Types[t.NamedType]
	if def.IsLeafType() {
		if tm, ok := v.(time.Time); ok {
			return tm.UTC().Format(time.RFC3339)
		}
		return v
	}
	o, ok := v.(typed)
	if !ok {
		q.fail(fmt.Errorf("githubtest: %s resolved to %T, not an object", f.Name, v), f.Position, path)
		return nil
	}
	if c, ok := o.(*conn); ok {
		c.typ = t.NamedType
	}
	if obj := q.selectObject(ss, o, path); obj != nil {
		return obj
	}
	return nil
}

// args are a field's arguments with variables substituted.
type args map[string]any

func (a args) str(name string) (string, bool) {
	s, ok := a[name].(string)
	return s, ok
}

func (a args) int(name string) (int, bool) { return toInt(a[name]) }

func (a args) obj(name string) args {
	m, _ := a[name].(map[string]any)
	return args(m)
}

func toInt(v any) (int, bool) {
	switch v := v.(type) {
	case int:
		return v, true
	case int32:
		return int(v), true
	case int64:
		return int(v), true
	case float64:
		return int(v), true
	case json.Number:
		n, err := v.Int64()
		return int(n), err == nil
	case string:
		n, err := strconv.Atoi(v)
		return n, err == nil
	}
	return 0, false
}

func toFloat(v any) (float64, bool) {
	switch v := v.(type) {
	case json.Number:
		f, err := v.Float64()
		return f, err == nil
	case string:
		f, err := strconv.ParseFloat(v, 64)
		return f, err == nil
	case float64:
		return v, true
	}
	n, ok := toInt(v)
	return float64(n), ok
}

// conn is a page of a connection. The executor sets typ from the field's
// type before selecting on it.
type conn struct {
	typ      string
	all      []any
	from, to int
}

func (c *conn) typeName() string { return c.typ }

func (c *conn) get(name string) (any, bool) {
	switch name {
	case "nodes":
		return c.all[c.from:c.to], true
	case "edges":
		edges := make([]any, 0, c.to-c.from)
		for i := c.from; i < c.to; i++ {
			edges = append(edges, &record{
				typ: strings.TrimSuffix(c.typ, "Connection") + "Edge",
				f:   map[string]any{"cursor": cursor(i), "node": c.all[i]},
			})
		}
		return edges, true
	case "totalCount":
		return len(c.all), true
	case "pageInfo":
		pi := map[string]any{
			"hasNextPage":     c.to < len(c.all),
			"hasPreviousPage": c.from > 0,
			"startCursor":     nil,
			"endCursor":       nil,
		}
		if c.to > c.from {
			pi["startCursor"] = cursor(c.from)
			pi["endCursor"] = cursor(c.to - 1)
		}
		return &record{typ: "PageInfo", f: pi}, true
	}
	return nil, false
}

// cursor is GitHub-like: opaque base64 of "cursor:v2:" and a position.
func cursor(i int) string {
	return base64.StdEncoding.EncodeToString([]byte("cursor:v2:" + strconv.Itoa(i+1)))
}

func parseCursor(s string) (int, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err == nil {
		if n, ok := strings.CutPrefix(string(b), "cursor:v2:"); ok {
			if i, err := strconv.Atoi(n); err == nil && i > 0 {
				return i - 1, nil
			}
		}
	}
	return 0, errorf("INVALID_CURSOR_ARGUMENTS", "`%s` does not appear to be a valid cursor.", s)
}

// paginate cuts a page out of all by first, after, last and before, as
// the Relay specification says.
func paginate[T any](all []T, a args) (*conn, error) {
	nodes := make([]any, len(all))
	for i, v := range all {
		nodes[i] = v
	}
	c := &conn{all: nodes, to: len(nodes)}
	if s, ok := a.str("after"); ok {
		i, err := parseCursor(s)
		if err != nil {
			return nil, err
		}
		c.from = min(i+1, len(nodes))
	}
	if s, ok := a.str("before"); ok {
		i, err := parseCursor(s)
		if err != nil {
			return nil, err
		}
		c.to = max(min(i, c.to), c.from)
	}
	if n, ok := a.int("first"); ok {
		c.to = min(c.to, c.from+n)
	}
	if n, ok := a.int("last"); ok {
		c.from = max(c.from, c.to-n)
	}
	return c, nil
}
