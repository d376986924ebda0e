package brat

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCommonNounsStayLocal checks that an entity that is no name keeps a
// key of its article, and that a name does not: by capitalisation past the
// determiners, by the sentence start, and by the Mention attribute.
func TestCommonNounsStayLocal(t *testing.T) {
	const text = "Banks lent to Citibank. The banks and the Federal Reserve met. Officials said the Fed agreed."
	ann := "T1\tOrganization 0 5\tBanks\n" + // starts a sentence, a plural, in lower case elsewhere
		"T2\tOrganization 14 22\tCitibank\n" +
		"T3\tOrganization 24 33\tThe banks\n" +
		"T4\tOrganization 38 57\tthe Federal Reserve\n" +
		"T5\tPerson 63 72\tOfficials\n" + // a plural at the start of a sentence
		"T6\tOrganization 78 85\tthe Fed\n" +
		"A1\tMention T6 Nominal\n"
	doc, _, err := convert(t, New(nil), text, ann, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, e := range doc.Entities {
		got[e.Name] = e.Key
	}
	want := map[string]string{
		"Banks":               "doc-banks-local", // one entity with "The banks": same normalised text
		"Citibank":            "",
		"the Federal Reserve": "",
		"Officials":           "doc-officials-local",
		"the Fed":             "doc-fed-local",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("keys by name (-want +got):\n%s", d)
	}
}
