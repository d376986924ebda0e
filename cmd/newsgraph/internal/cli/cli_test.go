package cli_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/cmd/newsgraph/internal/cli"
	"newsgraph/store"
	"newsgraph/store/embedded"
)

const examples = "../../../../examples/articles"

// isolate clears the environment variables that give flags their defaults,
// so that a developer's or CI's settings (a NEO4J_URI) do not leak in.
func isolate(t *testing.T) {
	t.Helper()
	for _, v := range []string{
		"NEWSGRAPH_DATA_DIR", "NEWSGRAPH_ADDR", "NEWSGRAPH_LOG_LEVEL", "NEWSGRAPH_LOG_FORMAT",
		"NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE",
	} {
		t.Setenv(v, "")
	}
}

type result struct {
	code           int
	stdout, stderr string
}

// run runs newsgraph in-process.
func run(t *testing.T, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := cli.Main(t.Context(), args, &stdout, &stderr)
	return result{code, stdout.String(), stderr.String()}
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
}

// counts is how much the embedded store in dir holds; it opens and closes
// the store, which also checks that the command released it.
type counts struct{ Articles, Entities, Relations int }

func countsIn(t *testing.T, dir string) counts {
	t.Helper()
	st, err := embedded.Open(dir)
	if err != nil {
		t.Fatalf("reopen the store: %v", err)
	}
	defer st.Close()
	ctx := t.Context()
	var c counts
	if c.Articles, err = st.CountArticles(ctx, store.ArticleQuery{}); err != nil {
		t.Fatal(err)
	}
	if c.Entities, err = st.CountEntities(ctx, store.EntityQuery{}); err != nil {
		t.Fatal(err)
	}
	if c.Relations, err = st.CountRelations(ctx, store.RelationQuery{}); err != nil {
		t.Fatal(err)
	}
	return c
}

var summaryRE = regexp.MustCompile(`(?m)^loaded (\d+) articles? \((\d+) created, (\d+) replaced, (\d+) unchanged\), (\d+) failed; (?:(\d+) entit(?:y|ies), (\d+) relations? in the graph; )?(\d+) mentions?, (\d+) pieces? of evidence read; nothing omitted \(.*\)$`)

// summaryOf returns the numbers of load's summary line: loaded, created,
// replaced, unchanged, failed.
func summaryOf(t *testing.T, r result) []string {
	t.Helper()
	m := summaryRE.FindStringSubmatch(r.stdout)
	if m == nil {
		t.Fatalf("no summary line in the output:\n%s", r)
	}
	return m[1:6]
}

func TestLoadExamplesTwice(t *testing.T) {
	isolate(t)
	dir := filepath.Join(t.TempDir(), "data")

	first := run(t, "--data-dir", dir, "load", examples)
	if first.code != 0 {
		t.Fatalf("first load:\n%s", first)
	}
	if diff := cmp.Diff([]string{"1", "1", "0", "0", "0"}, summaryOf(t, first)); diff != "" {
		t.Errorf("first load: loaded, created, replaced, unchanged, failed (-want +got):\n%s", diff)
	}
	after := countsIn(t, dir)
	if after.Articles != 1 || after.Entities == 0 || after.Relations == 0 {
		t.Fatalf("store after loading the examples: %+v", after)
	}

	second := run(t, "--data-dir", dir, "load", examples)
	if second.code != 0 {
		t.Fatalf("second load:\n%s", second)
	}
	if diff := cmp.Diff([]string{"1", "0", "0", "1", "0"}, summaryOf(t, second)); diff != "" {
		t.Errorf("second load: loaded, created, replaced, unchanged, failed (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(after, countsIn(t, dir)); diff != "" {
		t.Errorf("the second load changed the store (-first +second):\n%s", diff)
	}
}

// writeFile writes a file under a new temporary directory.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// exampleWith returns the example article with edit applied, as JSON.
func exampleWith(t *testing.T, edit func(doc map[string]any)) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(examples, "istanbul-talks-2025-06-03.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	edit(doc)
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestLoadMalformedArticleChangesNothing(t *testing.T) {
	isolate(t)
	dir := filepath.Join(t.TempDir(), "data")
	if r := run(t, "--data-dir", dir, "load", examples); r.code != 0 {
		t.Fatalf("loading the examples:\n%s", r)
	}
	before := countsIn(t, dir)

	tests := []struct {
		name, file, content string
		want                string // in the FAIL line, after the file name
	}{
		{"truncated JSON", "truncated.json", `{"id": "x", "title": "X", "text": "Kyiv`,
			": $: not valid JSON: unexpected end of input"},
		{"a new version of the example with a wrong span", "changed.json", exampleWith(t, func(doc map[string]any) {
			doc["title"] = "A new title"
			rel := doc["relations"].([]any)[0].(map[string]any)
			rel["evidence"].(map[string]any)["start"] = 1.0
		}), ": $.relations[0].evidence.text: span [1,"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, tt.file, tt.content)
			r := run(t, "--data-dir", dir, "load", path)
			if r.code != 1 {
				t.Errorf("exit code %d, want 1\n%s", r.code, r)
			}
			if want := "FAIL " + path + tt.want; !strings.Contains(r.stdout, want) {
				t.Errorf("output does not contain %q:\n%s", want, r)
			}
			if diff := cmp.Diff([]string{"0", "0", "0", "0", "1"}, summaryOf(t, r)); diff != "" {
				t.Errorf("loaded, created, replaced, unchanged, failed (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(before, countsIn(t, dir)); diff != "" {
				t.Errorf("the failed load changed the store (-before +after):\n%s", diff)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	isolate(t)
	dir := filepath.Join(t.TempDir(), "data")

	ok := run(t, "--data-dir", dir, "validate", examples)
	if ok.code != 0 || !strings.Contains(ok.stdout, "validated 1 article, 0 failed;") {
		t.Errorf("validate the examples:\n%s", ok)
	}

	bad := writeFile(t, "bad.yaml", "id: bad\ntitle: Bad\ntext: Nothing.\nentities:\n  - {id: x, type: country, name: X}\n")
	r := run(t, "--data-dir", dir, "validate", examples, bad)
	if r.code != 1 {
		t.Errorf("exit code %d, want 1\n%s", r.code, r)
	}
	want := "FAIL " + bad + `: $.entities[0].type: unknown entity type "country"`
	if !strings.Contains(r.stdout, want) || !strings.Contains(r.stdout, "validated 1 article, 1 failed;") {
		t.Errorf("output does not contain %q and the summary:\n%s", want, r)
	}

	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("validate touched the data directory: %v", err)
	}
}

func TestUsageErrors(t *testing.T) {
	isolate(t)
	data := filepath.Join(t.TempDir(), "data")
	tests := []struct {
		args []string
		want string // in stderr
	}{
		{[]string{}, "missing command"},
		{[]string{"lod"}, `unknown command "lod" (did you mean "load"?)`},
		{[]string{"load"}, "give at least one PATH"},
		{[]string{"load", "--frmat", "native", examples}, "unknown flag: --frmat"},
		{[]string{"load", "--format", "docx", examples}, `--format: unknown format "docx"`},
		{[]string{"load", "--mapping", "labels.yaml", examples}, "--mapping maps the labels of one format: give --format too"},
		{[]string{"load", "--format", "native", "--mapping", "labels.yaml", examples}, "the native format takes no mapping"},
		{[]string{"--log-level", "loud", "version"}, `invalid --log-level "loud"`},
		{[]string{"--log-format", "xml", "version"}, `invalid --log-format "xml"`},
		{[]string{"serve", examples}, "use --load PATH"},
		{[]string{"version", "now"}, `unexpected argument "now"`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := run(t, append([]string{"--data-dir", data}, tt.args...)...)
			if r.code != 2 {
				t.Errorf("exit code %d, want 2\n%s", r.code, r)
			}
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr does not contain %q:\n%s", tt.want, r)
			}
		})
	}
}

// TestOtherFormatsAreRegistered loads a brat document, detected as such, to
// check that the importers of other formats are wired in.
func TestOtherFormatsAreRegistered(t *testing.T) {
	isolate(t)
	docs := t.TempDir()
	files := map[string]string{
		"talks.txt": "Rustem Umerov led the Ukrainian delegation.\n",
		"talks.ann": "T1\tPerson 0 13\tRustem Umerov\n",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(docs, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dir := filepath.Join(t.TempDir(), "data")
	r := run(t, "--data-dir", dir, "load", docs)
	if r.code != 0 || !strings.Contains(r.stdout, "loaded 1 article (1 created, 0 replaced, 0 unchanged), 0 failed; 1 entity") {
		t.Errorf("load of a brat document:\n%s", r)
	}
}

func TestMissingPathFails(t *testing.T) {
	isolate(t)
	r := run(t, "--data-dir", filepath.Join(t.TempDir(), "data"), "load", "no/such/dir")
	if r.code != 1 || !strings.Contains(r.stderr, "no/such/dir: no such file or directory") {
		t.Errorf("load of a missing path:\n%s", r)
	}
}

func TestUnreachableNeo4j(t *testing.T) {
	isolate(t)
	r := run(t, "--neo4j-uri", "bolt://127.0.0.1:1", "load", examples)
	if r.code != 1 || !strings.Contains(r.stderr, "open Neo4j store") {
		t.Errorf("load into an unreachable Neo4j:\n%s", r)
	}
}

func TestLockedDataDir(t *testing.T) {
	isolate(t)
	dir := filepath.Join(t.TempDir(), "data")
	st, err := embedded.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	r := run(t, "--data-dir", dir, "load", examples)
	if r.code != 1 || !strings.Contains(r.stderr, "another newsgraph process is using it") {
		t.Errorf("load into a locked data directory:\n%s", r)
	}
}

func TestVersion(t *testing.T) {
	isolate(t)
	r := run(t, "version")
	if r.code != 0 || !regexp.MustCompile(`^newsgraph \S+ \(go\S+, \w+/\w+\)\n$`).MatchString(r.stdout) {
		t.Errorf("version:\n%s", r)
	}
}

func TestHelpListsFlags(t *testing.T) {
	isolate(t)
	global := []string{"--data-dir", "--neo4j-uri", "--neo4j-user", "--neo4j-password", "--neo4j-database", "--log-level", "--log-format"}
	tests := map[string][]string{
		"load":     {"--format", "--mapping", "--batch", "--no-resolve"},
		"validate": {"--format", "--mapping"},
		"serve":    {"--addr", "--load", "--open"},
		"gen":      {"--articles", "--seed", "--out"},
		"entities": {"--duplicates", "--type", "--limit"},
		"version":  nil,
	}
	for command, flags := range tests {
		t.Run(command, func(t *testing.T) {
			r := run(t, command, "--help")
			if r.code != 0 {
				t.Fatalf("help:\n%s", r)
			}
			for _, f := range append(flags, global...) {
				if !strings.Contains(r.stdout, f) {
					t.Errorf("help of %s does not list %s:\n%s", command, f, r.stdout)
				}
			}
		})
	}
}

var endpointRE = regexp.MustCompile(`newsgraph: GraphiQL at (http://\S+/) , GraphQL at (http://\S+/graphql)\n`)

func TestServe(t *testing.T) {
	isolate(t)
	dir := filepath.Join(t.TempDir(), "data")
	s := startServe(t, "--data-dir", dir, "serve", "--addr", "127.0.0.1:0", "--load", examples)
	graphiql, graphql, stdout := s.graphiql, s.graphql, s.stdout
	if strings.Contains(graphql, ":0/") {
		t.Errorf("serve printed port 0 rather than the port it listens on: %s", graphql)
	}
	if !strings.Contains(stdout.String(), "loaded 1 article (1 created") {
		t.Errorf("serve --load did not report the load:\n%s", stdout.String())
	}

	query := `{ relations(types: [LED], where: {target: {name: {eq: "Ukrainian delegation"}}}) { nodes { source { name } } } }`
	body, err := json.Marshal(map[string]string{"query": query})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post(graphql, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Data struct {
			Relations struct {
				Nodes []struct {
					Source struct{ Name string }
				}
			}
		}
		Errors []any
	}
	err = json.NewDecoder(resp.Body).Decode(&got)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK || len(got.Errors) > 0 {
		t.Fatalf("POST %s: status %d, %+v, decode error %v", graphql, resp.StatusCode, got, err)
	}
	if len(got.Data.Relations.Nodes) != 1 || got.Data.Relations.Nodes[0].Source.Name != "Rustem Umerov" {
		t.Errorf("who led the Ukrainian delegation: %+v, want Rustem Umerov", got.Data.Relations.Nodes)
	}

	resp, err = http.Get(graphiql)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Errorf("GET %s: %s, %s", graphiql, resp.Status, resp.Header.Get("Content-Type"))
	}

	if code := s.stop(t); code != 0 {
		t.Errorf("serve exited with %d after cancel\nstderr:\n%s", code, s.stderr.String())
	}
	// The store was closed: it can be opened again.
	if c := countsIn(t, dir); c.Articles != 1 {
		t.Errorf("store after serve: %+v, want the example article", c)
	}
}

// TestBinary builds the command and checks that main passes the exit code on.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	isolate(t)
	bin := filepath.Join(t.TempDir(), "newsgraph")
	build := exec.Command("go", "build", "-o", bin, "newsgraph/cmd/newsgraph")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	tests := []struct {
		args []string
		code int
	}{
		{[]string{"version"}, 0},
		{[]string{"load", "--help"}, 0},
		{[]string{"validate", examples}, 0},
		{[]string{"load"}, 2},
		{[]string{"validate", "no-such-file.json"}, 1},
	}
	for _, tt := range tests {
		cmd := exec.Command(bin, tt.args...)
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != tt.code {
			t.Errorf("newsgraph %s: exit %d, want %d\n%s", strings.Join(tt.args, " "), code, tt.code, out)
		}
	}
}
