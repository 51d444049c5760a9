-- An analyst's explanation of a figure that the plausibility rule flags: one per report and
-- series, kept apart from the figure so that a figure can be corrected without losing why it
-- was once explained, and removed with nothing else when the text is emptied.
CREATE TABLE figure_explanations (
    organisation_number TEXT NOT NULL,
    period TEXT NOT NULL,
    series TEXT NOT NULL,
    explanation TEXT NOT NULL,
    PRIMARY KEY (organisation_number, period, series),
    FOREIGN KEY (organisation_number, period) REFERENCES reports (organisation_number, period)
);
