package mapping

import (
	"embed"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// defaultFiles holds the shipped mappings, one per format, documented in
// their comments.
//
//go:embed defaults/*.yaml
var defaultFiles embed.FS

// Formats lists the formats with a shipped default mapping.
var Formats = []string{"brat", "plover", "wikievents"}

var defaults = sync.OnceValues(func() (map[string]*Mapping, error) {
	out := map[string]*Mapping{}
	for _, f := range Formats {
		m, err := parseDefault(f)
		if err != nil {
			return nil, err
		}
		out[f] = m
	}
	return out, nil
})

func parseDefault(format string) (*Mapping, error) {
	name := "defaults/" + format + ".yaml"
	data, err := defaultFiles.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return Parse(name, data)
}

// Default returns the shipped mapping of a format ("brat", "plover",
// "wikievents"). The mapping is shared: do not modify it.
func Default(format string) (*Mapping, error) {
	if !slices.Contains(Formats, format) {
		return nil, fmt.Errorf("no default mapping for format %q (have %s)", format, strings.Join(Formats, ", "))
	}
	all, err := defaults()
	if err != nil {
		return nil, err
	}
	return all[format], nil
}

// DefaultFile returns the YAML text of a format's shipped mapping, to copy
// and edit.
func DefaultFile(format string) ([]byte, error) {
	if !slices.Contains(Formats, format) {
		return nil, fmt.Errorf("no default mapping for format %q (have %s)", format, strings.Join(Formats, ", "))
	}
	return defaultFiles.ReadFile("defaults/" + format + ".yaml")
}

// MustDefault is Default for the shipped formats, whose mappings a test
// proves valid; it panics on an unknown format.
func MustDefault(format string) *Mapping {
	m, err := Default(format)
	if err != nil {
		panic(err)
	}
	return m
}
