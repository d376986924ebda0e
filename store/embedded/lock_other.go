//go:build !unix

package embedded

// dirLock does nothing where flock(2) is not available: on these systems
// nothing stops two processes from opening the same directory, and the user
// must not do it.
type dirLock struct{}

func lockDir(dir string) (*dirLock, error) { return &dirLock{}, nil }

func (l *dirLock) release() error { return nil }
