-- TV screens paired by the director: a name, what they show (a tournament and a layout,
-- or the venue overview when `tournament` is null), and whether their token is revoked.
-- And a token generation per operator: a PIN reset moves it on, so every token issued
-- before the reset is refused.

CREATE TABLE screens (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    tournament TEXT,
    layout     TEXT NOT NULL,
    revoked    INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

ALTER TABLE staff ADD COLUMN token_epoch INTEGER NOT NULL DEFAULT 0;
