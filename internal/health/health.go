// Package health says whether the server can serve: /healthz answers that
// the process is alive, /readyz that it can do its work now (its store
// answers reads and takes writes, its data directory has room). A load
// balancer sends traffic only to ready replicas; an orchestrator restarts
// only dead ones, never a live one whose database is down.
package health

import (
	"context"
	"fmt"
	"syscall"
)

// Check is one thing /readyz looked at.
type Check struct {
	Name string
	// OK is false when the check fails readiness.
	OK bool
	// Detail says what was seen (never a secret): an error's code, a count.
	Detail string
}

// Report is the answer of /readyz: ready when every check passed.
type Report struct {
	Ready  bool
	Checks []Check
}

// Readiness is what /readyz asks.
type Readiness interface {
	Ready(ctx context.Context) Report
}

// Probe is one more check.
type Probe func(ctx context.Context) Check

// Join adds probes to a readiness: the report holds r's checks and then
// each probe's, and is ready only when all of them pass.
func Join(r Readiness, probes ...Probe) Readiness { return joined{r, probes} }

type joined struct {
	r      Readiness
	probes []Probe
}

func (j joined) Ready(ctx context.Context) Report {
	rep := j.r.Ready(ctx)
	for _, p := range j.probes {
		c := p(ctx)
		rep.Checks = append(rep.Checks, c)
		rep.Ready = rep.Ready && c.OK
	}
	return rep
}

// DiskFree checks that dir's file system has at least min bytes free for
// an unprivileged writer: below it SQLite's writes, the dev mailbox and the
// logs start failing.
func DiskFree(dir string, min uint64) Probe {
	return func(context.Context) Check {
		var st syscall.Statfs_t
		if err := syscall.Statfs(dir, &st); err != nil {
			return Check{Name: "disk", OK: false, Detail: err.Error()}
		}
		free := st.Bavail * uint64(st.Bsize)
		return Check{Name: "disk", OK: free >= min, Detail: fmt.Sprintf("%d bytes free in %s (at least %d wanted)", free, dir, min)}
	}
}
