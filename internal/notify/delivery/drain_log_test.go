package delivery_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/notify/delivery"
	"github.com/watchword/watchword/internal/testkit"
)

// failingOutbox answers every claim with the same error.
type failingOutbox struct {
	*fakeOutbox
	err error
}

func (o failingOutbox) ClaimOutbox(context.Context, int, time.Duration) ([]notify.Message, error) {
	return nil, o.err
}

// drainLog runs a worker whose claims fail with err for a few polls and
// returns what it logged.
func drainLog(t *testing.T, err error) string {
	t.Helper()
	var logs testkit.LogBuffer
	outbox := failingOutbox{fakeOutbox: &fakeOutbox{clock: time.Now}, err: err}
	w, werr := delivery.NewWorker(outbox, mustRenderer(t, notify.Config{}), delivery.WorkerConfig{
		PollInterval: 5 * time.Millisecond,
		Logger:       slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	if werr != nil {
		t.Fatal(werr)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Millisecond)
	defer cancel()
	_ = w.Run(ctx)
	return logs.String()
}

// TestDrainLogsAnOutageAsAWarning: while the store is unavailable
// (PostgreSQL restarting, a full disk) the worker keeps retrying and says
// so at warn level; an outage is not an internal error, which operators
// alert on. Any other store error stays an error.
func TestDrainLogsAnOutageAsAWarning(t *testing.T) {
	outage := drainLog(t, (&fault.Error{Kind: fault.Unavailable, Code: "store.unavailable",
		Message: "the data store is unavailable; retry shortly", Err: errors.New("dial tcp: connection refused")}))
	if strings.Contains(outage, "level=ERROR") || !strings.Contains(outage, "level=WARN") {
		t.Errorf("an unavailable store should log warnings only, got:\n%s", outage)
	}
	broken := drainLog(t, errors.New("sql: no such table: outbox"))
	if !strings.Contains(broken, "level=ERROR") {
		t.Errorf("another store error should log an error, got:\n%s", broken)
	}
}
