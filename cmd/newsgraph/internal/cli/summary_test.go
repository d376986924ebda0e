package cli

import (
	"bytes"
	"log/slog"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"newsgraph/loaders"
)

func TestSummary(t *testing.T) {
	tests := []struct {
		name   string
		report loaders.Report
		dryRun bool
		totals *graphTotals
		want   string
	}{
		{"load", loaders.Report{Created: 2, Replaced: 1, Unchanged: 3, Failed: 1, Mentions: 40, Evidence: 1,
			Omitted: map[string]int{}, Duration: 1234567 * time.Microsecond},
			false, &graphTotals{entities: 443, relations: 5301},
			"loaded 6 articles (2 created, 1 replaced, 3 unchanged), 1 failed; 443 entities, 5301 relations in the graph; 40 mentions, 1 piece of evidence read; nothing omitted (1.235s, 5 articles/s)"},
		{"one of each", loaders.Report{Created: 1, Mentions: 1, Evidence: 0,
			Omitted: map[string]int{"unmapped event type Conflict.Attack": 3, "DOCUMENT record": 1}},
			false, &graphTotals{entities: 1, relations: 1},
			"loaded 1 article (1 created, 0 replaced, 0 unchanged), 0 failed; 1 entity, 1 relation in the graph; 1 mention, 0 pieces of evidence read; omitted: 1 DOCUMENT record, 3 unmapped event type Conflict.Attack (0s)"},
		{"validate", loaders.Report{Validated: 2, Failed: 2, Mentions: 5, Evidence: 4, Omitted: map[string]int{}},
			true, nil, "validated 2 articles, 2 failed; 5 mentions, 4 pieces of evidence read; nothing omitted (0s)"},
		{"through a server", loaders.Report{Created: 2, Mentions: 5, Evidence: 4, Omitted: map[string]int{}},
			false, nil, "loaded 2 articles (2 created, 0 replaced, 0 unchanged), 0 failed; 5 mentions, 4 pieces of evidence read; nothing omitted (0s)"},
		{"resolved and warnings", loaders.Report{Created: 2, Resolved: 3, Warnings: []loaders.Warning{{Loc: "a.json", Message: "m"}},
			Omitted: map[string]int{}, Duration: 2 * time.Second},
			false, &graphTotals{},
			"loaded 2 articles (2 created, 0 replaced, 0 unchanged), 0 failed; 0 entities, 0 relations in the graph; 0 mentions, 0 pieces of evidence read; nothing omitted; 3 entities resolved by name, 1 warning (2s, 1 articles/s)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, summary(&tt.report, tt.dryRun, tt.totals)); diff != "" {
				t.Errorf("summary (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLineProgress(t *testing.T) {
	var log bytes.Buffer
	g := &globals{logger: slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))}
	start := time.Date(2025, 6, 3, 12, 0, 0, 0, time.UTC)
	now := start.Add(time.Second)
	p := &lineProgress{g: g, every: 5 * time.Second, start: start, last: start, now: func() time.Time { return now }}
	p.update(loaders.Progress{Files: 3, FilesDone: 1, Documents: 10, Failed: 1, Current: "a.jsonl"})
	if log.Len() != 0 {
		t.Errorf("progress logged before its interval: %q", log.String())
	}
	now = start.Add(10 * time.Second)
	p.update(loaders.Progress{Files: 3, FilesDone: 2, Documents: 21, Loaded: 20, Failed: 1, Current: "b.jsonl",
		Bytes: 1000, BytesDone: 250})
	want := "level=INFO msg=loading files=2/3 articles=20 failed=1 articles_per_s=2 done=25% eta=30s file=b.jsonl\n"
	if diff := cmp.Diff(want, log.String()); diff != "" {
		t.Errorf("progress line (-want +got):\n%s", diff)
	}
}
