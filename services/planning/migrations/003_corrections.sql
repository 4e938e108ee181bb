-- ConsultationCorrected replaces a stored consultation; the highest revision wins,
-- so a redelivered or older correction changes nothing.
ALTER TABLE planning.consultations ADD COLUMN revision int NOT NULL DEFAULT 1;
