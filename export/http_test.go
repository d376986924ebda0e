package export

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/server/auth"
)

// answer is what a test reads of a response.
type answer struct {
	Status             int
	ContentType        string
	ContentDisposition string
	Code, Message      string // of an error
}

func get(t *testing.T, h http.Handler, target, token string) (answer, string) {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, target, nil)
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	body, _ := io.ReadAll(w.Result().Body)
	a := answer{
		Status:             w.Code,
		ContentType:        w.Header().Get("Content-Type"),
		ContentDisposition: w.Header().Get("Content-Disposition"),
	}
	if w.Code != http.StatusOK {
		var e struct {
			Errors []struct {
				Message    string
				Extensions struct{ Code string }
			}
		}
		if err := json.Unmarshal(body, &e); err != nil || len(e.Errors) != 1 {
			t.Fatalf("%s: the error is not one GraphQL-shaped error: %v\n%s", target, err, body)
		}
		a.Code, a.Message = e.Errors[0].Extensions.Code, e.Errors[0].Message
	}
	return a, string(body)
}

func TestHandler(t *testing.T) {
	st := fixture(t)
	tokens, err := auth.NewTokens([]string{"s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	open := Handler(st, HandlerConfig{Logger: quiet})
	closed := Handler(st, HandlerConfig{Auth: &auth.Policy{Tokens: tokens, ReadRequired: true}, Logger: quiet})
	small := Handler(st, HandlerConfig{MaxRelations: 10, Logger: quiet})

	ok := func(format, ctype string) answer {
		return answer{Status: 200, ContentType: ctype, ContentDisposition: `attachment; filename="newsgraph.` + format + `"`}
	}
	bad := func(code, msg string) answer {
		return answer{Status: 400, ContentType: "application/json; charset=utf-8", Code: code, Message: msg}
	}
	unauth := func(msg string) answer {
		return answer{Status: 401, ContentType: "application/json; charset=utf-8", Code: "UNAUTHENTICATED", Message: msg}
	}
	tests := []struct {
		name    string
		h       http.Handler
		target  string
		token   string
		want    answer
		inBody  string
		notBody string
	}{
		{"jsonl", open, "/export?format=jsonl&evidence=true", "", ok("jsonl", "application/jsonl; charset=utf-8"), `"record":"evidence"`, ""},
		{"csv", open, "/export?format=CSV&types=rejected", "", ok("csv", "text/csv; charset=utf-8"), "relation,", "ACCUSED"},
		{"graphml", open, "/export?format=graphml&since=2025-07-01", "", ok("graphml", "application/graphml+xml; charset=utf-8"), "<graphml", "ATTENDED"},
		{"gexf", open, "/export?format=gexf&until=2025-06-30", "", ok("gexf", "application/gexf+xml; charset=utf-8"), `version="1.3"`, "ACCUSED"},
		{"empty", open, "/export?format=csv&until=2020-01-01", "", ok("csv", "text/csv; charset=utf-8"), "record,id,type", "relation,"},

		{"no token", closed, "/export?format=jsonl", "", unauth(auth.ErrTokenRequired.Error()), "", `"record"`},
		{"wrong token", closed, "/export?format=jsonl", "guess", unauth(auth.ErrInvalidToken.Error()), "", `"record"`},
		{"token", closed, "/export?format=jsonl", "s3cret", ok("jsonl", "application/jsonl; charset=utf-8"), `"record":"relation"`, ""},
		{"token checked first", closed, "/export?format=xls", "", unauth(auth.ErrTokenRequired.Error()), "", ""},

		{"no format", open, "/export", "", bad("BAD_REQUEST", "format: missing (use jsonl, csv, graphml or gexf)"), "", ""},
		{"bad format", open, "/export?format=xls", "", bad("BAD_REQUEST", `format: unknown format "xls" (use jsonl, csv, graphml, gexf)`), "", ""},
		{"bad date", open, "/export?format=csv&since=03/06/2025", "", bad("BAD_REQUEST",
			`invalid export options: since: "03/06/2025" is not a date of the form YYYY-MM-DD`), "", ""},
		{"bad type", open, "/export?format=csv&types=REJECTED,LIKED", "", bad("BAD_REQUEST", `types: unknown relation type "LIKED" (use `), "", ""},
		{"bad evidence", open, "/export?format=jsonl&evidence=maybe", "", bad("BAD_REQUEST", `evidence: "maybe" is not true or false`), "", ""},
		{"evidence in csv", open, "/export?format=csv&evidence=1", "", bad("BAD_REQUEST",
			"invalid export options: evidence: evidence lines are a jsonl option, not csv"), "", ""},
		{"unknown parameter", open, "/export?format=csv&limit=5", "", bad("BAD_REQUEST",
			`unknown parameter "limit" (use format, types, since, until, evidence)`), "", ""},
		{"twice", open, "/export?format=csv&format=gexf", "", bad("BAD_REQUEST", `parameter "format" given 2 times`), "", ""},
		{"too many", small, "/export?format=csv", "", bad("TOO_MANY_RELATIONS",
			"the export would read more than 10 relations (the server's --export-max-relations): narrow it with types"), "", "relation,"},
		{"few enough", small, "/export?format=csv&types=REJECTED", "", ok("csv", "text/csv; charset=utf-8"), "REJECTED", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, body := get(t, tt.h, tt.target, tt.token)
			if strings.HasSuffix(tt.want.Message, "(use ") {
				// Only the start of a long list of choices.
				got.Message = got.Message[:min(len(got.Message), len(tt.want.Message))]
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s\n%s", diff, body)
			}
			if tt.inBody != "" && !strings.Contains(body, tt.inBody) {
				t.Errorf("the body has no %q:\n%s", tt.inBody, body)
			}
			if tt.notBody != "" && strings.Contains(body, tt.notBody) {
				t.Errorf("the body has %q:\n%s", tt.notBody, body)
			}
		})
	}

	r := httptest.NewRequest(http.MethodPost, "/export?format=csv", nil)
	w := httptest.NewRecorder()
	open.ServeHTTP(w, r)
	if w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != "GET, HEAD" {
		t.Errorf("POST: %d, Allow %q", w.Code, w.Header().Get("Allow"))
	}
}

// TestHandlerCutShort checks that an export that fails after it started
// sending is cut off, not ended as if whole.
func TestHandlerCutShort(t *testing.T) {
	st := fixture(t)
	srv := httptest.NewServer(Handler(lyingCount{st}, HandlerConfig{MaxRelations: 3, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	defer srv.Close()
	res, err := http.Get(srv.URL + "/export?format=jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || err == nil {
		t.Errorf("status %d, read error %v: want 200 and a body cut short", res.StatusCode, err)
	}
	if !strings.Contains(string(body), `"record":"error"`) {
		t.Errorf("the body does not end with the error line:\n%s", body)
	}
}
