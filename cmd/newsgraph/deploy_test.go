package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// docker-compose.yml and the Dockerfile cannot run where there is no Docker
// engine, so these tests read them: they catch typos and drift between the
// files and the code (the command path, the flags, the variables the CLI
// reads).

type composeFile struct {
	Services map[string]struct {
		Image       string            `yaml:"image"`
		Build       any               `yaml:"build"`
		Environment map[string]string `yaml:"environment"`
		Ports       []string          `yaml:"ports"`
		Volumes     []string          `yaml:"volumes"`
		Command     []string          `yaml:"command"`
		DependsOn   map[string]struct {
			Condition string `yaml:"condition"`
		} `yaml:"depends_on"`
		Healthcheck *struct {
			Test        []string `yaml:"test"`
			Interval    string   `yaml:"interval"`
			Timeout     string   `yaml:"timeout"`
			Retries     int      `yaml:"retries"`
			StartPeriod string   `yaml:"start_period"`
		} `yaml:"healthcheck"`
	} `yaml:"services"`
	Volumes map[string]any `yaml:"volumes"`
}

func readRepoFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDockerCompose(t *testing.T) {
	var c composeFile
	dec := yaml.NewDecoder(strings.NewReader(string(readRepoFile(t, "docker-compose.yml"))))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}

	neo, ok := c.Services["neo4j"]
	if !ok {
		t.Fatal("docker-compose.yml: no neo4j service")
	}
	if neo.Image != "neo4j:5.26-community" {
		t.Errorf("neo4j image = %q, want the 5.26 LTS community image", neo.Image)
	}
	if neo.Environment["NEO4J_AUTH"] == "" {
		t.Error("neo4j service: NEO4J_AUTH is not set from the environment")
	}
	if neo.Healthcheck == nil || len(neo.Healthcheck.Test) == 0 {
		t.Error("neo4j service has no healthcheck")
	}
	for _, v := range neo.Volumes {
		name, _, _ := strings.Cut(v, ":")
		if _, ok := c.Volumes[name]; !ok && !strings.HasPrefix(name, ".") && !strings.HasPrefix(name, "/") {
			t.Errorf("neo4j volume %q is not declared under volumes:", name)
		}
	}

	app, ok := c.Services["newsgraph"]
	if !ok {
		t.Fatal("docker-compose.yml: no newsgraph service")
	}
	if app.Build == nil {
		t.Error("newsgraph service is not built from the Dockerfile")
	}
	if got := app.DependsOn["neo4j"].Condition; got != "service_healthy" {
		t.Errorf("newsgraph depends_on neo4j condition = %q, want service_healthy", got)
	}
	// The variables must be the ones the CLI reads.
	for _, v := range []string{"NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD"} {
		if app.Environment[v] == "" {
			t.Errorf("newsgraph service does not set %s", v)
		}
	}
	if !strings.HasPrefix(app.Environment["NEO4J_URI"], "bolt://neo4j:") {
		t.Errorf("NEO4J_URI = %q, want the neo4j service's Bolt port", app.Environment["NEO4J_URI"])
	}
	cmd := strings.Join(app.Command, " ")
	for _, want := range []string{"serve", "--addr 0.0.0.0:8080", "--load /examples/articles"} {
		if !strings.Contains(cmd, want) {
			t.Errorf("newsgraph command %q lacks %q", cmd, want)
		}
	}
	if !slicesContainsPrefix(app.Ports, "8080:") {
		t.Errorf("newsgraph ports %v do not publish 8080", app.Ports)
	}
}

func TestDockerfile(t *testing.T) {
	df := string(readRepoFile(t, "Dockerfile"))
	build := regexp.MustCompile(`go build .* (\./cmd/\S+)`).FindStringSubmatch(df)
	if build == nil {
		t.Fatal("Dockerfile does not go build a command")
	}
	if _, err := os.Stat(filepath.Join("..", "..", build[1], "main.go")); err != nil {
		t.Errorf("Dockerfile builds %s: %v", build[1], err)
	}
	if !strings.Contains(df, "COPY examples ") {
		t.Error("Dockerfile does not copy the example articles the compose file loads")
	}
	goVersion := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindStringSubmatch(string(readRepoFile(t, "go.mod")))
	if goVersion == nil || !strings.Contains(df, "golang:"+goVersion[1]) {
		t.Errorf("Dockerfile's Go image does not match go.mod's go %v", goVersion)
	}
}

func slicesContainsPrefix(xs []string, prefix string) bool {
	for _, x := range xs {
		if strings.HasPrefix(strings.Trim(x, `"`), prefix) {
			return true
		}
	}
	return false
}
