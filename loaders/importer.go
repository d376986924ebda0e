// Package loaders turns annotated articles into graph writes: it finds the
// files a user names (files, directories, globs), reads each with the
// importer for its format (the native JSON format, brat standoff, PLOVER
// records, WikiEvents), validates every document with package article, and
// hands the valid articles to a Sink, reporting per document.
//
// # One pipeline, three sinks
//
// Whatever the sink, an article goes the same way: read, validated
// (article.Parse for a native file's bytes, article.Check for a document an
// importer built), turned into its graph, then handed to the Sink in file
// order. StoreSink resolves entities by name and writes into a store;
// DryRun writes nothing (newsgraph validate); load --server's sink sends
// each article to a server, whose ingestArticle puts it through this same
// pipeline (Loader.Put) into its own store. So the same article gives the
// same graph whichever way it arrives.
//
// # Bulk loading
//
// Documents are read and validated on several goroutines and handed to the
// Sink in file order, in batches (StoreSink writes a batch with one
// PutArticles: one log sync in the embedded store, one transaction in
// Neo4j). Each article is still all or nothing: an invalid one fails
// alone. A load that is killed can be run again: the articles it wrote are
// unchanged and skipped, the others are written, and the graph ends as a
// load that was never interrupted leaves it.
//
// # Entity resolution
//
// An entity is the same entity in every article that gives it the same type
// and identity: its key, else its Wikidata id, else its normalised name
// (store.NormalizeName: case, accents, punctuation and a leading "the"
// aside; a meeting's date counts too). Articles from other sources seldom
// agree on keys, so before an article is written, each of its entities that
// has neither a key nor a Wikidata id — and whose own id is not in the graph
// yet — is matched by name with the entities already in the graph (the
// store's ResolveCodes and ResolveNames):
//
//   - first, the entities of the article that share such a code (below)
//     are one: "Kenyan officials" and "the Commission", both governments
//     coded KENGOV, merge under the smaller of their ids (their names
//     become aliases, their mentions and relations one), and are matched
//     as one; the person "Moody Awori" coded KENGOV is not among them, as
//     the code describes him without identifying him (identityKeys);
//   - then its codes: a code that identifies one entity (identityKeys:
//     "cameo:USA", "iso3166_alpha2:US", "cameo:USAGOV", not the class code
//     "cameo:IGO") is looked up among the same entities as names are
//     below; an entity with such a code is matched by code alone, and its
//     names decide only when no entity has one of its codes. "Washington"
//     coded USA is the United States (Q30) whose codes include cameo:USA;
//   - its name keys (store.NameKeys: its name and aliases, normalised) are
//     looked up among the name keys of the entities of the same type: those
//     of the graph, of the articles written before it in the same load, and
//     the entities of the same article that have a key or Wikidata id;
//   - one candidate: the entity is that candidate. "Zelenskyy" without a
//     Wikidata id becomes "Volodymyr Zelensky" (Q3881739) when that entity
//     has the alias "Zelenskyy"; an actor "Kyiv" becomes Ukraine's government
//     when it has the alias "Kyiv". The article's name for it becomes one of
//     its aliases;
//   - two or more candidates: nothing is guessed. The entity keeps its own
//     id, and the load reports a warning naming the article, the entity and
//     the candidates (give the entity a key or a Wikidata id to choose);
//   - no candidate: the entity keeps its own id.
//
// An explicit key or Wikidata id always wins: such entities are never
// resolved. The importers give one to every actor a code identifies and
// the gazetteer knows (package mapping): the country of a country's code
// ("Tokyo" coded JPN is Japan, Q17) and the institution of a country's
// code and a state role ("U.S. negotiator" coded USAGOV is the Government
// of the United States, key cameo-usagov), so that such actors are the same
// whichever article comes first. Resolution happens when an article is written; loading the same
// article again is a no-op (its content hash is that of the document as
// written by its authors), so what an article resolved to does not change
// when later articles add names. "newsgraph entities --duplicates" lists
// the entities that look like duplicates, for a person to fix with keys or
// Wikidata ids.
package loaders

import (
	"io"

	"newsgraph/article"
)

// Importer reads one annotation format. Importers live in subpackages
// (loaders/brat, loaders/plover, loaders/wikievents) and in this package for
// the native format.
type Importer interface {
	// Name is the format's name on the command line ("native", "brat",
	// "plover", "wikievents").
	Name() string
	// Detect reports whether the file at path, whose first bytes are
	// head, is in this format (for --format auto).
	Detect(path string, head []byte) bool
	// Import reads the file at path from r and calls emit once per
	// document it holds, in order. A document that cannot be read is
	// emitted with Err set, and reading goes on with the next one; Import
	// itself returns an error only when the file as a whole cannot be read.
	// If emit returns an error, Import stops and returns it.
	Import(path string, r io.Reader, emit func(Result) error) error
}

// Result is one document read by an importer.
type Result struct {
	// Doc is the document in the native format, not yet validated against
	// the ontology (the loader does that, with article.Check, as it is in
	// memory), or nil when Err or Raw is set.
	Doc *article.Document
	// Raw is the document's own bytes in the native format (JSON, or YAML
	// when the file is .yaml or .yml), for importers of that format: the
	// loader validates them with article.Parse as they are, so that
	// problems are reported against what the file says.
	Raw []byte
	// Loc says where the document is: "file.jsonl:12" (line), "file.json
	// [record 7]", or the file name.
	Loc string
	// Err is why the document could not be read.
	Err error
	// Omitted counts what the format's label mapping left out, by reason
	// ("unmapped event type Conflict.Attack", "record without target"):
	// reported in the load summary, never dropped silently.
	Omitted map[string]int
}
