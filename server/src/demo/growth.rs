//! The growth-path part of the demo: Party-stage histories, verified and pending achievements,
//! and notes on growth goals, derived from the district already inserted (after the users).
use sqlx::PgConnection;

/// Statements in order; each derives from rows the generator wrote, so the result is as
/// deterministic as the district itself.
const STATEMENTS: &[&str] = &[
    // Recent achievements wait for verification; older ones are verified.
    "UPDATE achievements SET status = 'pending' WHERE achieved_on > DATE '2026-09-20'",
    // (Dated up to this autumn: only for teachers still here.)
    // Party members went applicant → activist → candidate → probationary (→ member a year on).
    // Backbone teachers (名师/骨干) joined more recently, as the 双培养 programme intends.
    "WITH p AS (
         SELECT t.id, t.party_stage, t.hire_date,
                CASE WHEN COALESCE(r.rank, 0) >= 2 AND t.id % 3 <> 0
                     THEN DATE '2026-10-20' - CASE WHEN t.party_stage = 'member' THEN 380 + (t.id % 500)::int ELSE 10 + (t.id % 300)::int END
                     ELSE LEAST(t.hire_date + make_interval(years => 2 + (t.id % 8)::int, days => (t.id % 300)::int),
                                DATE '2026-10-20' - CASE WHEN t.party_stage = 'member' THEN 400 ELSE 10 + (t.id % 200)::int END)::date
                END AS joined
         FROM teachers t
         LEFT JOIN (SELECT tp.teacher_id, max(l.rank) AS rank FROM tier_promotions tp
                    JOIN tier_levels l ON l.id = tp.level_id GROUP BY tp.teacher_id) r ON r.teacher_id = t.id
         WHERE t.party_stage IN ('probationary', 'member') AND t.active)
     INSERT INTO party_stage_changes (teacher_id, stage, changed_on)
     SELECT p.id, s.stage, GREATEST(p.hire_date, p.joined + s.days)
     FROM p CROSS JOIN (VALUES ('applicant', -730), ('activist', -365), ('candidate', -120), ('probationary', 0), ('member', 365)) s(stage, days)
     WHERE s.stage <> 'member' OR p.party_stage = 'member'",
    "INSERT INTO party_stage_changes (teacher_id, stage, changed_on)
     SELECT t.id, s.stage, GREATEST(t.hire_date, DATE '2026-10-20' - s.back - (t.id % 200)::int)
     FROM teachers t
     JOIN (VALUES ('applicant', 1, 600), ('activist', 2, 300), ('candidate', 3, 100)) s(stage, ord, back)
       ON s.ord <= CASE t.party_stage WHEN 'applicant' THEN 1 WHEN 'activist' THEN 2 ELSE 3 END
     WHERE t.party_stage IN ('applicant', 'activist', 'candidate') AND t.active",
    // Goals under way carry the teacher's progress note and, where there is one, the mentor's comment.
    "INSERT INTO goal_notes (goal_id, author_id, kind, body, progress, created_at)
     SELECT g.id, u.id, 'progress', '已完成阶段任务，正在准备下一步。', g.progress, TIMESTAMPTZ '2026-10-15 12:00+08'
     FROM growth_goals g JOIN users u ON u.teacher_id = g.teacher_id WHERE g.progress > 0",
    "INSERT INTO goal_notes (goal_id, author_id, kind, body, created_at)
     SELECT g.id, u.id, 'comment', '方向明确，建议多参加同课异构，及时写反思。', TIMESTAMPTZ '2026-10-20 12:00+08'
     FROM growth_goals g
     JOIN mentor_pairings p ON p.mentee_id = g.teacher_id AND p.ended_on IS NULL
     JOIN users u ON u.teacher_id = p.mentor_id
     WHERE g.progress > 0",
];

pub async fn insert(tx: &mut PgConnection) -> Result<(), sqlx::Error> {
    for sql in STATEMENTS {
        sqlx::query(sql).execute(&mut *tx).await?;
    }
    Ok(())
}
