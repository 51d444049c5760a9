-- Each figure keeps the version of the measure catalogue it was entered under: a definition
-- may change what is counted, and a figure is read by the definition it was given under.
-- Figures stored before the catalogue had versions were entered under version 1.
ALTER TABLE report_values ADD COLUMN catalogue_version BIGINT NOT NULL DEFAULT 1;
