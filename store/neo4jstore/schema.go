package neo4jstore

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"newsgraph/ontology"
)

// Cypher cannot take labels or relationship types as parameters, so they are
// written into statements. They only ever come from the ontology's lists,
// through label and relType, which refuse anything else: no string from a
// request or an article reaches Cypher text.

// entityLabel is the label every entity node carries besides its type.
const entityLabel = "Entity"

// label returns the Cypher label of a node type. It panics on a value that is
// not one of ontology.NodeTypes: callers check user input first.
func label(t ontology.NodeType) string {
	if !slices.Contains(ontology.NodeTypes, t) {
		panic(fmt.Sprintf("neo4jstore: %q is not an ontology node type", string(t)))
	}
	return string(t)
}

// relType returns the Cypher relationship type of a relation type. It panics
// on a value that is not one of ontology.RelationTypes.
func relType(t ontology.RelationType) string {
	if !slices.Contains(ontology.RelationTypes, t) {
		panic(fmt.Sprintf("neo4jstore: %q is not an ontology relation type", string(t)))
	}
	return string(t)
}

// relTypes is the relationship type expression matching any of ts
// ("LED|DEMANDED"), or every relation type of the ontology when ts is empty.
// It never includes MENTIONS.
func relTypes(ts []ontology.RelationType) string {
	if len(ts) == 0 {
		ts = ontology.RelationTypes
	}
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = relType(t)
	}
	return strings.Join(parts, "|")
}

// allRelTypes matches every relation type of the ontology.
var allRelTypes = relTypes(nil)

// schemaStatements are the constraints and indexes the store needs. Every
// statement is idempotent (IF NOT EXISTS) and named, so running them on a
// database that has them already changes nothing.
func schemaStatements() []string {
	var out []string
	for _, t := range ontology.NodeTypes {
		l := label(t)
		lower := t.Lower()
		out = append(out, fmt.Sprintf(
			"CREATE CONSTRAINT %s_id IF NOT EXISTS FOR (n:%s) REQUIRE n.id IS UNIQUE", lower, l))
		if t.IsEntity() {
			out = append(out, fmt.Sprintf(
				"CREATE INDEX %s_name IF NOT EXISTS FOR (n:%s) ON (n.name)", lower, l),
				// For name filters (contains, ends with), which the
				// range index cannot answer without reading it all.
				fmt.Sprintf("CREATE TEXT INDEX %s_name_text IF NOT EXISTS FOR (n:%s) ON (n.name)", lower, l))
		}
	}
	out = append(out,
		"CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
		"CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name)",
		"CREATE TEXT INDEX entity_name_text IF NOT EXISTS FOR (n:Entity) ON (n.name)",
		"CREATE INDEX meeting_date IF NOT EXISTS FOR (n:Meeting) ON (n.date)",
		"CREATE INDEX article_published IF NOT EXISTS FOR (n:Article) ON (n.published)",
		"CREATE INDEX article_title IF NOT EXISTS FOR (n:Article) ON (n.title)",
		fmt.Sprintf("CREATE CONSTRAINT migration_id IF NOT EXISTS FOR (n:%s) REQUIRE n.id IS UNIQUE", migrationLabel),
	)
	for _, t := range ontology.RelationTypes {
		out = append(out, fmt.Sprintf(
			"CREATE INDEX rel_%s_relId IF NOT EXISTS FOR ()-[r:%s]-() ON (r.relId)",
			strings.ToLower(string(t)), relType(t)),
			// A relation's evidence in article order, a page at a time
			// (EvidencePages): next to the index by relId alone, which
			// every other lookup by relId seeks (a composite index serves
			// a lookup by its first property only with the second's
			// existence stated).
			fmt.Sprintf("CREATE INDEX rel_%s_relId_article IF NOT EXISTS FOR ()-[r:%s]-() ON (r.relId, r.article)",
				strings.ToLower(string(t)), relType(t)))
	}
	out = append(out, fmt.Sprintf("CREATE INDEX head_relId IF NOT EXISTS FOR ()-[r:%s]-() ON (r.relId)", headType),
		// An entity's relations in relId order, a page at a time (headGroups).
		fmt.Sprintf("CREATE INDEX head_source_relId IF NOT EXISTS FOR ()-[h:%s]-() ON (h.source, h.relId)", headType),
		fmt.Sprintf("CREATE INDEX head_target_relId IF NOT EXISTS FOR ()-[h:%s]-() ON (h.target, h.relId)", headType),
		// The same of given types (headSeeks): a page of a rare type reads
		// its own heads, not the entity's heads of every type. The two
		// above stay: a page of every type reads one seek of a page from
		// them, where these would need one per type.
		fmt.Sprintf("CREATE INDEX head_source_type_relId IF NOT EXISTS FOR ()-[h:%s]-() ON (h.source, h.type, h.relId)", headType),
		fmt.Sprintf("CREATE INDEX head_target_type_relId IF NOT EXISTS FOR ()-[h:%s]-() ON (h.target, h.type, h.relId)", headType),
		// An entity's timeline in date order, a page at a time, and its
		// length, from the index entries (headTimelineStatement).
		fmt.Sprintf("CREATE INDEX head_source_timelineDate IF NOT EXISTS FOR ()-[h:%s]-() ON (h.source, h.timelineDate, h.relId)", headType),
		fmt.Sprintf("CREATE INDEX head_target_timelineDate IF NOT EXISTS FOR ()-[h:%s]-() ON (h.target, h.timelineDate, h.relId)", headType),
		// The timeline of the whole graph, the same way.
		fmt.Sprintf("CREATE INDEX head_timelineDate IF NOT EXISTS FOR ()-[h:%s]-() ON (h.timelineDate, h.relId)", headType),
		// An entity's neighbours in id order, and its relations to one of
		// them in relId order (a neighbourhood's layer, layer.go), and
		// to itself, which the timeline's count reads by source and
		// target both and counts once (timelineCount). An index of an
		// earlier version, by source and target only, did that.
		"DROP INDEX head_source_target IF EXISTS",
		fmt.Sprintf("CREATE INDEX head_source_target_relId IF NOT EXISTS FOR ()-[h:%s]-() ON (h.source, h.target, h.relId)", headType),
		fmt.Sprintf("CREATE INDEX head_target_source_relId IF NOT EXISTS FOR ()-[h:%s]-() ON (h.target, h.source, h.relId)", headType),
		// An entity's articles in id order, a page at a time (mentionedBy).
		fmt.Sprintf("CREATE INDEX %s IF NOT EXISTS FOR ()-[m:%s]-() ON (m.entity, m.article)", mentionsIndex, ontology.Mentions))
	var nodeLabels []string
	for _, t := range ontology.NodeTypes {
		nodeLabels = append(nodeLabels, label(t))
	}
	fullText := func(name string, labels []string) string {
		return fmt.Sprintf("CREATE FULLTEXT INDEX %s IF NOT EXISTS FOR (n:%s) ON EACH [n.searchText] "+
			"OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace'}}", name, strings.Join(labels, "|"))
	}
	out = append(out,
		// An index of an earlier version, over name and aliasText.
		"DROP INDEX entityNames IF EXISTS",
		fullText(FullTextIndex, nodeLabels),
		fullText(EntityFullTextIndex, []string{entityLabel}),
		// The name keys of entities, for ResolveNames (names.go).
		nameKeyIndexStatement(),
		// The identifying codes of entities, for ResolveCodes (codes.go).
		codeKeyIndexStatement())
	return append(out, feedSchemaStatements()...)
}

// migrations bring a database written by an earlier version to what this
// one writes. Each is idempotent: once done, it matches nothing. One with a
// marker runs only until it has once completed, which the node
// (:Migration {id: marker}) records: its match would read every entity on
// every open.
var migrations = []migration{
	// Entities without a name had no name property; they have '' now, so
	// that the name index holds every entity (see entityProps).
	{cyphers: []string{"MATCH (n:Entity) WHERE n.name IS NULL\nCALL (n) { SET n.name = $empty } IN TRANSACTIONS OF 10000 ROWS"},
		params: map[string]any{"empty": ""}},
	// Entities kept the sorted ids of the articles that mention them in
	// a property articles, which every write to a much mentioned entity
	// rewrote whole; they are read from the MENTIONS now (mentionedBy).
	{cyphers: []string{"MATCH (n:Entity) WHERE n.articles IS NOT NULL\nCALL (n) { REMOVE n.articles } IN TRANSACTIONS OF 10000 ROWS"},
		marker: "entity-articles-from-mentions"},
	// MENTIONS hold the ids of their entity and article, which the index
	// mentionsIndex reads an entity's articles by, in order.
	{cyphers: []string{fmt.Sprintf("MATCH (a:%s)-[m:%s]->(n:%s) WHERE m.entity IS NULL OR m.article IS NULL\n"+
		"CALL (a, m, n) { SET m.entity = n.id, m.article = a.id } IN TRANSACTIONS OF 10000 ROWS",
		label(ontology.Article), ontology.Mentions, entityLabel)},
		marker: "mention-keys"},
}

// mentionsIndex is the name of the index of MENTIONS by the ids of their
// entity and article.
const mentionsIndex = "mentions_entity_article"

// A migration runs its statements in turn, with params; one with a marker
// runs only until it has once completed.
type migration struct {
	cyphers []string
	params  map[string]any
	marker  string
}

// migrationLabel is the label of the nodes that record the migrations
// done. They have no relationships and no other label, so queries of the
// graph never meet them.
const migrationLabel = "Migration"

// migrate runs the statements of m in sess (auto-commit, as CALL IN
// TRANSACTIONS needs), unless the node of its marker says it is done; once
// they have completed, it records its marker, if it has one.
func migrate(ctx context.Context, sess neo4j.SessionWithContext, m migration) error {
	consume := func(cypher string, params map[string]any) ([]*neo4j.Record, error) {
		res, err := sess.Run(ctx, cypher, params)
		if err != nil {
			return nil, err
		}
		return res.Collect(ctx)
	}
	markerParams := map[string]any{"id": m.marker}
	if m.marker != "" {
		recs, err := consume(fmt.Sprintf("MATCH (n:%s {id: $id}) RETURN count(n)", migrationLabel), markerParams)
		if err != nil {
			return err
		}
		if integer(recs[0].Values[0]) > 0 {
			return nil
		}
	}
	for _, cypher := range m.cyphers {
		if _, err := consume(cypher, m.params); err != nil {
			return err
		}
	}
	if m.marker != "" {
		_, err := consume(fmt.Sprintf("MERGE (:%s {id: $id})", migrationLabel), markerParams)
		return err
	}
	return nil
}

// FullTextIndex is the name of the full-text index behind Search, for
// db.index.fulltext.queryNodes: over the searchText of entities (the words
// of their name and aliases) and articles (of their title), as
// textmatch.IndexText writes them, split at spaces only.
const FullTextIndex = "nodeSearch"

// EntityFullTextIndex is the same over the entities only: a search of
// entities asks it, so that it never reads the titles of articles, which
// grow with the archive and could crowd the entities out of its
// candidates.
const EntityFullTextIndex = "entitySearch"

// setupSchema creates the constraints and indexes the database lacks (see
// schemaToRun), runs the migrations and waits until every index is online.
func (s *Store) setupSchema(ctx context.Context) error {
	info, err := s.driver.GetServerInfo(ctx)
	if err != nil {
		return err
	}
	if err := checkServerVersion(info.Agent()); err != nil {
		return err
	}
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(ctx)
	have, err := schemaNames(ctx, sess)
	if err != nil {
		return err
	}
	for _, stmt := range schemaToRun(schemaStatements(), have) {
		res, err := sess.Run(ctx, stmt, nil)
		if err == nil {
			_, err = res.Consume(ctx)
		}
		if err != nil {
			return err
		}
	}
	for _, m := range migrations {
		if err := migrate(ctx, sess, m); err != nil {
			return err
		}
	}
	res, err := sess.Run(ctx, "CALL db.awaitIndexes($seconds)",
		map[string]any{"seconds": int64(schemaWait.Seconds())})
	if err == nil {
		_, err = res.Consume(ctx)
	}
	if err != nil {
		return err
	}
	// The heads' migrations find them by their relId index.
	for _, m := range []migration{headsMigration, headsPublishedMigration, headEndsMigration, headTimelineDatesMigration} {
		if err := migrate(ctx, sess, m); err != nil {
			return err
		}
	}
	return nil
}

// schemaStatementName finds the name of the index or constraint a schema
// statement creates (CREATE ... IF NOT EXISTS) or drops (DROP ... IF
// EXISTS).
var schemaStatementName = regexp.MustCompile(`^(CREATE|DROP) (?:[A-Z]+ )?(?:INDEX|CONSTRAINT) (\w+) IF (?:NOT )?EXISTS\b`)

// schemaToRun returns the statements that would change a database whose
// indexes and constraints have the names in have: a CREATE of a name it
// lacks, a DROP of a name it has, and any statement of no known name.
// Each schema statement is a transaction of its own, some tens of
// milliseconds even when IF NOT EXISTS makes it a no-op; a database that
// is current is thus opened with the two SHOW statements of schemaNames
// and none of these.
func schemaToRun(stmts []string, have map[string]bool) []string {
	var out []string
	for _, stmt := range stmts {
		m := schemaStatementName.FindStringSubmatch(stmt)
		if m != nil && have[m[2]] == (m[1] == "CREATE") {
			continue
		}
		out = append(out, stmt)
	}
	return out
}

// schemaNames returns the names of the database's indexes and constraints.
func schemaNames(ctx context.Context, sess neo4j.SessionWithContext) (map[string]bool, error) {
	names := map[string]bool{}
	for _, show := range []string{"SHOW INDEXES YIELD name RETURN name", "SHOW CONSTRAINTS YIELD name RETURN name"} {
		res, err := sess.Run(ctx, show, nil)
		if err != nil {
			return nil, err
		}
		recs, err := res.Collect(ctx)
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			if name, ok := r.Values[0].(string); ok {
				names[name] = true
			}
		}
	}
	return names, nil
}

// minServerVersion is the oldest Neo4j the statements run on: 5.24, the
// first with OPTIONAL CALL (the path's rounds).
var minServerVersion = [2]int{5, 24}

// checkServerVersion reports an error when agent, the server's agent
// string ("Neo4j/5.26.0"), names a Neo4j older than minServerVersion, so
// that opening the store fails with that reason rather than with a
// statement's syntax error later; Neo4j's calendar versions (2025.01 and
// on) are newer. An agent it cannot read passes: the statements then tell.
func checkServerVersion(agent string) error {
	v, ok := strings.CutPrefix(agent, "Neo4j/")
	if !ok {
		return nil
	}
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return nil
	}
	major, err1 := strconv.Atoi(parts[0])
	minor, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil {
		return nil
	}
	if major < minServerVersion[0] || major == minServerVersion[0] && minor < minServerVersion[1] {
		return fmt.Errorf("Neo4j %s is older than %d.%d, the oldest newsgraph's statements run on",
			v, minServerVersion[0], minServerVersion[1])
	}
	return nil
}
