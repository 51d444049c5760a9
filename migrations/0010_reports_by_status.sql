-- The dashboards' default range ends at the newest quarter with submitted or approved figures,
-- asked on every page view: by status and quarter, that is one step down an index per status
-- instead of a pass over every report.
CREATE INDEX reports_by_status ON reports (status, period);
