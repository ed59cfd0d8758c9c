package store

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func open(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestOpenCreatesAPrivateWALDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sp.db")
	s := open(t, path)
	defer s.Close()
	if _, err := s.SaveUser(context.Background(), User{Channel: "web", PlatformID: "x"}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal"} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if mode := st.Mode().Perm(); mode != 0o600 {
			t.Errorf("%s has mode %o, want 600", filepath.Base(p), mode)
		}
	}
	var mode string
	if err := s.db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal mode %q (%v), want wal", mode, err)
	}
}

func TestMigrationsRunOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sp.db")
	open(t, path).Close()
	s := open(t, path) // a second start must not re-run or fail
	defer s.Close()
	var n int
	if err := s.db.QueryRow("SELECT count(*) FROM schema_migrations").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Error("no migration recorded")
	}
}

func TestUsers(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sp.db")
	s := open(t, path)

	u, err := s.User(ctx, "telegram", "42")
	if err != nil || u.ID != 0 || u.State != "{}" {
		t.Fatalf("unknown user: %+v, %v", u, err)
	}
	want := User{Channel: "telegram", PlatformID: "42", ChatID: "42", Lang: "th", LangChosen: true, Country: "TH",
		Nationality: "MM", State: `{"step":"offer"}`, Alerts: true}
	if _, err := s.SaveUser(ctx, want); err != nil {
		t.Fatal(err)
	}
	want.Lang = "my" // an update, not a second row
	id, err := s.SaveUser(ctx, want)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	s = open(t, path) // what was saved survives a restart
	defer s.Close()
	got, err := s.User(ctx, "telegram", "42")
	if err != nil {
		t.Fatal(err)
	}
	want.ID = id
	if got != want {
		t.Errorf("after restart got %+v, want %+v", got, want)
	}
	if other, _ := s.User(ctx, "web", "42"); other.ID != 0 {
		t.Error("users of different channels share a record")
	}

	if err := s.MarkBlocked(ctx, "telegram", "42"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.User(ctx, "telegram", "42"); !got.Blocked {
		t.Error("MarkBlocked did not stick")
	}
	if err := s.DeleteUser(ctx, "telegram", "42"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.User(ctx, "telegram", "42"); got.ID != 0 {
		t.Errorf("deleted user still there: %+v", got)
	}
	if err := s.DeleteUser(ctx, "telegram", "nobody"); err != nil {
		t.Errorf("deleting an unknown user: %v", err)
	}
}

func TestScreeningsKeepNoUser(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "sp.db"))
	defer s.Close()
	if err := s.RecordScreening(context.Background(), Screening{Lang: "th", Risk: "high", Flags: []string{"a", "b"}}); err != nil {
		t.Fatal(err)
	}
	var flags, day string
	if err := s.db.QueryRow("SELECT flags, day FROM screenings").Scan(&flags, &day); err != nil {
		t.Fatal(err)
	}
	if flags != "a,b" || len(day) != len("2006-01-02") {
		t.Errorf("flags %q day %q", flags, day)
	}
}

func TestPurgeInactive(t *testing.T) {
	ctx := context.Background()
	s := open(t, filepath.Join(t.TempDir(), "sp.db"))
	defer s.Close()
	day := func(d string) func() time.Time {
		return func() time.Time { tm, _ := time.Parse("2006-01-02", d); return tm }
	}
	s.now = day("2026-01-01")
	for _, u := range []User{
		{Channel: "web", PlatformID: "old-session"},
		{Channel: "telegram", PlatformID: "old-subscriber", Alerts: true},
	} {
		if _, err := s.SaveUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	s.now = day("2026-11-25")
	if _, err := s.SaveUser(ctx, User{Channel: "web", PlatformID: "recent-session"}); err != nil {
		t.Fatal(err)
	}
	n, err := s.PurgeInactive(ctx, 180)
	if err != nil || n != 1 {
		t.Fatalf("purged %d (%v), want 1", n, err)
	}
	for id, want := range map[string]bool{"old-session": false, "old-subscriber": true, "recent-session": true} {
		ch := "web"
		if id == "old-subscriber" {
			ch = "telegram"
		}
		u, err := s.User(ctx, ch, id)
		if err != nil {
			t.Fatal(err)
		}
		if kept := u.ID != 0; kept != want {
			t.Errorf("%s kept %v, want %v", id, kept, want)
		}
	}
}

// TestDeletedUserLeavesNoTrace deletes a user and reads the database file and its log: their id must be gone.
func TestDeletedUserLeavesNoTrace(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sp.db")
	s := open(t, path)
	const id = "+66812345678"
	if _, err := s.SaveUser(ctx, User{Channel: "whatsapp", PlatformID: id, Country: "TH"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveUser(ctx, User{Channel: "web", PlatformID: "someone-else-000001"}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteUser(ctx, "whatsapp", id); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{path, path + "-wal"} {
		b, err := os.ReadFile(f)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(id)) {
			t.Errorf("%s still holds the deleted user's id", filepath.Base(f))
		}
	}
	s.Close()
}

func TestPathsWithURLCharacters(t *testing.T) {
	for _, name := range []string{"a%41b.db", "q?x.db", "with space#1.db"} {
		path := filepath.Join(t.TempDir(), name)
		s := open(t, path)
		if _, err := s.SaveUser(context.Background(), User{Channel: "web", PlatformID: "x"}); err != nil {
			t.Fatal(err)
		}
		s.Close()
		st, err := os.Stat(path)
		if err != nil {
			t.Fatalf("%s: the database is not at the path given: %v", name, err)
		}
		if st.Size() == 0 || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: size %d mode %o", name, st.Size(), st.Mode().Perm())
		}
	}
}
