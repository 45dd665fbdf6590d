-- The register says whether a supplier delivers direct material (in the
-- products) or indirect material; the SAQ trend compares the two.
ALTER TABLE register_entries ADD COLUMN material_type TEXT NOT NULL DEFAULT ''
    CHECK (material_type IN ('', 'direct', 'indirect'));
