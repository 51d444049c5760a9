-- Uploaded files waiting for their uploader to look at the preview and confirm.
-- content is the file's text; NULL when the file was not UTF-8 text.
CREATE TABLE pending_imports (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL REFERENCES users (email),
    file_name TEXT NOT NULL,
    content TEXT,
    created_at TEXT NOT NULL
);
