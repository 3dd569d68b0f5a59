package e2e_test

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/api/client"
)

func TestAdminCreateAccount(t *testing.T) {
	data := t.TempDir()
	create := []string{"admin", "create-account", "--data", data, "--name", "initech", "--email", "root@initech.test",
		"--password", rootPassword}
	out := MustRun(t, create...)
	var got struct {
		AccountID string `json:"account_id"`
		UserID    string `json:"user_id"`
		Name      string `json:"name"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output %q is not JSON: %v", out, err)
	}
	if !regexp.MustCompile(`^[1-9][0-9]{11}$`).MatchString(got.AccountID) || !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(got.UserID) ||
		got.Name != "initech" {
		t.Fatalf("output: %+v", got)
	}

	t.Run("ErrNameTaken", func(t *testing.T) {
		stdout, stderr, err := run(create...)
		if err == nil || stdout != "" || !strings.Contains(stderr, "account.name_taken") {
			t.Fatalf("second create: %v\nstdout %q\nstderr %q", err, stdout, stderr)
		}
	})
	t.Run("ErrWeakPassword", func(t *testing.T) {
		_, stderr, err := run("admin", "create-account", "--data", data, "--name", "weak", "--password", "weak")
		if err == nil || !strings.Contains(stderr, "password.policy") {
			t.Fatalf("weak password: %v %q", err, stderr)
		}
	})
	t.Run("OKServeLogsIn", func(t *testing.T) {
		s := MustServe(t, "--data", data)
		c := MustLogin(t, s, client.Credentials{Account: "initech", Password: rootPassword})
		me, err := c.Me(context.Background())
		if err != nil || me.ID != got.UserID || me.AccountID != got.AccountID || !me.Root {
			t.Fatalf("me: %+v %v", me, err)
		}
		s.MustStop(t)
	})
}

func TestMigrate(t *testing.T) {
	data := t.TempDir()
	for range 2 { // applying again is a no-op
		if out := MustRun(t, "migrate", "--data", data); out != "migrations applied (sqlite)\n" {
			t.Fatalf("migrate: %q", out)
		}
	}
	t.Run("Postgres", func(t *testing.T) {
		url := "--database=" + mustPostgres(t)
		for range 2 {
			if out := MustRun(t, "migrate", url); out != "migrations applied (postgres)\n" {
				t.Fatalf("migrate: %q", out)
			}
		}
		MustRun(t, "admin", "create-account", url, "--name", "pg", "--email", "root@pg.test", "--password", rootPassword)
	})
	t.Run("ErrBadDatabase", func(t *testing.T) {
		_, stderr, err := run("migrate", "--database", "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2")
		if err == nil || !strings.Contains(stderr, "watchword:") {
			t.Fatalf("migrate on no database: %v %q", err, stderr)
		}
	})
}

func TestBootstrap(t *testing.T) {
	data := t.TempDir()
	t.Run("OKFlags", func(t *testing.T) {
		s := MustServe(t, append([]string{"--data", data}, bootstrapFlags()...)...)
		MustLogin(t, s, client.Credentials{Account: "acme", Password: rootPassword})
		s.MustStop(t)
	})
	t.Run("OKSecondStart", func(t *testing.T) {
		// Another password in the flags does not touch the existing account.
		s := MustServe(t, "--data", data, "--bootstrap-account", "acme", "--bootstrap-email", "root@acme.test",
			"--bootstrap-password", "Other-Battery-42")
		c := MustLogin(t, s, client.Credentials{Account: "acme", Password: rootPassword})
		l, err := c.Users(context.Background(), client.UserFilter{})
		if err != nil || len(l.Items) != 1 {
			t.Fatalf("users: %+v %v", l, err)
		}
		_, err = s.Client.Login(context.Background(), client.Credentials{Account: "acme", Password: "Other-Battery-42"})
		MustFail(t, err, http.StatusUnauthorized, "auth.invalid_credentials")
		s.MustStop(t)
	})
	t.Run("OKEnvironment", func(t *testing.T) {
		s, err := startServer([]string{"--data", t.TempDir()}, "WATCHWORD_BOOTSTRAP_ACCOUNT=globex",
			"WATCHWORD_BOOTSTRAP_EMAIL=root@globex.test", "WATCHWORD_BOOTSTRAP_PASSWORD="+rootPassword)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(s.kill)
		MustLogin(t, s, client.Credentials{Email: "root@globex.test", Password: rootPassword})
		s.MustStop(t)
	})
	t.Run("ErrWeakBootstrapPassword", func(t *testing.T) {
		_, err := startServer([]string{"--data", t.TempDir(), "--bootstrap-account", "weak", "--bootstrap-password", "weak"})
		if err == nil || !strings.Contains(err.Error(), "bootstrap account") {
			t.Fatalf("start with a weak bootstrap password: %v", err)
		}
	})
}
