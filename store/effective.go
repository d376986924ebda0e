package store

// EffectiveDate is the day a relation is placed at when it has no date of
// its own: its date qualifier, else the earliest published date of the
// articles of its evidence (when it was reported rather than when it
// held), "" when neither is known. RelationFilter.EffectiveDate filters on
// it; published returns the published date of an article.
//
// It differs from the timeline's date (RelationDate) in one step: it never
// takes the date of a meeting at either end.
func EffectiveDate(r *Relation, published func(article string) string) string {
	if r.Qualifiers.Date != "" {
		return r.Qualifiers.Date
	}
	return earliestPublished(r, published)
}

// earliestPublished is the earliest published date of the articles of a
// relation's evidence, "" when none has one.
func earliestPublished(r *Relation, published func(article string) string) string {
	earliest := ""
	for _, ev := range r.Evidence {
		if d := published(ev.Article); d != "" && (earliest == "" || d < earliest) {
			earliest = d
		}
	}
	return earliest
}
