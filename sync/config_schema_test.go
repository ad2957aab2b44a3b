package sync

import (
	"bytes"
	"encoding/json"
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"reflect"
	"strings"
	"testing"

	invopop "github.com/invopop/jsonschema"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

// The JSON Schema of the configuration file is generated from configFile
// and checked in at the repository's root, where editors find it through
// the README's "# yaml-language-server: $schema=…" line. Rewrite it with
//
//	go generate ./sync/
//
// which runs go test -run TestConfigSchemaIsUpToDate -update in ./sync.
var update = flag.Bool("update", false, "rewrite minutes-sync.schema.json from configFile")

const (
	schemaFile = "../minutes-sync.schema.json"
	schemaURL  = "https://raw.githubusercontent.com/minutes-sync/minutes-sync/main/minutes-sync.schema.json"
	// boardPattern is what ParseBoardURL accepts: any host, so GitHub
	// Enterprise Server boards too, and anything after the number.
	boardPattern = `^(https?://)?[^/]+/(orgs|users)/[^/]+/projects/0*[1-9][0-9]*(/.*)?$`
)

// configSchema generates the schema. It is draft-07, the newest draft that
// the YAML language server fully supports, and keeps every type in one tree
// (no $defs) so editors show it plainly.
func configSchema(t *testing.T) []byte {
	t.Helper()
	comments := fieldComments(t, "config_file.go")
	r := &invopop.Reflector{
		FieldNameTag:               "yaml",
		RequiredFromJSONSchemaTags: true, // every key is optional unless tagged
		DoNotReference:             true,
		ExpandedStruct:             true,
		Anonymous:                  true,
		LookupComment: func(t reflect.Type, field string) string {
			return comments[t.Name()+"."+field]
		},
		Mapper: func(t reflect.Type) *invopop.Schema { // values that read themselves from a string
			switch t {
			case reflect.TypeFor[boardURL]():
				return &invopop.Schema{Type: "string", Pattern: boardPattern}
			case reflect.TypeFor[pattern]():
				return &invopop.Schema{Type: "string"}
			}
			return nil
		},
	}
	s := r.Reflect(&configFile{})
	s.Version = "http://json-schema.org/draft-07/schema#"
	s.ID = schemaURL
	s.Title = "minutes-sync configuration"
	s.Description = "The optional configuration file of minutes-sync, .github/minutes-sync.yml by default. Every key is optional."
	d := DefaultConfig()
	fields, _ := s.Properties.Get("fields")
	for key, def := range map[string]string{"status": d.Fields.Status, "done": d.Fields.DoneOption, "last-discussed": d.Fields.LastDiscussed} {
		p, _ := fields.Properties.Get(key)
		p.Default = def
	}
	mentions, _ := s.Properties.Get("mentions")
	mentions.Default = d.Mentions
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

// fieldComments returns the doc comments of the struct fields in a Go file
// of this package, keyed "type.Field", each on one line. (The reflector's
// own AddGoComments reads exported types only.)
func fieldComments(t *testing.T, file string) map[string]string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	ast.Inspect(f, func(n ast.Node) bool {
		ts, ok := n.(*ast.TypeSpec)
		if !ok {
			return true
		}
		if st, ok := ts.Type.(*ast.StructType); ok {
			for _, field := range st.Fields.List {
				for _, name := range field.Names {
					out[ts.Name.Name+"."+name.Name] = strings.Join(strings.Fields(field.Doc.Text()), " ")
				}
			}
		}
		return false
	})
	return out
}

func TestConfigSchemaIsUpToDate(t *testing.T) {
	t.Parallel()
	got := configSchema(t)
	if *update {
		if err := os.WriteFile(schemaFile, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is not what configFile gives: run go generate ./sync/ and commit the result", schemaFile)
	}
}

// compileSchema compiles the checked-in schema; compiling also checks it
// against the draft-07 meta-schema.
func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(schemaURL, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(schemaURL)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// validateYAML checks a configuration file against the schema, as an editor
// does: YAML read into the JSON data model.
func validateYAML(t *testing.T, s *jsonschema.Schema, src string) error {
	t.Helper()
	var v any
	if err := yaml.Unmarshal([]byte(src), &v); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return s.Validate(inst)
}

// readmeExample returns the YAML example of the README's "Configuration
// file" section.
func readmeExample(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "\n## Configuration file\n")
	section, _, _ = strings.Cut(section, "\n## ")
	_, block, ok2 := strings.Cut(section, "```yaml\n")
	block, _, ok3 := strings.Cut(block, "```")
	if !ok || !ok2 || !ok3 {
		t.Fatal(`README.md has no "## Configuration file" section with a yaml block`)
	}
	return block
}

func TestConfigSchemaAcceptsTheREADMEExample(t *testing.T) {
	t.Parallel()
	example := readmeExample(t)
	if first, _, _ := strings.Cut(example, "\n"); first != "# yaml-language-server: $schema="+schemaURL {
		t.Errorf("the README's example starts with %q, not the schema line", first)
	}
	if err := validateYAML(t, compileSchema(t), example); err != nil {
		t.Errorf("the schema rejects the README's example: %v", err)
	}
	if _, err := ParseConfig("README.md", []byte(example)); err != nil {
		t.Errorf("ParseConfig rejects the README's example: %v", err)
	}
}

func TestConfigSchemaAgreesWithParseConfig(t *testing.T) {
	t.Parallel()
	s := compileSchema(t)
	for _, tc := range []struct {
		name, src string
		ok        bool
	}{
		{"an empty mapping", "{}\n", true},
		{"a board on GitHub Enterprise Server", "default-project: https://ghe.example.com/orgs/acme/projects/2/views/1\n", true},
		{"a route on a title alone", "routes:\n  - title: '(?i)^CVE-'\n    project: https://github.com/users/bob/projects/3\n", true},
		{"an unknown key", "colour: red\n", false},
		{"an unknown nested key", "fields:\n  colour: red\n", false},
		{"an unknown key in a route", "routes:\n  - section: x\n    project: https://github.com/orgs/a/projects/1\n    colour: red\n", false},
		{"a wrong type", "mentions: maybe\n", false},
		{"a list where a mapping belongs", "housekeeping: [Round table]\n", false},
		{"a route without a project", "routes:\n  - section: x\n", false},
		{"a route without a pattern", "routes:\n  - project: https://github.com/orgs/a/projects/1\n", false},
		{"no board address", "default-project: https://github.com/alice/repo\n", false},
		{"a repository without its owner", "issue-repository: meetings\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			schemaErr := validateYAML(t, s, tc.src)
			if (schemaErr == nil) != tc.ok {
				t.Errorf("schema: err = %v, want ok = %v", schemaErr, tc.ok)
			}
			if _, err := ParseConfig("c.yml", []byte(tc.src)); (err == nil) != tc.ok {
				t.Errorf("ParseConfig: err = %v, want ok = %v", err, tc.ok)
			}
		})
	}
}
