package cli_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// twoKyivs is an article naming two actors that both go by "Kyiv", and a
// misspelt Zelensky.
const twoKyivs = `{"id": "kyivs", "title": "Two Kyivs", "text": "Kyiv spoke.", "entities": [
  {"id": "gov", "type": "actor", "kind": "government", "name": "Government of Ukraine", "key": "ukraine-government", "aliases": ["Kyiv"]},
  {"id": "city", "type": "actor", "kind": "government", "name": "Kyiv City Administration", "key": "kyiv-city", "aliases": ["Kyiv"]},
  {"id": "z1", "type": "actor", "kind": "person", "name": "Volodymyr Zelensky", "wikidata": "Q3881739"},
  {"id": "z2", "type": "actor", "kind": "person", "name": "Volodymyr Zelenskyy", "key": "zelenskyy"}
]}`

// kyivSpeaks names "Kyiv" without a key: it could be either.
const kyivSpeaks = `{"id": "kyiv-speaks", "title": "Kyiv speaks", "text": "Kyiv spoke again.", "entities": [
  {"id": "k", "type": "actor", "kind": "government", "name": "Kyiv", "mentions": [{"start": 0, "end": 4, "text": "Kyiv"}]}
]}`

func TestEntitiesDuplicatesAndWarnings(t *testing.T) {
	isolate(t)
	dir := filepath.Join(t.TempDir(), "data")
	if r := run(t, "--data-dir", dir, "load", writeFile(t, "kyivs.json", twoKyivs)); r.code != 0 {
		t.Fatalf("load:\n%s", r)
	}
	path := writeFile(t, "kyiv-speaks.json", kyivSpeaks)
	r := run(t, "--data-dir", dir, "load", path)
	want := "WARN " + path + `: entity "Kyiv" could be actor:kyiv-city ("Kyiv City Administration") or ` +
		`actor:ukraine-government ("Government of Ukraine"): kept as actor:kyiv (give the entity a key or a Wikidata id to choose)` + "\n"
	if r.code != 0 || !strings.HasPrefix(r.stdout, want) || !strings.Contains(r.stdout, "; 1 warning (") {
		t.Errorf("load with an ambiguous entity: want exit 0, the line\n%s and a warning in the summary:\n%s", want, r)
	}

	r = run(t, "--data-dir", dir, "entities", "--duplicates", "--type", "actor")
	wantPairs := []string{
		`actor:Q3881739 "Volodymyr Zelensky"` + "\t" + `actor:zelenskyy "Volodymyr Zelenskyy"` + "\t" +
			`names one letter apart: "volodymyr-zelensky", "volodymyr-zelenskyy"`,
		`actor:kyiv "Kyiv"` + "\t" + `actor:kyiv-city "Kyiv City Administration"` + "\t" + `same name "kyiv"`,
		`actor:kyiv "Kyiv"` + "\t" + `actor:ukraine-government "Government of Ukraine"` + "\t" + `same name "kyiv"`,
		`actor:kyiv-city "Kyiv City Administration"` + "\t" + `actor:ukraine-government "Government of Ukraine"` + "\t" + `same name "kyiv"`,
	}
	if r.code != 0 {
		t.Fatalf("entities --duplicates:\n%s", r)
	}
	if diff := cmp.Diff(wantPairs, strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")); diff != "" {
		t.Errorf("entities --duplicates (-want +got):\n%s", diff)
	}
	if !strings.Contains(r.stderr, "4 pairs of likely duplicates") {
		t.Errorf("stderr does not count the pairs:\n%s", r)
	}

	r = run(t, "--data-dir", dir, "entities", "--duplicates", "--limit", "1")
	if r.code != 0 || strings.Count(r.stdout, "\n") != 1 || !strings.Contains(r.stderr, "(1 shown: use --limit 0 for all)") {
		t.Errorf("entities --duplicates --limit 1:\n%s", r)
	}

	r = run(t, "--data-dir", dir, "entities", "--type", "actor", "--limit", "2")
	if r.code != 0 || r.stdout != "actor:Q3881739\tActor\tVolodymyr Zelensky\nactor:kyiv\tActor\tKyiv\n" {
		t.Errorf("entities --limit 2:\n%s", r)
	}

	r = run(t, "--data-dir", dir, "entities", "--type", "country")
	if r.code != 2 || !strings.Contains(r.stderr, `--type: unknown entity type "country"`) {
		t.Errorf("entities --type country:\n%s", r)
	}
}
