-- SQLite's 0038 gives its patient search a trigram index (FTS5);
-- PostgreSQL's is 0037's pg_trgm index. Nothing to do here.
SELECT 1;
