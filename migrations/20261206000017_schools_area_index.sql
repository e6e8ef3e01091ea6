-- Whether the schools lie in several named areas (a province, whose per-school tables break
-- down by area) is asked by every statistics read, inside its one statement: min and max of
-- the named areas, two probes of this index rather than a pass over every school.
CREATE INDEX schools_area_idx ON schools (area);
