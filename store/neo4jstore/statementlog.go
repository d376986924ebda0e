package neo4jstore

import (
	"encoding/json"
	"os"
	"sync"
	"sync/atomic"
)

// StatementLogEnv names the environment variable that Open reads when
// Config.StatementLog is empty.
const StatementLogEnv = "NEWSGRAPH_NEO4J_STATEMENTS"

// A statement log records the statements a store runs, for the benchmark
// (bench/README.md): while the file exists, each statement is appended to
// it as one JSON line {"query": ..., "params": {...}}, so that a tool can
// run them again under PROFILE with their parameters. While the file does
// not exist nothing is written, so the tool turns the log on and off by
// creating and removing it. The log is of the process: the last store
// opened with one sets it.
var statements atomic.Pointer[statementLog]

type statementLog struct {
	path string
	mu   sync.Mutex
}

// setStatementLog turns the statement log to path on, or leaves it as it
// is when path is empty.
func setStatementLog(path string) {
	if path != "" {
		statements.Store(&statementLog{path: path})
	}
}

// record appends a statement to the log if its file exists.
func (l *statementLog) record(cypher string, params map[string]any) {
	line, err := json.Marshal(struct {
		Query  string         `json:"query"`
		Params map[string]any `json:"params"`
	}{cypher, params})
	if err != nil {
		// Parameters are strings, numbers, lists and maps of them.
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	f, err := os.OpenFile(l.path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return
	}
	defer f.Close()
	_, _ = f.Write(append(line, '\n'))
}
