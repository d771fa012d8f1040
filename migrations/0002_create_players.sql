-- The venue's player list: the same person enters many tournaments over time. Not part
-- of any tournament's log (a tournament's entries refer to players by id).

CREATE TABLE players (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    nickname   TEXT,
    member_id  TEXT,
    phone      TEXT,
    email      TEXT,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL
);

CREATE INDEX players_by_name ON players (name COLLATE NOCASE);
CREATE INDEX players_by_member ON players (member_id) WHERE member_id IS NOT NULL;
