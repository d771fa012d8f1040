-- The language a paired screen shows its pages in: a language code the pages have
-- strings for (`fr`), or '' for the screen browser's own language.

ALTER TABLE screens ADD COLUMN lang TEXT NOT NULL DEFAULT '';
