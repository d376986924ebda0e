package graph_test

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The seed article (examples/articles/istanbul-talks-2025-06-03.json) read
// back through the API: the claims DOMAIN.md says the graph must hold.

type named struct {
	Name string `json:"name"`
}

func TestUmerovLedTheUkrainianDelegation(t *testing.T) {
	_, c := seeded(t)
	var resp struct {
		Actors struct {
			Nodes []struct {
				Name      string `json:"name"`
				Kind      string `json:"kind"`
				Relations struct {
					Nodes []struct {
						Type   string `json:"type"`
						Target struct {
							Name string `json:"name"`
							Kind string `json:"kind"`
						} `json:"target"`
					} `json:"nodes"`
				} `json:"relations"`
			} `json:"nodes"`
		} `json:"actors"`
	}
	query(t, c, `{
	  actors(where: {name: {eq: "Rustem Umerov"}}) {
	    nodes {
	      name kind
	      relations(direction: OUT, types: [LED]) {
	        nodes { type target { name ... on Actor { kind } } }
	      }
	    }
	  }
	}`, &resp)
	got := resp.Actors.Nodes
	if len(got) != 1 {
		t.Fatalf("want one Rustem Umerov, got %+v", got)
	}
	if got[0].Kind != "PERSON" {
		t.Errorf("kind = %s, want PERSON", got[0].Kind)
	}
	// Umerov led the delegation and, as Defence Minister, Ukraine's
	// Ministry of Defence.
	var led []string
	for _, r := range got[0].Relations.Nodes {
		led = append(led, r.Type+" "+r.Target.Name+" ("+r.Target.Kind+")")
	}
	slices.Sort(led)
	want := []string{"LED Ministry of Defence of Ukraine (GOVERNMENT)", "LED Ukrainian delegation (DELEGATION)"}
	if diff := cmp.Diff(want, led); diff != "" {
		t.Errorf("Umerov's LED relations (-want +got):\n%s", diff)
	}
}

// TestUmerovLinkedToUkraine follows Umerov to Ukraine through his office:
// the ministry he leads is part of Ukraine.
func TestUmerovLinkedToUkraine(t *testing.T) {
	_, c := seeded(t)
	var resp struct {
		Actors struct {
			Nodes []struct {
				Relations struct {
					Nodes []struct {
						Type   string `json:"type"`
						Source named  `json:"source"`
						Target named  `json:"target"`
					} `json:"nodes"`
				} `json:"relations"`
			} `json:"nodes"`
		} `json:"actors"`
	}
	query(t, c, `{
	  actors(where: {name: {eq: "Ministry of Defence of Ukraine"}}) {
	    nodes { relations(orderBy: {field: TYPE}) { nodes { type source { name } target { name } } } }
	  }
	}`, &resp)
	if len(resp.Actors.Nodes) != 1 {
		t.Fatalf("want one Ministry of Defence of Ukraine, got %+v", resp.Actors.Nodes)
	}
	var got []string
	for _, r := range resp.Actors.Nodes[0].Relations.Nodes {
		got = append(got, r.Source.Name+" "+r.Type+" "+r.Target.Name)
	}
	want := []string{"Rustem Umerov LED Ministry of Defence of Ukraine", "Ministry of Defence of Ukraine MEMBER_OF Ukraine"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the ministry's relations (-want +got):\n%s", diff)
	}
}

// TestTruceProposedToRussia: Ukraine gave Russia its proposals for a truce
// (the recipient is the relation's target, what was proposed its item).
func TestTruceProposedToRussia(t *testing.T) {
	_, c := seeded(t)
	var resp struct {
		Relations struct {
			Nodes []struct {
				Source named  `json:"source"`
				Target named  `json:"target"`
				Item   string `json:"item"`
			} `json:"nodes"`
		} `json:"relations"`
	}
	query(t, c, `{
	  relations(where: {type: {eq: PROPOSED}, source: {name: {eq: "Ukraine"}}, target: {type: {eq: ACTOR}}}) {
	    nodes { source { name } target { name } item }
	  }
	}`, &resp)
	got := resp.Relations.Nodes
	if len(got) != 1 || got[0].Target.Name != "Russia" || got[0].Item != "proposals for a truce" {
		t.Errorf("Ukraine's proposals to an actor = %+v, want one to Russia with the item \"proposals for a truce\"", got)
	}
}

// TestEuropeanAlliesDemandedNothing: the article mentions European allies
// and sanctions but does not say the allies demanded them.
func TestEuropeanAlliesDemandedNothing(t *testing.T) {
	_, c := seeded(t)
	var resp struct {
		Actors struct {
			Nodes []struct {
				Relations struct {
					TotalCount int `json:"totalCount"`
				} `json:"relations"`
			} `json:"nodes"`
		} `json:"actors"`
	}
	query(t, c, `{ actors(where: {name: {eq: "European allies"}}) { nodes { relations { totalCount } } } }`, &resp)
	if n := resp.Actors.Nodes; len(n) != 1 || n[0].Relations.TotalCount != 0 {
		t.Errorf("European allies = %+v, want one actor with no relations", n)
	}
}

func TestUkraineDemandedACeasefireRussiaRejected(t *testing.T) {
	_, c := seeded(t)
	type agreement struct {
		Name       string  `json:"name"`
		Kind       string  `json:"kind"`
		Status     string  `json:"status"`
		DemandedBy []named `json:"demandedBy"`
		RejectedBy []named `json:"rejectedBy"`
	}
	var resp struct {
		Agreements struct {
			Nodes []agreement `json:"nodes"`
		} `json:"agreements"`
	}
	query(t, c, `{
	  agreements(where: {kind: {eq: CEASEFIRE}}) {
	    nodes { name kind status demandedBy { name } rejectedBy { name } }
	  }
	}`, &resp)
	want := []agreement{{
		Name:       "Full and unconditional ceasefire of at least 30 days",
		Kind:       "CEASEFIRE",
		Status:     "REJECTED",
		DemandedBy: []named{{"Ukraine"}},
		RejectedBy: []named{{"Russia"}},
	}}
	if diff := cmp.Diff(want, resp.Agreements.Nodes); diff != "" {
		t.Errorf("ceasefire (-want +got):\n%s", diff)
	}

	// The same claims, as relations filtered on both ends.
	var rels struct {
		Relations struct {
			Nodes []struct {
				Type     string  `json:"type"`
				Source   named   `json:"source"`
				Target   named   `json:"target"`
				Duration *string `json:"duration"`
			} `json:"nodes"`
		} `json:"relations"`
	}
	query(t, c, `{
	  relations(types: [DEMANDED, REJECTED], where: {target: {name: {startsWith: "Full and unconditional"}}}, orderBy: {field: TYPE}) {
	    nodes { type source { name } target { name } duration }
	  }
	}`, &rels)
	if n := len(rels.Relations.Nodes); n != 2 {
		t.Fatalf("want 2 relations to the ceasefire, got %d: %+v", n, rels.Relations.Nodes)
	}
	demanded, rejected := rels.Relations.Nodes[0], rels.Relations.Nodes[1]
	if demanded.Type != "DEMANDED" || demanded.Source.Name != "Ukraine" || demanded.Duration == nil || *demanded.Duration != "at least 30 days" {
		t.Errorf("DEMANDED = %+v, want Ukraine, duration at least 30 days", demanded)
	}
	if rejected.Type != "REJECTED" || rejected.Source.Name != "Russia" {
		t.Errorf("REJECTED = %+v, want Russia", rejected)
	}
}

func TestExchangedSixThousand(t *testing.T) {
	_, c := seeded(t)
	type exchange struct {
		Source   named  `json:"source"`
		Target   named  `json:"target"`
		Quantity int    `json:"quantity"`
		Item     string `json:"item"`
		Cameo    string `json:"cameo"`
		Plover   string `json:"plover"`
	}
	var resp struct {
		Relations struct {
			Nodes []exchange `json:"nodes"`
		} `json:"relations"`
	}
	query(t, c, `{
	  relations(types: [EXCHANGED], where: {quantity: {eq: 6000}, source: {name: {in: ["Ukraine", "Russia"]}}}) {
	    nodes { source { name } target { name } quantity item cameo plover }
	  }
	}`, &resp)
	got := map[string]exchange{}
	for _, r := range resp.Relations.Nodes {
		got[r.Source.Name+" → "+r.Target.Name] = r
	}
	want := map[string]exchange{
		"Ukraine → Russia": {named{"Ukraine"}, named{"Russia"}, 6000, "soldiers' remains", "0841", "RETREAT"},
		"Russia → Ukraine": {named{"Russia"}, named{"Ukraine"}, 6000, "soldiers' remains", "0841", "RETREAT"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("EXCHANGED (-want +got):\n%s", diff)
	}
}

func TestMeetingHeldInIstanbul(t *testing.T) {
	_, c := seeded(t)
	type place struct {
		Name     string  `json:"name"`
		Kind     string  `json:"kind"`
		Wikidata string  `json:"wikidata"`
		Meetings []named `json:"meetings"`
	}
	type meeting struct {
		Name         string  `json:"name"`
		Date         string  `json:"date"`
		Place        *place  `json:"place"`
		Participants []named `json:"participants"`
		Agreements   []named `json:"agreements"`
	}
	var resp struct {
		Meetings struct {
			Nodes []meeting `json:"nodes"`
		} `json:"meetings"`
	}
	query(t, c, `{
	  meetings(where: {date: {eq: "2025-06-03"}}) {
	    nodes {
	      name date
	      place { name kind wikidata meetings { name } }
	      participants { name }
	      agreements { name }
	    }
	  }
	}`, &resp)
	talks := "Second round of Russia–Ukraine peace talks in Istanbul"
	want := []meeting{{
		Name: talks,
		Date: "2025-06-03",
		Place: &place{
			Name: "Istanbul", Kind: "CITY", Wikidata: "Q406",
			Meetings: []named{{talks}},
		},
		Participants: []named{{"Russian delegation"}, {"Ukrainian delegation"}},
		Agreements:   []named{{"Prisoner exchange agreement"}},
	}}
	if diff := cmp.Diff(want, resp.Meetings.Nodes); diff != "" {
		t.Errorf("meeting of 2025-06-03 (-want +got):\n%s", diff)
	}

	// The date filter excludes other days.
	var none struct {
		Meetings struct {
			TotalCount int `json:"totalCount"`
		} `json:"meetings"`
	}
	query(t, c, `{ meetings(where: {date: {gt: "2025-06-03"}}) { totalCount } }`, &none)
	if none.Meetings.TotalCount != 0 {
		t.Errorf("meetings after 2025-06-03: %d, want 0", none.Meetings.TotalCount)
	}
}

func TestAgreementActors(t *testing.T) {
	_, c := seeded(t)
	type agreement struct {
		Name        string  `json:"name"`
		ProposedBy  []named `json:"proposedBy"`
		AgreedBy    []named `json:"agreedBy"`
		SupportedBy []named `json:"supportedBy"`
		ProducedAt  []named `json:"producedAt"`
	}
	var resp struct {
		Agreements struct {
			Nodes []agreement `json:"nodes"`
		} `json:"agreements"`
	}
	query(t, c, `{
	  agreements(where: {kind: {in: [PRISONER_EXCHANGE, TRUCE]}}, orderBy: {field: NAME}) {
	    nodes { name proposedBy { name } agreedBy { name } supportedBy { name } producedAt { name } }
	  }
	}`, &resp)
	want := []agreement{
		{
			Name:        "Prisoner exchange agreement",
			ProposedBy:  []named{},
			AgreedBy:    []named{{"Russia"}, {"Ukraine"}},
			SupportedBy: []named{},
			ProducedAt:  []named{{"Second round of Russia–Ukraine peace talks in Istanbul"}},
		},
		{
			Name:        "Ukrainian truce proposal",
			ProposedBy:  []named{{"Ukraine"}},
			AgreedBy:    []named{},
			SupportedBy: []named{},
			ProducedAt:  []named{},
		},
	}
	if diff := cmp.Diff(want, resp.Agreements.Nodes); diff != "" {
		t.Errorf("agreements (-want +got):\n%s", diff)
	}
}
