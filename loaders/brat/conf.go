package brat

import (
	"bufio"
	"io"
	"strings"
)

// Config is what a brat annotation.conf declares: the labels of entities,
// relations, events and attributes. Labels an .ann file uses that its
// annotation.conf does not declare are reported (counted in
// Result.Omitted as "... not declared in annotation.conf"); they are still
// mapped.
type Config struct {
	Entities   map[string]bool
	Relations  map[string]bool
	Events     map[string]bool
	Attributes map[string]bool
}

// ParseConfig reads an annotation.conf. Unknown sections (visual
// settings, normalization databases) are skipped; so are comments, macro
// definitions ("<POG>=Person|GPE") and relation options
// ("<OVERLAP>"). A "!" before a label (a type only for the hierarchy) is
// dropped.
func ParseConfig(r io.Reader) (*Config, error) {
	c := &Config{
		Entities: map[string]bool{}, Relations: map[string]bool{},
		Events: map[string]bool{}, Attributes: map[string]bool{},
	}
	var section map[string]bool
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxLine)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") {
			section = c.section(strings.TrimSpace(line[1 : len(line)-1]))
			continue
		}
		if section == nil || strings.HasPrefix(line, "<") {
			continue
		}
		label := strings.Fields(line)[0]
		label = strings.TrimPrefix(label, "!")
		if label != "" {
			section[label] = true
		}
	}
	return c, sc.Err()
}

func (c *Config) section(name string) map[string]bool {
	switch name {
	case "entities":
		return c.Entities
	case "relations":
		return c.Relations
	case "events":
		return c.Events
	case "attributes":
		return c.Attributes
	}
	return nil
}
