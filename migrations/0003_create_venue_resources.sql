-- The venue's own resources, which outlive any one tournament: payout plans, leagues
-- with their seasons and tournaments, the tables of the room and which tournament holds
-- which table. Not part of any tournament's log.

-- Named payout plans (the built-in standard plan is not stored). `rows` is the plan's
-- rows as JSON, checked by the rules before it is written. A tournament copies the plan
-- it is created with, so editing a plan here never changes a tournament.
CREATE TABLE payout_plans (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    rows       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL
);

CREATE UNIQUE INDEX payout_plans_by_name ON payout_plans (name COLLATE NOCASE);

-- A league: how its tournaments are scored (`formula` is the points formula as JSON).
CREATE TABLE leagues (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    formula      TEXT NOT NULL,
    best_results INTEGER,
    min_entries  INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    created_by   TEXT NOT NULL
);

CREATE UNIQUE INDEX leagues_by_name ON leagues (name COLLATE NOCASE);

-- A league's seasons: tournaments that ended in `start_at..end_at` (ms, end excluded).
CREATE TABLE league_seasons (
    league_id TEXT    NOT NULL REFERENCES leagues (id),
    name      TEXT    NOT NULL COLLATE NOCASE,
    start_at  INTEGER NOT NULL,
    end_at    INTEGER NOT NULL CHECK (end_at > start_at),
    PRIMARY KEY (league_id, name)
) WITHOUT ROWID;

-- The tournaments a league counts (once each).
CREATE TABLE league_tournaments (
    league_id     TEXT    NOT NULL REFERENCES leagues (id),
    tournament_id TEXT    NOT NULL REFERENCES tournaments (id),
    added_at      INTEGER NOT NULL,
    added_by      TEXT    NOT NULL,
    PRIMARY KEY (league_id, tournament_id)
) WITHOUT ROWID;

-- The tables of the room, by the number painted on them. `reserved` is a JSON list of
-- seat numbers the seating engine never fills.
CREATE TABLE venue_tables (
    id         INTEGER PRIMARY KEY CHECK (id >= 1),
    name       TEXT,
    seats      INTEGER NOT NULL CHECK (seats BETWEEN 2 AND 10),
    zone       TEXT,
    feature    INTEGER NOT NULL DEFAULT 0,
    reserved   TEXT    NOT NULL DEFAULT '[]',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE UNIQUE INDEX venue_tables_by_name ON venue_tables (name COLLATE NOCASE) WHERE name IS NOT NULL;

-- Which tournament holds which table, since when. The table is the key: two tournaments
-- can never hold the same table, and a held table cannot be deleted.
CREATE TABLE table_assignments (
    table_id      INTEGER PRIMARY KEY REFERENCES venue_tables (id),
    tournament_id TEXT    NOT NULL REFERENCES tournaments (id),
    since         INTEGER NOT NULL,
    assigned_by   TEXT    NOT NULL
);

CREATE INDEX table_assignments_by_tournament ON table_assignments (tournament_id);
