-- Who decided: the API token id a review came with (accountability, issue 10).
ALTER TABLE reporting.reviews ADD COLUMN reviewer_token_id uuid;
