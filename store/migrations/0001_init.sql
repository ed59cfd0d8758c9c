-- Users are keyed by channel and platform id. Nothing here holds the text of a message or of a job offer.
CREATE TABLE users (
    id          INTEGER PRIMARY KEY,
    channel     TEXT NOT NULL,
    platform_id TEXT NOT NULL,
    chat_id     TEXT NOT NULL DEFAULT '',
    lang        TEXT NOT NULL DEFAULT '',
    lang_chosen INTEGER NOT NULL DEFAULT 0,
    country     TEXT NOT NULL DEFAULT '',
    nationality TEXT NOT NULL DEFAULT '',
    state       TEXT NOT NULL DEFAULT '{}',
    alerts      INTEGER NOT NULL DEFAULT 0,
    blocked     INTEGER NOT NULL DEFAULT 0,
    created_day TEXT NOT NULL,
    seen_day    TEXT NOT NULL,
    UNIQUE (channel, platform_id)
);

-- Screening results, kept for aggregate statistics only: no user, no text, the day rather than the time.
CREATE TABLE screenings (
    id    INTEGER PRIMARY KEY,
    day   TEXT NOT NULL,
    lang  TEXT NOT NULL,
    risk  TEXT NOT NULL,
    flags TEXT NOT NULL
);
