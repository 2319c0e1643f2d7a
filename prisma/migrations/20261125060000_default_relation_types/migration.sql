-- Projects created before relation types existed get the default ones (new projects get them
-- from createProject; lib/labels/palette.ts DEFAULT_RELATION_TYPES is the same list).
INSERT INTO "RelationType" ("id", "projectId", "name", "fromKind", "toKind", "description", "position")
SELECT gen_random_uuid(), p.id, d.name, d."fromKind", d."toKind", d.description, d.position
FROM "Project" p
CROSS JOIN (VALUES
  ('member of', 'ENTITY'::"LabelKind", 'ENTITY'::"LabelKind", 'A person belongs to an organisation, an organisation to a larger one.', 0),
  ('located in', 'ENTITY'::"LabelKind", 'ENTITY'::"LabelKind", 'A place or body is situated in another place.', 1),
  ('part of', 'EVENT'::"LabelKind", 'EVENT'::"LabelKind", 'An event belongs to a larger one (a signing during a summit).', 2),
  ('about', 'CLAIM'::"LabelKind", 'EVENT'::"LabelKind", 'A claim makes an assertion about an event.', 3),
  ('refers to', 'CLAIM'::"LabelKind", 'ENTITY'::"LabelKind", 'A claim is about an entity.', 4)
) AS d(name, "fromKind", "toKind", description, position)
ON CONFLICT ("projectId", name) DO NOTHING;
