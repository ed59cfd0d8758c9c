package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// User is one person on one channel. State is the engine's conversation state, opaque here (JSON).
type User struct {
	ID          int64
	Channel     string // "telegram", "whatsapp", "web"
	PlatformID  string // the channel's user id (a Telegram user id, a WhatsApp number, a web session id)
	ChatID      string // where to send (Telegram chat id); empty where it equals PlatformID
	Lang        string // the locale the bot writes in
	LangChosen  bool   // whether the user chose Lang explicitly (then it is never guessed over)
	Country     string // ISO 3166-1 alpha-2 of where the user is, if they said so
	Nationality string // ISO 3166-1 alpha-2 of where the user comes from, if they said so
	State       string // the engine's conversation state, JSON
	Alerts      bool   // subscribed to alerts
	Blocked     bool   // the user blocked the bot: write to them no more
}

// User returns the user with that channel and platform id, or a new, unsaved one (ID 0) if there is none.
func (s *Store) User(ctx context.Context, channel, platformID string) (User, error) {
	u := User{Channel: channel, PlatformID: platformID, State: "{}"}
	err := s.db.QueryRowContext(ctx, `SELECT id, chat_id, lang, lang_chosen, country, nationality, state, alerts, blocked
		FROM users WHERE channel = ? AND platform_id = ?`, channel, platformID).
		Scan(&u.ID, &u.ChatID, &u.Lang, &u.LangChosen, &u.Country, &u.Nationality, &u.State, &u.Alerts, &u.Blocked)
	if errors.Is(err, sql.ErrNoRows) {
		return u, nil
	}
	if err != nil {
		return User{}, fmt.Errorf("load user %s: %w", channel, err)
	}
	return u, nil
}

// SaveUser inserts or updates u, keyed by channel and platform id, and returns its id.
func (s *Store) SaveUser(ctx context.Context, u User) (int64, error) {
	day := s.day()
	var id int64
	err := s.db.QueryRowContext(ctx, `INSERT INTO users
		(channel, platform_id, chat_id, lang, lang_chosen, country, nationality, state, alerts, blocked, created_day, seen_day)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (channel, platform_id) DO UPDATE SET
			chat_id = excluded.chat_id, lang = excluded.lang, lang_chosen = excluded.lang_chosen,
			country = excluded.country, nationality = excluded.nationality, state = excluded.state,
			alerts = excluded.alerts, blocked = excluded.blocked, seen_day = excluded.seen_day
		RETURNING id`,
		u.Channel, u.PlatformID, u.ChatID, u.Lang, u.LangChosen, u.Country, u.Nationality, u.State, u.Alerts, u.Blocked, day, day).
		Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("save user %s: %w", u.Channel, err)
	}
	return id, nil
}

// DeleteUser forgets everything stored about one user. Deleting a user that does not exist is not an error.
func (s *Store) DeleteUser(ctx context.Context, channel, platformID string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM users WHERE channel = ? AND platform_id = ?`, channel, platformID); err != nil {
		return fmt.Errorf("delete user %s: %w", channel, err)
	}
	// The write-ahead log still holds the row's last versions: copy it into the database (where secure_delete has
	// overwritten the row) and empty it.
	if _, err := s.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return fmt.Errorf("delete user %s: checkpoint: %w", channel, err)
	}
	return nil
}

// MarkBlocked records that a user blocked the bot, so that nothing is sent to them again.
func (s *Store) MarkBlocked(ctx context.Context, channel, platformID string) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE users SET blocked = 1 WHERE channel = ? AND platform_id = ?`, channel, platformID); err != nil {
		return fmt.Errorf("mark user %s blocked: %w", channel, err)
	}
	return nil
}

// Screening is the outcome of one offer check, as kept for statistics: no user and no text.
type Screening struct {
	Lang  string
	Risk  string
	Flags []string
}

// RecordScreening keeps a screening's outcome for aggregate statistics.
func (s *Store) RecordScreening(ctx context.Context, sc Screening) error {
	flags := ""
	for i, f := range sc.Flags {
		if i > 0 {
			flags += ","
		}
		flags += f
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO screenings (day, lang, risk, flags) VALUES (?, ?, ?, ?)`,
		s.day(), sc.Lang, sc.Risk, flags); err != nil {
		return fmt.Errorf("record screening: %w", err)
	}
	return nil
}

// PurgeInactive deletes the users last seen more than `days` days ago who have not turned alerts on (those must be
// kept to be reached), and returns how many it deleted. Nobody's conversation state outlives its use.
func (s *Store) PurgeInactive(ctx context.Context, days int) (int64, error) {
	cutoff := s.now().UTC().AddDate(0, 0, -days).Format("2006-01-02")
	res, err := s.db.ExecContext(ctx, `DELETE FROM users WHERE seen_day < ? AND alerts = 0`, cutoff)
	if err != nil {
		return 0, fmt.Errorf("purge users unseen since %s: %w", cutoff, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("purge users unseen since %s: %w", cutoff, err)
	}
	return n, nil
}
