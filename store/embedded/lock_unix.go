//go:build unix

package embedded

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"newsgraph/store"
)

const lockFile = "LOCK"

// dirLock is an exclusive flock(2) on dir/LOCK, which holds the pid of the
// process holding it. The kernel releases it when the process dies, so a
// crash leaves no stale lock.
type dirLock struct{ f *os.File }

// lockDir takes the lock of dir, or fails with an error wrapping
// store.ErrLocked that names the directory and the holder's pid. Locks are
// per open file, so a second Open in the same process fails too.
func lockDir(dir string) (*dirLock, error) {
	path := filepath.Join(dir, lockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("embedded store: opening the lock file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		holder := readHolder(f)
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("embedded store: %s: %w (held by %s; stop it or use another directory)", dir, store.ErrLocked, holder)
		}
		return nil, fmt.Errorf("embedded store: locking %s: %w", path, err)
	}
	pid := []byte(strconv.Itoa(os.Getpid()) + "\n")
	err = f.Truncate(0)
	if err == nil {
		_, err = f.WriteAt(pid, 0)
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("embedded store: writing %s: %w", path, err)
	}
	return &dirLock{f: f}, nil
}

// readHolder describes the process holding the lock, from the pid it wrote.
func readHolder(f *os.File) string {
	b := make([]byte, 32)
	n, _ := f.ReadAt(b, 0)
	pid := strings.TrimSpace(string(b[:n]))
	if _, err := strconv.Atoi(pid); err != nil {
		return "another process (pid unknown)"
	}
	return "pid " + pid
}

// release clears the pid and unlocks.
func (l *dirLock) release() error {
	l.f.Truncate(0)
	return l.f.Close()
}
