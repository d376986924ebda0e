package store_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/ontology"
	"newsgraph/store"
)

func TestMergeClaimsCodes(t *testing.T) {
	usa := store.Code{Scheme: ontology.SchemeCAMEO, Value: "USA"}
	us := store.Code{Scheme: ontology.SchemeISOAlpha2, Value: "US"}
	usa3 := store.Code{Scheme: ontology.SchemeISOAlpha3, Value: "USA"}
	got := store.MergeClaims([]store.ArticleClaim{
		{Article: "article:b", Entity: store.Entity{ID: "actor:Q30", Type: ontology.Actor, Name: "US", Codes: []store.Code{usa3, usa}}},
		{Article: "article:a", Entity: store.Entity{ID: "actor:Q30", Type: ontology.Actor, Name: "United States", Codes: []store.Code{us, usa}}},
		{Article: "article:c", Entity: store.Entity{ID: "actor:Q30", Type: ontology.Actor, Name: "America"}},
	})
	if d := cmp.Diff([]store.Code{usa, us, usa3}, got.Codes); d != "" {
		t.Errorf("codes: the union of the claims', sorted by scheme and value (-want +got):\n%s", d)
	}
	none := store.MergeClaims([]store.ArticleClaim{{Article: "article:a", Entity: store.Entity{ID: "actor:x", Type: ontology.Actor, Name: "X"}}})
	if none.Codes == nil || len(none.Codes) != 0 {
		t.Errorf("codes of an entity without codes: %#v, want an empty, non-nil list", none.Codes)
	}
}

func TestCodeKeys(t *testing.T) {
	code := func(s ontology.CodeScheme, v string) store.Code { return store.Code{Scheme: s, Value: v} }
	cases := []struct {
		name  string
		codes []store.Code
		want  []string
	}{
		{"country codes identify", []store.Code{code(ontology.SchemeISOAlpha3, "USA"), code(ontology.SchemeCAMEO, "USA"), code(ontology.SchemeISOAlpha2, "US")},
			[]string{"cameo:USA", "iso3166_alpha2:US", "iso3166_alpha3:USA"}},
		{"a government and a military identify", []store.Code{code(ontology.SchemeCAMEO, "USAGOV"), code(ontology.SchemeCAMEO, "RUSMIL")},
			[]string{"cameo:RUSMIL", "cameo:USAGOV"}},
		{"classes of actors do not", []store.Code{code(ontology.SchemeCAMEO, "IGO"), code(ontology.SchemeCAMEO, "IGOGOV"),
			code(ontology.SchemeCAMEO, "NGO"), code(ontology.SchemeCAMEO, "PSECVL"), code(ontology.SchemeCAMEO, "PSEREB")}, nil},
		{"invalid values and unknown schemes do not", []store.Code{code(ontology.SchemeCAMEO, "usa"), code("gdelt", "USA"),
			code(ontology.SchemeISOAlpha2, "USA")}, nil},
		{"repeats once", []store.Code{code(ontology.SchemeCAMEO, "UKR"), code(ontology.SchemeCAMEO, "UKR")}, []string{"cameo:UKR"}},
	}
	for _, c := range cases {
		if d := cmp.Diff(c.want, store.CodeKeys(&store.Entity{Codes: c.codes})); d != "" {
			t.Errorf("%s (-want +got):\n%s", c.name, d)
		}
	}
}

func TestCodeFilter(t *testing.T) {
	usa := "USA"
	codes := []store.Code{{Scheme: ontology.SchemeCAMEO, Value: "USAGOV"}, {Scheme: ontology.SchemeISOAlpha3, Value: "USA"}}
	cases := []struct {
		name string
		f    *store.CodeFilter
		want bool
	}{
		{"nil", nil, true},
		{"scheme and value", &store.CodeFilter{Scheme: ontology.SchemeISOAlpha3, Value: &usa}, true},
		{"value of another scheme", &store.CodeFilter{Scheme: ontology.SchemeCAMEO, Value: &usa}, false},
		{"any value of a scheme", &store.CodeFilter{Scheme: ontology.SchemeCAMEO}, true},
		{"a scheme without codes", &store.CodeFilter{Scheme: ontology.SchemeISOAlpha2}, false},
	}
	for _, c := range cases {
		if got := c.f.MatchAny(codes); got != c.want {
			t.Errorf("%s: MatchAny = %v, want %v", c.name, got, c.want)
		}
	}
	if got := (&store.CodeFilter{Scheme: ontology.SchemeISOAlpha3}).MatchAny(nil); got {
		t.Error("an entity without codes matches a code filter")
	}
	if k, ok := store.ParseCodeKey("cameo:USAGOV"); !ok || k != codes[0] {
		t.Errorf("ParseCodeKey(cameo:USAGOV) = %v, %v", k, ok)
	}
}
