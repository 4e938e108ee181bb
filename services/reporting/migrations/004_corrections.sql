-- ConsultationCorrected replaces a projected consultation; the highest revision wins.
ALTER TABLE reporting.consultations ADD COLUMN revision int NOT NULL DEFAULT 1;
