package postgres_test

import (
	"testing"

	"github.com/watchword/watchword/internal/store/storetest"
)

func TestStore(t *testing.T) { storetest.Run(t, storetest.MustOpenPostgres) }
