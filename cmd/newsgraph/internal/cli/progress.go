package cli

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"newsgraph/loaders"
)

// progress shows how far a load has got, on stderr: a progress bar when
// stderr is a terminal, else a log line every few seconds. Both show the
// articles per second and the time left, estimated from the share of the
// files' bytes done (the number of documents is known only once every file
// is read).
type progress interface {
	update(loaders.Progress)
	// clear makes room for a line of output.
	clear()
	done()
}

// progressEvery is how often the log line is written.
const progressEvery = 5 * time.Second

// newProgress chooses how to show progress.
func newProgress(g *globals) progress {
	now := time.Now()
	if isTerminal(g.stderr) {
		return &barProgress{w: g.stderr, start: now}
	}
	return &lineProgress{g: g, every: progressEvery, start: now, last: now}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// rate is the number of articles loaded per second.
func rate(pr loaders.Progress, elapsed time.Duration) float64 {
	if elapsed <= 0 {
		return 0
	}
	return float64(pr.Loaded) / elapsed.Seconds()
}

// eta estimates the time left from the share of bytes done; ok is false
// before 1% is done, too little to estimate from.
func eta(pr loaders.Progress, elapsed time.Duration) (left time.Duration, ok bool) {
	if pr.Bytes <= 0 || pr.BytesDone*100 < pr.Bytes {
		return 0, false
	}
	left = time.Duration(float64(elapsed) * float64(pr.Bytes-pr.BytesDone) / float64(pr.BytesDone))
	return left.Round(time.Second), true
}

// lineProgress logs a line at most every few seconds.
type lineProgress struct {
	g           *globals
	every       time.Duration
	start, last time.Time
	now         func() time.Time // time.Now when nil (tests set it)
}

func (p *lineProgress) update(pr loaders.Progress) {
	now := time.Now()
	if p.now != nil {
		now = p.now()
	}
	if now.Sub(p.last) < p.every {
		return
	}
	p.last = now
	elapsed := now.Sub(p.start)
	attrs := []any{
		"files", fmt.Sprintf("%d/%d", pr.FilesDone, pr.Files),
		"articles", pr.Loaded, "failed", pr.Failed,
		"articles_per_s", fmt.Sprintf("%.0f", rate(pr, elapsed)),
	}
	if pr.Bytes > 0 {
		attrs = append(attrs, "done", fmt.Sprintf("%.0f%%", 100*float64(pr.BytesDone)/float64(pr.Bytes)))
	}
	if left, ok := eta(pr, elapsed); ok {
		attrs = append(attrs, "eta", left.String())
	}
	attrs = append(attrs, "file", pr.Current)
	p.g.logger.Info("loading", attrs...)
}

func (p *lineProgress) clear() {}
func (p *lineProgress) done()  {}

// barProgress draws a bar over the bytes of the files on a terminal, with
// the articles loaded, their rate and the time left.
type barProgress struct {
	w     io.Writer
	start time.Time
	bar   *progressbar.ProgressBar
}

func (p *barProgress) update(pr loaders.Progress) {
	if p.bar == nil {
		p.bar = progressbar.NewOptions64(max(pr.Bytes, 1),
			progressbar.OptionSetWriter(p.w),
			progressbar.OptionSetWidth(30),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
	}
	p.bar.Describe(fmt.Sprintf("%s (%.0f/s), %d failed", plural(pr.Loaded, "article"), rate(pr, time.Since(p.start)), pr.Failed))
	_ = p.bar.Set64(pr.BytesDone)
}

func (p *barProgress) clear() {
	if p.bar != nil {
		_ = p.bar.Clear()
	}
}

func (p *barProgress) done() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
