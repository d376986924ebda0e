package cli

import (
	"fmt"
	"strings"

	"newsgraph/loaders"
	"newsgraph/loaders/brat"
	"newsgraph/loaders/mapping"
	"newsgraph/loaders/plover"
	"newsgraph/loaders/wikievents"
)

// format is one format newsgraph reads.
type format struct {
	name string
	// new returns the format's importer; m is the label mapping from
	// --mapping, or nil for the format's default. Formats without a
	// mapping have a nil new and use importer.
	new      func(m *mapping.Mapping) loaders.Importer
	importer loaders.Importer
}

// formats are the formats newsgraph reads, in the order auto-detection
// tries them. This is the one place a new format is registered.
var formats = []format{
	{name: "native", importer: loaders.Native{}},
	{name: "brat", new: func(m *mapping.Mapping) loaders.Importer { return brat.New(m) }},
	{name: "plover", new: func(m *mapping.Mapping) loaders.Importer { return plover.New(m) }},
	{name: "wikievents", new: func(m *mapping.Mapping) loaders.Importer { return wikievents.New(m) }},
}

// formatNames lists the --format values ("auto|native|...").
func formatNames() string {
	names := []string{loaders.Auto}
	for _, f := range formats {
		names = append(names, f.name)
	}
	return strings.Join(names, "|")
}

// mappedFormats lists the formats that take a --mapping.
func mappedFormats() []string {
	var names []string
	for _, f := range formats {
		if f.new != nil {
			names = append(names, f.name)
		}
	}
	return names
}

// importers returns the importers of every format. A --mapping file
// (mappingPath) applies to the format named by --format (name), so it needs
// one; the other formats keep their default mappings.
func importers(name, mappingPath string) ([]loaders.Importer, error) {
	var m *mapping.Mapping
	if mappingPath != "" {
		if err := checkMappedFormat(name); err != nil {
			return nil, err
		}
		var err error
		if m, err = mapping.Load(mappingPath); err != nil {
			return nil, fmt.Errorf("--mapping: %w", err)
		}
	}
	imps := make([]loaders.Importer, len(formats))
	for i, f := range formats {
		switch {
		case f.new == nil:
			imps[i] = f.importer
		case f.name == name:
			imps[i] = f.new(m)
		default:
			imps[i] = f.new(nil)
		}
	}
	return imps, nil
}

// checkMappedFormat says why --mapping cannot go with --format name.
func checkMappedFormat(name string) error {
	mapped := strings.Join(mappedFormats(), ", ")
	for _, f := range formats {
		if f.name == name {
			if f.new == nil {
				return fmt.Errorf("--mapping: the %s format takes no mapping (formats with one: %s)", name, mapped)
			}
			return nil
		}
	}
	if name == "" || name == loaders.Auto {
		return fmt.Errorf("--mapping maps the labels of one format: give --format too (%s)", mapped)
	}
	return nil // an unknown --format is reported on its own
}
