-- How large each organisation is, per calendar year: employees always, inhabitants for
-- municipalities and regions. Figures are divided by these to compare organisations of
-- different size fairly; a quarter takes the size of its calendar year.
CREATE TABLE organisation_sizes (
    organisation_number TEXT NOT NULL REFERENCES organisations (organisation_number),
    year INTEGER NOT NULL,
    employees INTEGER NOT NULL,
    inhabitants INTEGER,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (organisation_number, year)
);
