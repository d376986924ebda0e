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
// stderr is a terminal, else a log line every few seconds.
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
	if isTerminal(g.stderr) {
		return &barProgress{w: g.stderr}
	}
	return &lineProgress{g: g, every: progressEvery, last: time.Now()}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// lineProgress logs a line at most every few seconds.
type lineProgress struct {
	g     *globals
	every time.Duration
	last  time.Time
}

func (p *lineProgress) update(pr loaders.Progress) {
	if time.Since(p.last) < p.every {
		return
	}
	p.last = time.Now()
	p.g.logger.Info("loading", "files", fmt.Sprintf("%d/%d", pr.FilesDone, pr.Files),
		"documents", pr.Documents, "failed", pr.Failed, "file", pr.Current)
}

func (p *lineProgress) clear() {}
func (p *lineProgress) done()  {}

// barProgress draws a bar over the files on a terminal.
type barProgress struct {
	w   io.Writer
	bar *progressbar.ProgressBar
}

func (p *barProgress) update(pr loaders.Progress) {
	if p.bar == nil {
		p.bar = progressbar.NewOptions(pr.Files,
			progressbar.OptionSetWriter(p.w),
			progressbar.OptionSetDescription("loading"),
			progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
	}
	p.bar.Describe(fmt.Sprintf("%d documents, %d failed", pr.Documents, pr.Failed))
	_ = p.bar.Set(pr.FilesDone)
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
