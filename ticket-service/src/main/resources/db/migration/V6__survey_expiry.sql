-- A survey can be answered until it expires (madoguchi.surveys.valid-for after the solve, P30D by default). Surveys
-- issued before this migration get the default: 30 days after they were issued.
ALTER TABLE survey ADD COLUMN expires_at timestamptz;
UPDATE survey SET expires_at = issued_at + interval '30 days';
ALTER TABLE survey ALTER COLUMN expires_at SET NOT NULL;
