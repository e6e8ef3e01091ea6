-- Defaults the center starts from and then edits: the tier ladder, the programmes, the
-- Jiangsu training-hour rules and the term quotas for mentoring. Data, not code.

-- A commonly seen Suzhou-area ladder (the exact SIP ladder was not verified).
INSERT INTO tier_levels (rank, name, name_en, criteria) VALUES
    (1, '教坛新秀', 'Rising Star', '{"min_years": 2}'),
    (2, '教学能手', 'Skilled Teacher', '{"min_years": 4, "public_lessons": 2}'),
    (3, '学科带头人', 'Subject Leader',
        '{"min_years": 6, "degree": "bachelor", "graduating_class_years": 2, "public_lessons": 4, "public_lessons_district_or_above": 2, "prize_level": "district", "prize_rank": 2, "papers": 1, "window_years": 5}'),
    (4, '名教师', 'Master Teacher', '{"min_years": 10}'),
    (5, '特级教师', 'Special-Grade Teacher', '{"min_years": 15}');

INSERT INTO programmes (code, kind, name, name_en, description) VALUES
    ('new_teacher', 'new_teacher', '新教师规范化培训', 'New-teacher induction', '新入职教师三年规范化培训'),
    ('mentoring', 'mentoring', '青蓝工程师徒结对', 'Blue-and-green mentoring', '新教师与骨干教师师徒结对'),
    ('famous', 'famous', '名特优教师培养工程', 'Master-teacher cultivation', '名教师、特级教师、优秀教师后备培养'),
    ('dual', 'dual', '党员骨干双培养', 'Party-member and backbone dual cultivation', '把党员培养成骨干，把骨干培养成党员');

-- Jiangsu rule, art. 7: 360 hours per 5-year cycle, 180 at county/district level or above;
-- new teachers 120 hours in the probation year; conversions capped as seen in Jiangsu districts.
INSERT INTO requirement_rules (code, name, name_en, scope, period_years, min_hours, max_hours, min_level, category) VALUES
    ('cycle_total', '五年周期总学时', 'Five-year cycle total', 'cycle', 5, 360, NULL, NULL, NULL),
    ('cycle_district', '区级及以上学时', 'District level or above', 'cycle', 5, 180, NULL, 'district', NULL),
    ('probation', '新教师试用期学时', 'Probation-year hours', 'probation', 1, 120, NULL, NULL, NULL),
    ('lesson_cap', '公开课折算上限', 'Public-lesson conversion cap', 'cap', 5, NULL, 18, 'district', 'lesson'),
    ('competition_cap', '竞赛获奖折算上限', 'Competition-prize conversion cap', 'cap', 1, NULL, 18, 'district', 'competition');

-- Term quotas per programme (one school's typical rule): 8 observed, 8 demonstration, 3 plans, 1 summary.
INSERT INTO term_quotas (programme_id, kind, min_count)
SELECT p.id, q.kind, q.min_count
FROM programmes p
CROSS JOIN (VALUES ('observe_mentee', 8), ('demo_lesson', 8), ('lesson_plan', 3), ('summary', 1)) AS q(kind, min_count)
WHERE p.code IN ('mentoring', 'new_teacher');
