package replicatest

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"newsgraph/internal/neo4jtest"
	"newsgraph/server"
	"newsgraph/store"
	"newsgraph/store/embedded"
	"newsgraph/store/neo4jstore"
)

// deliveryTimeout bounds how long the subscribers may take to receive
// every event once the writes are done.
const deliveryTimeout = 2 * time.Minute

// neo4jArgs are the command's global flags to use the Neo4j at c.
func neo4jArgs(c neo4jtest.Conn) []string {
	flags := []string{"--neo4j-uri", c.URI, "--neo4j-user", c.Username}
	if c.Password != "" {
		flags = append(flags, "--neo4j-password", c.Password)
	}
	if c.Database != "" {
		flags = append(flags, "--neo4j-database", c.Database)
	}
	return flags
}

// startCursor ingests warm-up articles through r until s, subscribed from
// now on, hears of one; then it cuts s, and returns the id of the last
// article s heard of, whose cursor s resumes from, with nothing received.
func startCursor(t *testing.T, r *replica, s *subscriber) string {
	t.Helper()
	for i := 0; len(s.received()) == 0; i++ {
		if i == 100 {
			t.Fatalf("%s heard of none of 100 warm-up articles", s.name)
		}
		if _, err := r.ingest(t.Context(), fmt.Sprintf("warm-up-%03d", i)); err != nil {
			t.Fatal(err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.cut()
	// It may have heard of more than one: the cursor kept is the last's.
	ids := s.received()
	s.mu.Lock()
	s.ids = nil
	s.mu.Unlock()
	return ids[len(ids)-1]
}

// feedAfter reads the article ids of the changes of feed after the change
// that put article first.
func feedAfter(t *testing.T, feed store.ChangeFeed, first string) []string {
	t.Helper()
	var ids []string
	var pos store.Position
	for {
		cs, err := feed.Changes(t.Context(), pos, 0)
		if err != nil {
			t.Fatalf("reading the feed after %d: %v", pos, err)
		}
		if len(cs) == 0 {
			break
		}
		for _, c := range cs {
			if c.Kind == store.ChangeDeleted {
				t.Fatalf("change %d deletes %s: the test deletes nothing", c.Position, c.Article.ID)
			}
			ids = append(ids, c.Article.ID)
		}
		pos = cs[len(cs)-1].Position
	}
	i := slices.Index(ids, first)
	if i < 0 {
		t.Fatalf("the feed has no change of %s", first)
	}
	return ids[i+1:]
}

// checkDelivery waits until every subscriber has received len(want) events
// and compares what each received with want: every event once, in feed
// order, nothing else.
func checkDelivery(t *testing.T, want []string, subs []*subscriber) {
	t.Helper()
	for _, s := range subs {
		s.waitFor(t, len(want), deliveryTimeout)
	}
	time.Sleep(500 * time.Millisecond) // time for anything extra to arrive
	for _, s := range subs {
		if diff := cmp.Diff(want, s.received()); diff != "" {
			t.Errorf("%s received (-feed +received):\n%s", s.name, diff)
		}
	}
}

// TestReplicasOnOneNeo4j runs three servers on one Neo4j (the second
// through a neo4j:// URI) with an SSE and a WebSocket subscriber on each, ingests through all three at once, cuts
// one subscriber off and resumes it, and kills one server (SIGKILL) and
// starts it again while the others serve, its subscribers resuming on the
// new process. Every subscriber must receive every article of the feed,
// the acknowledged ones among them, once each and in feed order.
func TestReplicasOnOneNeo4j(t *testing.T) {
	conn := neo4jtest.Server(t)
	neo4jtest.Wipe(t, conn)
	bin := buildNewsgraph(t)
	var reps []*replica
	for i := range 3 {
		c := conn
		if i == 1 {
			// The second server connects through neo4j:// (routing),
			// as servers on a cluster do.
			c = conn.Routed()
		}
		reps = append(reps, startReplica(t, fmt.Sprintf("replica %d", i+1), bin, neo4jArgs(c)...))
	}

	var subs []*subscriber
	on := map[*subscriber]*replica{}
	for i, r := range reps {
		for _, ws := range []bool{false, true} {
			s := &subscriber{name: fmt.Sprintf("SSE subscriber on replica %d", i+1), ws: ws}
			if ws {
				s.name = fmt.Sprintf("WebSocket subscriber on replica %d", i+1)
			}
			subs, on[s] = append(subs, s), r
		}
	}
	subs[0].subscribe(t, reps[0].url)
	heard := startCursor(t, reps[0], subs[0])
	for _, s := range subs {
		s.cursor = subs[0].cursor
		s.subscribe(t, on[s].url)
	}

	// Concurrent ingests through the three servers. The third pauses
	// halfway while its server is killed and started again; the first two
	// go on until it is back, and some more.
	const each = 12
	var mu sync.Mutex
	var acked []string
	halfway, back := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	for i, r := range reps {
		wg.Go(func() {
			for k := 0; ; k++ {
				if i == 2 && k == each/2 {
					close(halfway)
					<-back
				}
				if k >= each && (i == 2 || isClosed(back)) {
					return
				}
				id := fmt.Sprintf("r%d-%03d", i+1, k)
				ok, err := r.ingest(context.Background(), id)
				if err != nil {
					t.Errorf("%v", err)
				}
				if ok {
					mu.Lock()
					acked = append(acked, id)
					mu.Unlock()
				}
				time.Sleep(30 * time.Millisecond)
			}
		})
	}

	// A subscriber of the second server is cut off and resumes.
	cutOff := subs[2]
	if !cutOff.waitFor(t, 3, deliveryTimeout) {
		t.FailNow()
	}
	cutOff.cut()
	time.Sleep(200 * time.Millisecond)
	cutOff.subscribe(t, reps[1].url)

	// The third server is killed and started again; its subscribers
	// resume on the new process with their last cursors.
	<-halfway
	reps[2].kill(t)
	for _, s := range subs[4:] {
		s.waitEnded(t)
	}
	reps[2].start(t)
	for _, s := range subs[4:] {
		s.subscribe(t, reps[2].url)
	}
	close(back)
	wg.Wait()
	if t.Failed() {
		return
	}

	st, err := neo4jstore.Open(t.Context(), neo4jstore.Config{URI: conn.URI, Username: conn.Username,
		Password: conn.Password, Database: conn.Database})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	want := feedAfter(t, st, heard)
	for _, id := range acked {
		if n := count(want, "article:"+id); n != 1 {
			t.Errorf("acknowledged article %s is %d times in the feed", id, n)
		}
	}
	t.Logf("%d articles acknowledged through 3 servers, %d changes in the feed after the start", len(acked), len(want))
	checkDelivery(t, want, subs)
	readYourWrite(t, reps[0], reps[1])
}

// readYourWrite writes through one server and reads through another with
// the write's consistency token.
func readYourWrite(t *testing.T, writer, reader *replica) {
	t.Helper()
	_, h, b, err := writer.post(t.Context(), ingestMutation, map[string]any{"input": article("read-your-write")}, nil)
	token := h.Get(server.ConsistencyTokenHeader)
	if err != nil || token == "" {
		t.Fatalf("a write through %s: %v, no consistency token:\n%s", writer.name, err, b)
	}
	_, _, b, err = reader.post(t.Context(), `{ node(id: "article:read-your-write") { id } }`, nil,
		http.Header{server.ConsistencyTokenHeader: {token}})
	if err != nil || !strings.Contains(string(b), `"id":"article:read-your-write"`) {
		t.Errorf("a read through %s with the write's token: %v\n%s", reader.name, err, b)
	}
}

// TestResumeAcrossACrashOnTheEmbeddedStore: a subscriber of a server on
// the embedded store is cut off, the server killed (SIGKILL) and started
// again on the same data directory; the subscriber resumes from its last
// cursor and receives every later article once, from the log.
func TestResumeAcrossACrashOnTheEmbeddedStore(t *testing.T) {
	bin := buildNewsgraph(t)
	dir := t.TempDir()
	r := startReplica(t, "embedded server", bin, "--data-dir", dir)
	s := &subscriber{name: "SSE subscriber"}
	s.subscribe(t, r.url)
	heard := startCursor(t, r, s)
	s.subscribe(t, r.url)

	ingest := func(ids ...string) {
		t.Helper()
		for _, id := range ids {
			if _, err := r.ingest(t.Context(), id); err != nil {
				t.Fatal(err)
			}
		}
	}
	ingest("a1", "a2", "a3")
	if !s.waitFor(t, 3, deliveryTimeout) {
		t.FailNow()
	}
	s.cut()
	ingest("a4", "a5")
	r.kill(t)
	r.start(t)
	ingest("a6")
	s.subscribe(t, r.url)
	ingest("a7")
	s.waitFor(t, 7, deliveryTimeout)
	r.kill(t)

	st, err := embedded.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	want := feedAfter(t, st, heard)
	if diff := cmp.Diff([]string{"article:a1", "article:a2", "article:a3", "article:a4", "article:a5", "article:a6", "article:a7"},
		want[len(want)-7:]); diff != "" {
		t.Errorf("the feed's last changes (-want +got):\n%s", diff)
	}
	checkDelivery(t, want, []*subscriber{s})
}

func isClosed(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

func count(ids []string, id string) int {
	n := 0
	for _, x := range ids {
		if x == id {
			n++
		}
	}
	return n
}
