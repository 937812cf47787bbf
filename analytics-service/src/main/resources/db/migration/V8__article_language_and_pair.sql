-- A help article's language and the key its translations share: FAQ mining learns from translated pairs which
-- Japanese and English terms mean the same. Both optional: an article without them is read as before (its language
-- told by its script, in no pair).
ALTER TABLE help_article
    ADD COLUMN language          varchar(16),
    ADD COLUMN translation_pair  varchar(64);
