package cli_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeConfigFlags: the origins of --cors-origin, of its former name
// --allowed-origin and of the environment are checked together, and so are
// the names of --metrics-operation, before anything is opened.
func TestServeConfigFlags(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		want string // in stderr
	}{
		{"not an origin", nil, []string{"--cors-origin", "localhost:5173"}, `--cors-origin: origin "localhost:5173"`},
		{"a path", nil, []string{"--cors-origin", "http://localhost:5173/app"}, "nothing after the host"},
		{"credentials with *", nil, []string{"--cors-origin", "*", "--cors-allow-credentials"}, `credentials cannot be allowed for the origin "*"`},
		{"* from the former flag", nil, []string{"--allowed-origin", "*", "--cors-allow-credentials"}, `credentials cannot be allowed for the origin "*"`},
		{"from the environment", map[string]string{"NEWSGRAPH_CORS_ORIGIN": "http://localhost:5173,*"},
			[]string{"--cors-allow-credentials"}, `credentials cannot be allowed for the origin "*"`},
		{"credentials from the environment", map[string]string{"NEWSGRAPH_CORS_ALLOW_CREDENTIALS": "true"},
			[]string{"--cors-origin", "*"}, `credentials cannot be allowed for the origin "*"`},
		{"an operation name that is not a name", nil, []string{"--metrics-operation", "Count-Actors"},
			`--metrics-operation: operation name "Count-Actors": not a GraphQL name`},
		{"a negative queue wait", nil, []string{"--max-queue-wait", "-1s"}, "--max-queue-wait: must not be negative, got -1s"},
		{"a memory limit that is not a size", nil, []string{"--memory-limit", "2GB"}, `--memory-limit "2GB": want auto, off, or a size`},
		{"a memory limit from the environment", map[string]string{"NEWSGRAPH_MEMORY_LIMIT": "lots"}, nil, `--memory-limit "lots"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			isolate(t)
			for _, k := range []string{"NEWSGRAPH_CORS_ORIGIN", "NEWSGRAPH_ALLOWED_ORIGINS", "NEWSGRAPH_CORS_ALLOW_CREDENTIALS", "NEWSGRAPH_METRICS_OPERATIONS"} {
				t.Setenv(k, "")
			}
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			data := filepath.Join(t.TempDir(), "data")
			r := run(t, append([]string{"--data-dir", data, "serve", "--addr", "127.0.0.1:0"}, tc.args...)...)
			if r.code != 2 || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("want exit 2 and %q in stderr, got\n%s", tc.want, r)
			}
			if _, err := os.Stat(data); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("the data directory was created (%v)", err)
			}
		})
	}
}

// TestLoadMemoryLimit: load takes serve's --memory-limit. A value that is
// not a size is refused before the store is opened; a load sets no limit
// by default, and the automatic one with auto (GOMEMLIMIT unset).
func TestLoadMemoryLimit(t *testing.T) {
	isolate(t)
	t.Setenv("NEWSGRAPH_MEMORY_LIMIT", "")
	if _, set := os.LookupEnv("GOMEMLIMIT"); set {
		t.Setenv("GOMEMLIMIT", "")
		os.Unsetenv("GOMEMLIMIT")
	}
	os.Unsetenv("NEWSGRAPH_MEMORY_LIMIT")
	data := filepath.Join(t.TempDir(), "data")
	r := run(t, "--data-dir", data, "load", "--memory-limit", "2GB", examples)
	if r.code != 2 || !strings.Contains(r.stderr, `--memory-limit "2GB": want auto, off, or a size`) {
		t.Errorf("want exit 2 and the flag's error, got\n%s", r)
	}
	if _, err := os.Stat(data); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the data directory was created (%v)", err)
	}
	r = run(t, "--data-dir", data, "--log-level", "debug", "load", examples)
	if r.code != 0 || strings.Contains(r.stderr, `msg="memory limit"`) {
		t.Errorf("want exit 0 and no memory limit by default, got\n%s", r)
	}
	r = run(t, "--data-dir", data, "--log-level", "debug", "load", "--memory-limit", "auto", examples)
	if r.code != 0 || !strings.Contains(r.stderr, `msg="memory limit"`) {
		t.Errorf("want exit 0 and the automatic memory limit logged, got\n%s", r)
	}
}
