package article

// Check validates a document built in memory — by an importer, or from an
// API's typed input — by the rules Parse applies to a file, without
// encoding it: the same checks, and problems with the same JSON paths, in a
// *ValidationError whose File is name.
//
// missing lists the JSON paths of required fields ("$.title",
// "$.relations[0].evidence") that the document's source left out, for
// sources that can tell a field left out from one left empty. Each is
// reported as Parse reports a missing field, and the checks of the values
// under it are skipped. Importers, which fill every required field, pass
// none.
func Check(name string, d *Document, missing ...string) error {
	c := &checker{}
	for _, path := range missing {
		steps := pathSteps(path)
		field := ""
		if len(steps) > 0 {
			field = steps[len(steps)-1]
		}
		c.bad(path, "missing required field %q", field)
	}
	c.validate(d)
	return c.err(name)
}
