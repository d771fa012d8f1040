-- The event log: the truth of every tournament. Append-only (the triggers refuse any
-- update or delete); state is a fold over it, snapshots only make recovery faster.

CREATE TABLE tournaments (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    finished_at INTEGER
);

CREATE TABLE events (
    tournament_id TEXT    NOT NULL REFERENCES tournaments (id),
    seq           INTEGER NOT NULL,
    at            INTEGER NOT NULL,
    operator      TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    body          TEXT    NOT NULL,
    PRIMARY KEY (tournament_id, seq)
) WITHOUT ROWID;

CREATE TRIGGER events_are_never_updated BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'the event log is append-only');
END;

CREATE TRIGGER events_are_never_deleted BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'the event log is append-only');
END;

CREATE TABLE snapshots (
    tournament_id TEXT    NOT NULL REFERENCES tournaments (id),
    seq           INTEGER NOT NULL,
    at            INTEGER NOT NULL,
    body          TEXT    NOT NULL,
    PRIMARY KEY (tournament_id, seq)
) WITHOUT ROWID;

CREATE INDEX tournaments_unfinished ON tournaments (finished_at) WHERE finished_at IS NULL;
