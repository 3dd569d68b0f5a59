// Command storework repeats the store's share of two requests, the token
// check of every authenticated request (FindSessionByTokenHash) and the
// first page of GET /v1/users (FindUsersPage, 50 users), n times on a
// seeded SQLite file, with no HTTP in between: run it under /usr/bin/time on
// a small and a large file (bench/scale -data) and compare CPU seconds, to
// tell what the database's size costs apart from the machine's noise.
//
//	go run ./bench/scale -data /tmp/small -users 100 -accounts 1 -sessions 1000 -password "$PW"
//	go run ./bench/scale -data /tmp/large -users 100000 -accounts 1000 -sessions 1000000 -password "$PW"
//	go build -o /tmp/storework ./bench/storework
//	/usr/bin/time -f '%U user %S sys' /tmp/storework -data /tmp/small -n 5000
package main

import (
	"context"
	"database/sql"
	"flag"
	"log"
	"path/filepath"
	"time"

	"github.com/watchword/watchword/internal/store/sqlite"
	_ "modernc.org/sqlite"
)

func main() {
	data := flag.String("data", "", "data directory seeded by bench/scale")
	n := flag.Int("n", 5000, "repetitions")
	flag.Parse()
	ctx := context.Background()
	path := filepath.Join(*data, "watchword.db")
	// A live session of the first account, read before the store opens.
	raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		log.Fatal(err)
	}
	var hash, acct string
	err = raw.QueryRow(`SELECT s.token_hash, s.account_id FROM sessions s JOIN accounts a ON a.id = s.account_id
		WHERE a.name = 'acct00000' AND s.expires_at > ? LIMIT 1`, time.Now().UnixMicro()).Scan(&hash, &acct)
	raw.Close()
	if err != nil {
		log.Fatalf("storework: no live session of acct00000 in %s: %v", path, err)
	}
	db, err := sqlite.Open(ctx, path, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	for range *n {
		if _, err := db.FindSessionByTokenHash(ctx, hash); err != nil {
			log.Fatal(err)
		}
		if _, err := db.FindUsersPage(ctx, acct, nil, 50, nil); err != nil {
			log.Fatal(err)
		}
	}
}
