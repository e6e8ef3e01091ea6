//! Statistics over HTTP: each number equals a hand-computed SQL count on the demo district,
//! coordinators see only their school, an area (片区) narrows figures and choices, and the
//! exports read back with the same rows.
use serde_json::Value;
use tests::{Client, StatusCode, TestApp};

async fn stats(client: &Client, view: &str, filters: &[(&str, &str)]) -> reqwest::Response {
    let mut form: Vec<(String, String)> = vec![("view".into(), view.into())];
    for key in ["cohort", "school", "subject", "stage", "programme", "area"] {
        let v = filters
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.to_string())
            .unwrap_or_default();
        form.push((format!("filter[{key}]"), v));
    }
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    client.call("stats", &form).await
}

/// A view as JSON.
async fn view_json(client: &Client, view: &str, filters: &[(&str, &str)]) -> Value {
    stats(client, view, filters).await.json().await.unwrap()
}

fn table<'a>(view: &'a Value, id: &str) -> &'a Value {
    view["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .unwrap()
}

/// The row of a table whose drill-down sets `key` to `value`.
fn drilled<'a>(t: &'a Value, key: &str, value: &str) -> &'a Value {
    t["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["drill"][0] == key && r["drill"][1] == value)
        .unwrap()
}

#[tokio::test]
async fn head_counts_and_retention_equal_hand_counts() {
    let app = TestApp::spawn().await;
    let center = app.logged_in("center").await;
    let view = view_json(&center, "headcount", &[]).await;
    assert_eq!(
        view["total"].as_i64().unwrap(),
        app.scalar("SELECT count(*) FROM teachers WHERE active")
            .await
    );
    let by_cohort = table(&view, "by_cohort");
    for year in [2024, 2025, 2026] {
        let expected = app
            .scalar(&format!(
                "SELECT count(*) FROM teachers WHERE active AND cohort_year = {year}"
            ))
            .await;
        assert_eq!(
            drilled(by_cohort, "cohort", &year.to_string())["value"]
                .as_i64()
                .unwrap(),
            expected,
            "{year}"
        );
        let hired = app
            .scalar(&format!(
                "SELECT count(*) FROM teachers WHERE cohort_year = {year}"
            ))
            .await;
        let r = drilled(table(&view, "retention"), "cohort", &year.to_string());
        let cells: Vec<i64> = r["cells"].as_array().unwrap()[..4]
            .iter()
            .map(|c| c.as_str().unwrap().parse().unwrap())
            .collect();
        assert_eq!(cells[0], hired);
        assert_eq!(
            cells[1] + cells[2] + cells[3],
            hired,
            "stayed + transferred + left = hired"
        );
    }
    // A filter narrows every number to the hand count.
    let subject: String = sqlx::query_scalar(
        "SELECT subject FROM teachers GROUP BY subject ORDER BY count(*) DESC LIMIT 1",
    )
    .fetch_one(&mut app.db().await)
    .await
    .unwrap();
    let view = view_json(&center, "headcount", &[("subject", &subject)]).await;
    let expected = app
        .scalar(&format!(
            "SELECT count(*) FROM teachers WHERE active AND subject = '{subject}'"
        ))
        .await;
    assert_eq!(view["total"].as_i64().unwrap(), expected);
}

#[tokio::test]
async fn hours_and_mentoring_equal_hand_counts() {
    let app = TestApp::spawn().await;
    let center = app.logged_in("center").await;
    let view = view_json(&center, "hours", &[]).await;
    let bins: i64 = table(&view, "hours_histogram")["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["value"].as_i64().unwrap())
        .sum();
    assert_eq!(
        bins,
        view["total"].as_i64().unwrap(),
        "every teacher is in one bin"
    );
    let year = 2026;
    let r = drilled(
        table(&view, "on_track_by_cohort"),
        "cohort",
        &year.to_string(),
    );
    let teachers: i64 = r["cells"][0].as_str().unwrap().parse().unwrap();
    assert_eq!(
        teachers,
        app.scalar(&format!(
            "SELECT count(*) FROM teachers WHERE active AND cohort_year = {year}"
        ))
        .await
    );

    let view = view_json(&center, "mentoring", &[]).await;
    let r = drilled(table(&view, "mentor_coverage"), "cohort", &year.to_string());
    let paired_now: i64 = r["cells"][3].as_str().unwrap().parse().unwrap();
    let expected = app.scalar(&format!(
        "SELECT count(DISTINCT t.id) FROM teachers t JOIN mentor_pairings p ON p.mentee_id = t.id AND p.ended_on IS NULL
         WHERE t.active AND t.cohort_year = {year}"
    )).await;
    assert_eq!(paired_now, expected);
}

/// Coverage of an entry cohort asks whether each new teacher had a mentor in their first year,
/// so a pairing that has ended since still counts; who is paired today is a column of its own.
#[tokio::test]
async fn mentor_coverage_counts_first_year_pairings_that_have_ended_since() {
    let app = TestApp::spawn().await;
    let center = app.logged_in("center").await;
    let year = 2024;
    // The 2024 cohort's pairs ended this summer (the demo's); end any still open today too:
    // they were mentored, and are no longer.
    app.scalar(&format!(
        "WITH e AS (UPDATE mentor_pairings p SET ended_on = CURRENT_DATE FROM teachers t
                        WHERE t.id = p.mentee_id AND t.cohort_year = {year} AND p.ended_on IS NULL
                        RETURNING 1) SELECT count(*) FROM e"
    ))
    .await;
    let view = view_json(&center, "mentoring", &[]).await;
    let r = drilled(table(&view, "mentor_coverage"), "cohort", &year.to_string());
    let cells: Vec<i64> = r["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().trim_end_matches('%').parse().unwrap())
        .collect();
    let (new_teachers, first_year, share, now) = (cells[0], cells[1], cells[2], cells[3]);
    let expected = app
        .scalar(&format!(
            "SELECT count(*) FROM teachers t WHERE t.active AND t.cohort_year = {year}
               AND EXISTS (SELECT 1 FROM mentor_pairings p WHERE p.mentee_id = t.id
                             AND p.started_on < (t.hire_date + interval '1 year')::date
                             AND COALESCE(p.ended_on, 'infinity') >= t.hire_date)"
        ))
        .await;
    assert!(expected > 0, "the demo paired the 2024 cohort");
    assert_eq!(first_year, expected);
    assert_eq!(now, 0, "nobody of the cohort is paired today");
    assert_eq!(
        share,
        app::domain::percent::percent(first_year, new_teachers)
    );
    assert_eq!(r["value"].as_i64().unwrap(), share);
}

/// Cell `i` of a row as a whole number (a percent sign dropped).
fn cell(row: &Value, i: usize) -> i64 {
    let text = row["cells"][i].as_str().unwrap();
    text.trim_end_matches('%')
        .parse()
        .unwrap_or_else(|_| panic!("cell {i} is {text}"))
}

/// Every cell of a row of counts.
fn numbers(row: &Value) -> Vec<i64> {
    (0..row["cells"].as_array().unwrap().len())
        .map(|i| cell(row, i))
        .collect()
}

fn flow_row<'a>(view: &'a Value, label: &str) -> &'a Value {
    table(view, "tier_flow")["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["label"] == label)
        .unwrap_or_else(|| panic!("no row {label}"))
}

#[tokio::test]
async fn ladder_flow_sessions_and_dual_ratios_equal_hand_counts() {
    let app = TestApp::spawn().await;
    let center = app.logged_in("center").await;
    let view = view_json(&center, "tiers", &[]).await;
    // Every row of the flow holds the whole cohort, and its bar the hand count on the ladder.
    for r in table(&view, "tier_flow")["rows"].as_array().unwrap() {
        let label = r["label"].as_str().unwrap();
        let (cohort, year): (i32, i32) = {
            let d: Vec<i32> = label
                .split(|c: char| !c.is_ascii_digit())
                .filter(|x| !x.is_empty())
                .map(|x| x.parse().unwrap())
                .collect();
            (d[0], d[1])
        };
        let size = app
            .scalar(&format!(
                "SELECT count(*) FROM teachers WHERE active AND cohort_year = {cohort}"
            ))
            .await;
        assert_eq!(numbers(r).iter().sum::<i64>(), size, "{label}");
        let on_ladder = app
            .scalar(&format!(
                "SELECT count(DISTINCT t.id) FROM teachers t JOIN tier_promotions p ON p.teacher_id = t.id
                 WHERE t.active AND t.cohort_year = {cohort} AND p.promoted_on <= make_date({year}, 12, 31)"
            ))
            .await;
        assert_eq!(r["value"].as_i64().unwrap(), on_ladder, "{label}");
    }
    // A promotion in 2025 moves its cohort up from 2025 on, not before.
    let teacher = app
        .scalar("SELECT min(id) FROM teachers t WHERE active AND cohort_year = 2023 AND NOT EXISTS (SELECT 1 FROM tier_promotions p WHERE p.teacher_id = t.id)")
        .await;
    let before = |v: &Value, y: i32| {
        flow_row(v, &format!("2023 级 · {y} 年末"))["value"]
            .as_i64()
            .unwrap()
    };
    let (b2024, b2025) = (before(&view, 2024), before(&view, 2025));
    sqlx::query("INSERT INTO tier_promotions (teacher_id, level_id, promoted_on) SELECT $1, id, DATE '2025-06-30' FROM tier_levels WHERE rank = 1")
        .bind(teacher)
        .execute(&mut app.db().await)
        .await
        .unwrap();
    let after = view_json(&center, "tiers", &[]).await;
    assert_eq!(before(&after, 2024), b2024);
    assert_eq!(before(&after, 2025), b2025 + 1);

    // Sessions this month with active mentees, by hand.
    let view = view_json(&center, "mentoring", &[]).await;
    let rows = table(&view, "sessions_per_pair")["rows"]
        .as_array()
        .unwrap();
    assert_eq!(rows.len(), 6, "six months");
    let last = rows.last().unwrap();
    let month = last["label"].as_str().unwrap();
    let held = app
        .scalar(&format!(
            "SELECT count(*) FROM mentor_sessions s JOIN mentor_pairings p ON p.id = s.pairing_id
             JOIN teachers t ON t.id = p.mentee_id
             WHERE t.active AND to_char(s.held_on, 'YYYY-MM') = '{month}'"
        ))
        .await;
    assert_eq!(cell(last, 0), held);

    // 双培养: the district's new members since the window's start, by hand.
    let view = view_json(&center, "dual", &[]).await;
    let rows = table(&view, "dual_ratios")["rows"].as_array().unwrap();
    let district = rows.last().unwrap();
    assert!(district["drill"].is_null(), "the district row comes last");
    let from_year = app::backend::ctx::today()
        .format("%Y")
        .to_string()
        .parse::<i32>()
        .unwrap()
        - 2;
    let new_members = app
        .scalar(&format!(
            "SELECT count(DISTINCT c.teacher_id) FROM party_stage_changes c JOIN teachers t ON t.id = c.teacher_id
             WHERE t.active AND c.stage = 'probationary' AND c.changed_on >= make_date({from_year}, 1, 1)"
        ))
        .await;
    assert_eq!(cell(district, 0), new_members);
    assert!(new_members > 0, "the demo has new members");
    let schools: i64 = rows[..rows.len() - 1].iter().map(|r| cell(r, 0)).sum();
    assert_eq!(schools, new_members, "the schools add up to the district");
}

#[tokio::test]
async fn coordinators_see_only_their_school() {
    let app = TestApp::spawn().await;
    let coordinator = app.logged_in("coordinator").await;
    let view = view_json(&coordinator, "headcount", &[]).await;
    let own = app.scalar("SELECT count(*) FROM teachers t WHERE active AND school_id = (SELECT school_id FROM user_roles r JOIN users u ON u.id = r.user_id WHERE u.username = 'coordinator' AND r.role = 'school_coordinator')").await;
    assert_eq!(view["total"].as_i64().unwrap(), own);
    assert_eq!(view["schools"].as_array().unwrap().len(), 1);
    let other = app.scalar("SELECT id::int8 FROM schools WHERE id <> (SELECT school_id FROM user_roles r JOIN users u ON u.id = r.user_id WHERE u.username = 'coordinator' AND r.role = 'school_coordinator') LIMIT 1").await;
    let res = stats(&coordinator, "headcount", &[("school", &other.to_string())]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = coordinator
        .get(&format!("/stats/export.xlsx?view=headcount&school={other}"))
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        stats(&app.logged_in("teacher").await, "headcount", &[])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn exports_carry_the_same_rows_as_the_page() {
    let app = TestApp::spawn().await;
    let center = app.logged_in("center").await;
    let view = view_json(&center, "tiers", &[("cohort", "2021")]).await;
    let res = center
        .get("/stats/export.xlsx?view=tiers&cohort=2021")
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.bytes().await.unwrap().to_vec();
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let tables = view["tables"].as_array().unwrap();
    assert_eq!(book.sheet_names().len(), tables.len());
    for (i, t) in tables.iter().enumerate() {
        let sheet = book.worksheet_range_at(i).unwrap().unwrap();
        assert_eq!(
            sheet.height(),
            t["rows"].as_array().unwrap().len() + 1,
            "{}",
            t["id"]
        );
    }
    let csv = center.get("/stats/export.csv?view=tiers&cohort=2021").await;
    assert_eq!(csv.status(), StatusCode::OK);
    let text = csv.text().await.unwrap();
    assert!(text.starts_with('\u{feff}'));
    let rows: usize = tables
        .iter()
        .map(|t| t["rows"].as_array().unwrap().len() + 2)
        .sum();
    assert_eq!(
        text.lines().filter(|l| !l.trim().is_empty()).count(),
        rows,
        "title, header and rows per table"
    );
}

#[tokio::test]
async fn the_hours_rollup_is_current_after_an_approval_and_after_a_refresh_for_other_writes() {
    let app = TestApp::spawn().await;
    let pool = sqlx::PgPool::connect(&app.database_url).await.unwrap();
    let today = app::backend::ctx::today();
    let me = app.teacher_id_of("teacher").await;
    app::backend::standing::refresh(&pool, Some(&[me]), today)
        .await
        .unwrap();
    let stored = || {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(
                "SELECT cycle_tenths FROM teacher_standing WHERE teacher_id = $1",
            )
            .bind(me)
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    let before = stored().await;

    // A write through the app: the center's approval refreshes the teacher at once.
    let teacher = app.logged_in("teacher").await;
    let form = reqwest::multipart::Form::new()
        .text("title", "苏州市骨干教师高级研修班")
        .text("organizer", "苏州市教育科学研究院")
        .text("level", "city")
        .text("category", "subject")
        .text("starts_on", "2026-10-10")
        .text("ends_on", "2026-10-11")
        .text("hours", "12")
        .text("note", "")
        .part(
            "evidence",
            reqwest::multipart::Part::bytes(b"%PDF-1.4\n%%EOF\n".to_vec()).file_name("a.pdf"),
        );
    let res = teacher.post_multipart("/hours/claims", form).await;
    let id = res.json::<Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap()
        .to_string();
    for user in ["coordinator", "center"] {
        let res = app
            .logged_in(user)
            .await
            .call(
                "review_claim",
                &[("id", &id), ("decision", "approve"), ("reason", "")],
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK, "{user}");
    }
    assert_eq!(stored().await, before + 120);

    // A write outside the app shows up with the next full refresh (every 10 minutes).
    sqlx::query("INSERT INTO hour_records (teacher_id, hours, category, level, earned_on, source) VALUES ($1, 3, 'general', 'school', $2, 'import')")
        .bind(me)
        .bind(today)
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(stored().await, before + 120, "not before the refresh");
    app::backend::standing::refresh(&pool, None, today)
        .await
        .unwrap();
    assert_eq!(stored().await, before + 150);
}

/// The demo district is meant to look like a real one: every summer some teachers leave and some
/// move school, and the retention table shows it.
#[tokio::test]
async fn the_demo_districts_retention_shows_teachers_who_left_and_who_moved() {
    let app = TestApp::spawn().await;
    let center = app.logged_in("center").await;
    let view = view_json(&center, "headcount", &[]).await;
    let rows = table(&view, "retention")["rows"]
        .as_array()
        .unwrap()
        .clone();
    let cell = |r: &Value, i: usize| -> i64 {
        r["cells"][i]
            .as_str()
            .unwrap()
            .trim_end_matches('%')
            .parse()
            .unwrap()
    };
    let moved: i64 = rows.iter().map(|r| cell(r, 2)).sum();
    let left: i64 = rows.iter().map(|r| cell(r, 3)).sum();
    assert!(moved > 0, "somebody transferred");
    assert!(left > 0, "somebody left");
    assert_eq!(
        left,
        app.scalar("SELECT count(*) FROM teachers WHERE NOT active AND cohort_year IS NOT NULL")
            .await
    );
    assert!(
        rows.iter().any(|r| cell(r, 4) < 100),
        "some cohort's retention is below 100 %"
    );
    // The named logins stay.
    for user in ["teacher", "mentor", "coordinator"] {
        let active = app
            .scalar(&format!(
                "SELECT count(*) FROM users u JOIN teachers t ON t.id = u.teacher_id
                 WHERE u.username = '{user}' AND t.active AND NOT u.disabled"
            ))
            .await;
        assert_eq!(active, 1, "{user} is active");
    }
}

#[tokio::test]
async fn an_area_narrows_the_figures_and_the_school_choices_to_its_schools() {
    let app = TestApp::spawn().await;
    sqlx::query("UPDATE schools SET area = CASE WHEN id % 2 = 0 THEN '东区' ELSE '西区' END")
        .execute(&mut app.db().await)
        .await
        .unwrap();
    let center = app.logged_in("center").await;
    let all = view_json(&center, "headcount", &[]).await;
    assert_eq!(all["areas"], serde_json::json!(["东区", "西区"]));
    // Across two areas the per-place table is by area, and the areas add up to the district.
    let by_area = table(&all, "by_area");
    let east_row = drilled(by_area, "area", "东区")["value"].as_i64().unwrap();
    let west_row = drilled(by_area, "area", "西区")["value"].as_i64().unwrap();
    assert_eq!(east_row + west_row, all["total"].as_i64().unwrap());

    let east = view_json(&center, "headcount", &[("area", "东区")]).await;
    let hand = app
        .scalar("SELECT count(*) FROM teachers t JOIN schools s ON s.id = t.school_id WHERE t.active AND s.area = '东区'")
        .await;
    assert_eq!(east["total"].as_i64().unwrap(), hand);
    assert_eq!(east_row, hand);
    let listed: Vec<i64> = east["schools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_i64().unwrap())
        .collect();
    let schools = app
        .scalar("SELECT count(*) FROM schools WHERE area = '东区'")
        .await;
    assert_eq!(listed.len() as i64, schools);
    assert!(listed.iter().all(|id| id % 2 == 0), "{listed:?}");
    // Within the area the per-place table is by school again, its schools only.
    let by_school = table(&east, "by_school");
    let per_school: i64 = by_school["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["value"].as_i64().unwrap())
        .sum();
    assert_eq!(per_school, hand);

    let page = center.get("/stats?area=东区").await.text().await.unwrap();
    assert!(
        page.contains("name=\"area\""),
        "the page has no 片区 choice"
    );
    assert!(page.contains("片区"));
}
