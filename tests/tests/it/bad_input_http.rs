//! Issue 11's bad-input suite: every write endpoint and every import is sent malformed,
//! missing, oversized, out-of-range, wrongly encoded and hostile input (NUL bytes, dates out of
//! their window, bad ids, spreadsheet bombs). Each case must get a clear, specific answer — the
//! status, the field it is about and the problem, which reads in the user's language (zh-CN) —
//! and no table of the app may change. The cases are data (`cases()`); one test runs them all
//! against one server and reports every failing case at once.
use app::error::AppError;
use app::i18n::Locale;
use std::collections::BTreeMap;
use tests::{Client, TestApp, PDF};

/// Cases about spreadsheet files wait for the new reader (`app/src/sheet.rs`) and its import
/// answers (a 4xx naming the field `file`). Until then their failures are listed, not fatal;
/// set this to `true` when it lands.
const SHEET_READER_LANDED: bool = true;

#[derive(Clone)]
enum Req {
    /// A server function, posted as the browser's code posts it.
    Call {
        endpoint: &'static str,
        form: Vec<(String, String)>,
    },
    /// A multipart form to a file route: text fields and files (part name, file name, bytes).
    Multipart {
        path: String,
        fields: Vec<(String, String)>,
        files: Vec<(String, String, Vec<u8>)>,
    },
}

#[derive(Clone)]
struct Case {
    name: String,
    who: &'static str,
    req: Req,
    status: u16,
    /// The field the answer must name (None: the answer is about the whole request).
    field: Option<&'static str>,
    /// The problem's name as the JSON carries it (`BadCharacter`, `DateWindow`, …).
    problem: Option<&'static str>,
    /// A spreadsheet case (see [`SHEET_READER_LANDED`]).
    sheet: bool,
}

/// Ids and values of the test district that the cases refer to.
struct Ids {
    pairing: i64,
    session: i64,
    old_confirmed_session: i64,
    event: i64,
    goal: i64,
    achievement: i64,
    verified_achievement: i64,
    claim: i64,
    record: i64,
    level: i32,
    programme: i32,
    teacher_staff_no: String,
    teacher_hired: chrono::NaiveDate,
    free_mentor: String,
    free_mentee: String,
    mentee_hired: chrono::NaiveDate,
    term_start: chrono::NaiveDate,
    /// The demo teacher's record and its edit form as stored (`form[name]`, …).
    teacher_id: i64,
    teacher_form: Vec<(String, String)>,
    /// A school (the demo teacher's).
    school_id: i32,
    /// Another active school (where a transfer would go).
    other_school_id: i32,
}

fn s(v: &str) -> String {
    v.to_string()
}

fn pairs(list: &[(&str, String)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

/// `form` with `key` set to `value` (added when missing).
fn with(form: &[(String, String)], key: &str, value: String) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = form.to_vec();
    match out.iter_mut().find(|(k, _)| k == key) {
        Some(pair) => pair.1 = value,
        None => out.push((key.to_string(), value)),
    }
    out
}

fn without(form: &[(String, String)], key: &str) -> Vec<(String, String)> {
    form.iter().filter(|(k, _)| k != key).cloned().collect()
}

/// The field name as the answer gives it: `input[notes]` → `notes`.
fn leaf(key: &str) -> &'static str {
    let l = key
        .trim_end_matches(']')
        .rsplit('[')
        .next()
        .unwrap_or(key)
        .to_string();
    Box::leak(l.into_boxed_str())
}

/// One server function and what its fields are: the generic cases come from this.
struct Endpoint {
    who: &'static str,
    endpoint: &'static str,
    form: Vec<(String, String)>,
    /// Text fields: (key, longest accepted, the problem one character more gives).
    texts: Vec<(&'static str, usize, &'static str)>,
    ids: Vec<&'static str>,
    /// Date fields: every unreadable date is `Invalid`.
    dates: Vec<&'static str>,
    /// Fields without which the call means nothing.
    required: Vec<&'static str>,
}

fn endpoints(ids: &Ids) -> Vec<Endpoint> {
    let today = chrono::Utc::now().date_naive();
    let yesterday = (today - chrono::Duration::days(1)).to_string();
    let session_input = |prefix: &str| {
        pairs(&[
            (&format!("{prefix}[pairing_id]"), ids.pairing.to_string()),
            (&format!("{prefix}[kind]"), s("talk")),
            (&format!("{prefix}[held_on]"), yesterday.clone()),
            (&format!("{prefix}[minutes]"), s("45")),
            (&format!("{prefix}[topic]"), s("")),
            (&format!("{prefix}[notes]"), s("")),
        ])
    };
    let achievement_form = pairs(&[
        ("id", ids.verified_achievement.to_string()),
        ("form[kind]", s("public_lesson")),
        ("form[title]", s("区级公开课")),
        ("form[level]", s("district")),
        ("form[award_rank]", s("")),
        ("form[achieved_on]", yesterday.clone()),
        ("form[detail]", s("")),
        ("reason", s("核对证书")),
    ]);
    let mut update_session = session_input("input");
    update_session.insert(0, (s("id"), ids.session.to_string()));
    vec![
        Endpoint {
            who: "mentor",
            endpoint: "log_session",
            form: session_input("input"),
            texts: vec![
                ("input[topic]", 200, "TooLong"),
                ("input[notes]", 5000, "TooLong"),
            ],
            ids: vec!["input[pairing_id]"],
            dates: vec!["input[held_on]"],
            required: vec!["input[pairing_id]", "input[held_on]"],
        },
        Endpoint {
            who: "mentor",
            endpoint: "update_session",
            form: update_session,
            texts: vec![
                ("input[topic]", 200, "TooLong"),
                ("input[notes]", 5000, "TooLong"),
            ],
            ids: vec!["id", "input[pairing_id]"],
            dates: vec!["input[held_on]"],
            required: vec!["id"],
        },
        Endpoint {
            who: "mentor",
            endpoint: "delete_session",
            form: pairs(&[("id", ids.session.to_string())]),
            texts: vec![],
            ids: vec!["id"],
            dates: vec![],
            required: vec!["id"],
        },
        Endpoint {
            who: "teacher",
            endpoint: "confirm_session",
            form: pairs(&[("id", ids.session.to_string()), ("reflection", s(""))]),
            texts: vec![("reflection", 5000, "TooLong")],
            ids: vec!["id"],
            dates: vec![],
            required: vec!["id"],
        },
        Endpoint {
            who: "teacher",
            endpoint: "dispute_session",
            form: pairs(&[
                ("id", ids.session.to_string()),
                ("reason", s("没有这次听课")),
            ]),
            texts: vec![("reason", 500, "TooLong")],
            ids: vec!["id"],
            dates: vec![],
            required: vec!["id", "reason"],
        },
        Endpoint {
            who: "teacher",
            endpoint: "save_reflection",
            form: pairs(&[("id", ids.session.to_string()), ("reflection", s("收获"))]),
            texts: vec![("reflection", 5000, "TooLong")],
            ids: vec!["id"],
            dates: vec![],
            required: vec!["id", "reflection"],
        },
        Endpoint {
            who: "center",
            endpoint: "create_pairing",
            form: pairs(&[
                ("form[mentor_staff_no]", ids.free_mentor.clone()),
                ("form[mentee_staff_no]", ids.free_mentee.clone()),
                ("form[programme]", s("mentoring")),
                ("form[started_on]", today.to_string()),
                ("form[ended_on]", s("")),
            ]),
            texts: vec![
                ("form[mentor_staff_no]", 20, "Invalid"),
                ("form[mentee_staff_no]", 20, "Invalid"),
                ("form[programme]", 64, "Invalid"),
            ],
            ids: vec![],
            dates: vec!["form[started_on]", "form[ended_on]"],
            required: vec!["form[mentor_staff_no]", "form[started_on]"],
        },
        Endpoint {
            who: "center",
            endpoint: "end_pairing",
            form: pairs(&[
                ("id", ids.pairing.to_string()),
                ("ended_on", today.to_string()),
                ("reason", s("调动")),
            ]),
            texts: vec![("reason", 200, "TooLong")],
            ids: vec!["id"],
            dates: vec!["ended_on"],
            required: vec!["id", "ended_on", "reason"],
        },
        Endpoint {
            who: "center",
            endpoint: "reassign_pairing",
            form: pairs(&[
                ("id", ids.pairing.to_string()),
                ("mentor_staff_no", ids.free_mentor.clone()),
                ("on_date", today.to_string()),
            ]),
            texts: vec![("mentor_staff_no", 20, "Invalid")],
            ids: vec!["id"],
            dates: vec!["on_date"],
            required: vec!["id", "on_date"],
        },
        Endpoint {
            who: "center",
            endpoint: "create_event",
            form: pairs(&[
                ("form[title]", s("新课标背景下的数学教学设计")),
                ("form[organizer]", s("园区教师发展中心")),
                ("form[level]", s("district")),
                ("form[category]", s("subject")),
                ("form[starts_on]", yesterday.clone()),
                ("form[ends_on]", yesterday.clone()),
                ("form[hours]", s("6")),
            ]),
            texts: vec![
                ("form[title]", 200, "TooLong"),
                ("form[organizer]", 100, "TooLong"),
            ],
            ids: vec![],
            dates: vec!["form[starts_on]", "form[ends_on]"],
            required: vec!["form[title]", "form[hours]"],
        },
        Endpoint {
            who: "center",
            endpoint: "stage_award",
            form: pairs(&[("event_id", ids.event.to_string()), ("staff_nos", s("T1"))]),
            texts: vec![],
            ids: vec!["event_id"],
            dates: vec![],
            required: vec!["event_id", "staff_nos"],
        },
        Endpoint {
            who: "center",
            endpoint: "apply_award",
            form: pairs(&[("id", s("1"))]),
            texts: vec![],
            ids: vec!["id"],
            dates: vec![],
            required: vec!["id"],
        },
        Endpoint {
            who: "teacher",
            endpoint: "add_goal",
            form: pairs(&[
                ("title", s("开设区级公开课")),
                ("measures", s("")),
                (
                    "target_on",
                    (today + chrono::Duration::days(200)).to_string(),
                ),
            ]),
            texts: vec![("title", 200, "TooLong"), ("measures", 2000, "TooLong")],
            ids: vec![],
            dates: vec!["target_on"],
            required: vec!["title", "target_on"],
        },
        Endpoint {
            who: "teacher",
            endpoint: "goal_note",
            form: pairs(&[("id", ids.goal.to_string()), ("body", s("进展顺利"))]),
            texts: vec![("body", 2000, "TooLong")],
            ids: vec!["id"],
            dates: vec![],
            required: vec!["id", "body"],
        },
        Endpoint {
            who: "coordinator",
            endpoint: "verify_achievement",
            form: pairs(&[
                ("id", ids.achievement.to_string()),
                ("decision", s("reject")),
                ("reason", s("证书不清")),
            ]),
            texts: vec![("reason", 500, "TooLong")],
            ids: vec!["id"],
            dates: vec![],
            required: vec!["id", "decision"],
        },
        Endpoint {
            who: "teacher",
            endpoint: "delete_achievement",
            form: pairs(&[("id", ids.achievement.to_string())]),
            texts: vec![],
            ids: vec!["id"],
            dates: vec![],
            required: vec!["id"],
        },
        Endpoint {
            who: "center",
            endpoint: "correct_achievement",
            form: achievement_form,
            texts: vec![
                ("form[title]", 200, "TooLong"),
                ("form[detail]", 2000, "TooLong"),
                ("reason", 500, "TooLong"),
            ],
            ids: vec!["id"],
            dates: vec!["form[achieved_on]"],
            required: vec!["id", "reason"],
        },
        Endpoint {
            who: "teacher",
            endpoint: "withdraw_claim",
            form: pairs(&[("id", ids.claim.to_string())]),
            texts: vec![],
            ids: vec!["id"],
            dates: vec![],
            required: vec!["id"],
        },
        Endpoint {
            who: "coordinator",
            endpoint: "review_claim",
            form: pairs(&[
                ("id", ids.claim.to_string()),
                ("decision", s("reject")),
                ("reason", s("证明材料不全")),
            ]),
            texts: vec![("reason", 500, "TooLong")],
            ids: vec!["id"],
            dates: vec![],
            required: vec!["id", "decision"],
        },
        Endpoint {
            who: "center",
            endpoint: "correct_record",
            form: pairs(&[
                ("id", ids.record.to_string()),
                ("hours", s("3")),
                ("level", s("district")),
                ("category", s("subject")),
                ("reason", s("录入错误")),
            ]),
            texts: vec![("reason", 500, "TooLong")],
            ids: vec!["id"],
            dates: vec![],
            required: vec!["id", "reason"],
        },
        Endpoint {
            who: "center",
            endpoint: "save_level",
            form: pairs(&[
                ("input[id]", ids.level.to_string()),
                ("input[rank]", s("1")),
                ("input[name]", s("校级骨干")),
                ("input[name_en]", s("School backbone")),
                ("input[min_years]", s("")),
                ("input[degree]", s("")),
                ("input[cycle_hours]", s("")),
                ("input[mentees]", s("")),
            ]),
            texts: vec![
                ("input[name]", 40, "TooLong"),
                ("input[name_en]", 60, "TooLong"),
            ],
            ids: vec!["input[id]"],
            dates: vec![],
            required: vec!["input[name]"],
        },
        Endpoint {
            who: "center",
            endpoint: "record_promotion",
            form: pairs(&[
                ("staff_no", ids.teacher_staff_no.clone()),
                ("level_id", ids.level.to_string()),
                ("promoted_on", yesterday.clone()),
                ("note", s("")),
            ]),
            texts: vec![("note", 500, "TooLong"), ("staff_no", 20, "Invalid")],
            ids: vec!["level_id"],
            dates: vec!["promoted_on"],
            required: vec!["staff_no", "level_id"],
        },
        Endpoint {
            who: "center",
            endpoint: "record_enrolment",
            form: pairs(&[
                ("staff_no", ids.teacher_staff_no.clone()),
                ("programme", s("famous")),
                ("stage", s("")),
                ("started_on", yesterday.clone()),
            ]),
            texts: vec![("stage", 40, "TooLong"), ("staff_no", 20, "Invalid")],
            ids: vec![],
            dates: vec!["started_on"],
            required: vec!["staff_no", "started_on"],
        },
        Endpoint {
            who: "center",
            endpoint: "set_dual_targets",
            form: pairs(&[
                ("members_from_backbone", s("50")),
                ("backbone_are_members", s("60")),
                ("min_rank", s("3")),
                ("window_years", s("5")),
            ]),
            texts: vec![],
            ids: vec![],
            dates: vec![],
            required: vec!["min_rank"],
        },
        Endpoint {
            who: "center",
            endpoint: "apply_growth_import",
            form: pairs(&[("id", s("1"))]),
            texts: vec![],
            ids: vec!["id"],
            dates: vec![],
            required: vec!["id"],
        },
        Endpoint {
            who: "center",
            endpoint: "apply_import",
            form: pairs(&[("id", s("1"))]),
            texts: vec![],
            ids: vec!["id"],
            dates: vec![],
            required: vec!["id"],
        },
        Endpoint {
            who: "center",
            endpoint: "update_rule",
            form: pairs(&[
                ("code", s("cycle_total")),
                ("min_hours", s("360")),
                ("max_hours", s("")),
                ("unit_hours", s("")),
                ("min_level", s("")),
                ("period_years", s("5")),
                (
                    "valid_from",
                    (today + chrono::Duration::days(30)).to_string(),
                ),
            ]),
            texts: vec![],
            ids: vec![],
            dates: vec!["valid_from"],
            required: vec!["valid_from"],
        },
        Endpoint {
            who: "center",
            endpoint: "set_quota",
            form: pairs(&[
                ("programme_id", ids.programme.to_string()),
                ("kind", s("talk")),
                ("min_count", s("4")),
            ]),
            texts: vec![],
            ids: vec!["programme_id"],
            dates: vec![],
            required: vec!["programme_id"],
        },
        Endpoint {
            who: "center",
            endpoint: "add_term",
            form: pairs(&[
                ("name", s("2099学年第一学期")),
                ("starts_on", s("2028-02-20")),
                ("ends_on", s("2028-07-10")),
            ]),
            texts: vec![("name", 40, "TooLong")],
            ids: vec![],
            dates: vec!["starts_on", "ends_on"],
            required: vec!["name", "starts_on"],
        },
        Endpoint {
            who: "center",
            endpoint: "set_edit_days",
            form: pairs(&[("days", s("7"))]),
            texts: vec![],
            ids: vec![],
            dates: vec![],
            required: vec!["days"],
        },
        Endpoint {
            who: "center",
            endpoint: "update_teacher",
            form: {
                let mut form = vec![(s("id"), ids.teacher_id.to_string())];
                form.extend(ids.teacher_form.iter().cloned());
                form
            },
            texts: vec![
                ("form[name]", 50, "TooLong"),
                ("form[subject]", 30, "TooLong"),
                ("form[phone]", 20, "TooLong"),
                ("form[email]", 100, "TooLong"),
            ],
            ids: vec!["id"],
            dates: vec![
                "form[hire_date]",
                "form[birth_date]",
                "form[probation_start]",
            ],
            required: vec![
                "id",
                "form[name]",
                "form[hire_date]",
                "form[subject]",
                "form[stage]",
            ],
        },
        Endpoint {
            who: "coordinator",
            endpoint: "reset_password",
            form: pairs(&[("teacher_id", ids.teacher_id.to_string())]),
            texts: vec![],
            ids: vec!["teacher_id"],
            dates: vec![],
            required: vec!["teacher_id"],
        },
        Endpoint {
            who: "center",
            endpoint: "apply_intake",
            form: pairs(&[("id", s("1"))]),
            texts: vec![],
            ids: vec!["id"],
            dates: vec![],
            required: vec!["id"],
        },
        Endpoint {
            who: "center",
            endpoint: "save_school",
            form: pairs(&[
                ("form[code]", s("SIP-777")),
                ("form[name]", s("苏州工业园区测试学校")),
                ("form[stage]", s("primary")),
                ("form[area]", s("湖西")),
            ]),
            texts: vec![
                ("form[code]", 20, "TooLong"),
                ("form[name]", 100, "TooLong"),
                ("form[area]", 40, "TooLong"),
            ],
            ids: vec!["form[id]"],
            dates: vec![],
            required: vec!["form[code]", "form[name]", "form[stage]"],
        },
        Endpoint {
            who: "center",
            endpoint: "set_school_active",
            form: pairs(&[("id", ids.school_id.to_string())]),
            texts: vec![],
            ids: vec!["id"],
            dates: vec![],
            required: vec!["id"],
        },
        Endpoint {
            who: "center",
            endpoint: "transfer_teacher",
            form: pairs(&[
                ("teacher_id", ids.teacher_id.to_string()),
                ("to_school", ids.other_school_id.to_string()),
                ("on", today.to_string()),
            ]),
            texts: vec![],
            ids: vec!["teacher_id"],
            dates: vec!["on"],
            required: vec!["teacher_id", "to_school", "on"],
        },
        Endpoint {
            who: "center",
            endpoint: "record_departure",
            form: pairs(&[
                ("teacher_id", ids.teacher_id.to_string()),
                ("on", today.to_string()),
                ("reason", s("retired")),
                ("note", s("")),
            ]),
            texts: vec![("note", 200, "TooLong")],
            ids: vec!["teacher_id"],
            dates: vec!["on"],
            required: vec!["teacher_id", "on", "reason"],
        },
        Endpoint {
            who: "center",
            endpoint: "undo_movement",
            form: pairs(&[("teacher_id", ids.teacher_id.to_string())]),
            texts: vec![],
            ids: vec!["teacher_id"],
            dates: vec![],
            required: vec!["teacher_id"],
        },
        Endpoint {
            who: "center",
            endpoint: "grant_role",
            form: pairs(&[
                ("teacher_id", ids.teacher_id.to_string()),
                ("role", s("mentor")),
                ("school", s("")),
            ]),
            texts: vec![("role", 40, "Invalid")],
            ids: vec!["teacher_id"],
            dates: vec![],
            required: vec!["teacher_id", "role"],
        },
        Endpoint {
            who: "center",
            endpoint: "revoke_role",
            form: pairs(&[
                ("teacher_id", ids.teacher_id.to_string()),
                ("role", s("mentor")),
                ("school", s("")),
            ]),
            texts: vec![("role", 40, "Invalid")],
            ids: vec!["teacher_id"],
            dates: vec![],
            required: vec!["teacher_id", "role"],
        },
        Endpoint {
            who: "center",
            endpoint: "close_year",
            form: pairs(&[("year", s("2024"))]),
            texts: vec![],
            ids: vec!["year"],
            dates: vec![],
            required: vec!["year"],
        },
        Endpoint {
            who: "center",
            endpoint: "apply_school_import",
            form: pairs(&[("id", s("1"))]),
            texts: vec![],
            ids: vec!["id"],
            dates: vec![],
            required: vec!["id"],
        },
        Endpoint {
            who: "teacher",
            endpoint: "change_password",
            form: pairs(&[
                ("current_password", s(tests::DEMO_PASSWORD)),
                ("new_password", s("river-stone-47")),
                ("repeat_password", s("river-stone-47")),
            ]),
            texts: vec![
                ("new_password", 128, "OutOfRange"),
                ("current_password", 128, "WrongPassword"),
            ],
            ids: vec![],
            dates: vec![],
            required: vec!["current_password", "new_password", "repeat_password"],
        },
        Endpoint {
            who: "",
            endpoint: "login",
            form: pairs(&[("username", s("nobody")), ("password", s("x"))]),
            texts: vec![("username", 40, "TooLong")],
            ids: vec![],
            dates: vec![],
            required: vec!["username", "password"],
        },
    ]
}

fn call_case(
    name: String,
    who: &'static str,
    endpoint: &'static str,
    form: Vec<(String, String)>,
    status: u16,
    field: Option<&'static str>,
    problem: Option<&'static str>,
) -> Case {
    Case {
        name,
        who,
        req: Req::Call { endpoint, form },
        status,
        field,
        problem,
        sheet: false,
    }
}

fn cases(ids: &Ids) -> Vec<Case> {
    let mut out = Vec::new();
    // The generic cases of every server function.
    for e in endpoints(ids) {
        let name = |what: &str| format!("{} {what}", e.endpoint);
        let add = |out: &mut Vec<Case>, what: String, form, field: &'static str, problem| {
            out.push(call_case(
                name(&what),
                e.who,
                e.endpoint,
                form,
                422,
                Some(field),
                Some(problem),
            ))
        };
        for (key, max, too_long) in &e.texts {
            let f = leaf(key);
            add(
                &mut out,
                format!("{key} with a NUL byte"),
                with(&e.form, key, s("a\0b")),
                f,
                "BadCharacter",
            );
            add(
                &mut out,
                format!("{key} with an escape character"),
                with(&e.form, key, s("x\u{1b}[2J")),
                f,
                "BadCharacter",
            );
            add(
                &mut out,
                format!("{key} one character too long"),
                with(&e.form, key, "字".repeat(max + 1)),
                f,
                too_long,
            );
            add(
                &mut out,
                format!("{key} of 1 MB"),
                with(&e.form, key, "a".repeat(1024 * 1024)),
                f,
                too_long,
            );
            add(
                &mut out,
                format!("{key} of 3 MB of Chinese"),
                with(&e.form, key, "字".repeat(1024 * 1024)),
                f,
                "TooLong",
            );
        }
        for key in &e.ids {
            let f = leaf(key);
            for bad in [
                "abc",
                "1.5",
                "99999999999999999999",
                "0x10",
                "1;DROP TABLE teachers",
            ] {
                add(
                    &mut out,
                    format!("{key} = {bad:?}"),
                    with(&e.form, key, s(bad)),
                    f,
                    "Invalid",
                );
            }
        }
        for key in &e.dates {
            let f = leaf(key);
            for bad in [
                "0000-01-01",
                "9999-12-31",
                "2026-02-30",
                "+10000-01-01",
                "明天",
            ] {
                add(
                    &mut out,
                    format!("{key} = {bad:?}"),
                    with(&e.form, key, s(bad)),
                    f,
                    "Invalid",
                );
            }
        }
        for key in &e.required {
            add(
                &mut out,
                format!("without {key}"),
                without(&e.form, key),
                leaf(key),
                "Required",
            );
        }
        // Bytes that are not UTF-8, in the first field.
        if let Some((key, _)) = e.form.first() {
            let mut raw = e.form.clone();
            raw[0].1 = s("\u{FFFD}");
            out.push(Case {
                name: name(&format!("{key} not UTF-8")),
                who: e.who,
                req: Req::Call {
                    endpoint: e.endpoint,
                    // Marked for the runner: the value is sent as the raw bytes %FF%FE.
                    form: with(&raw, key, s("\u{0}RAW-FFFE")),
                },
                status: 422,
                field: Some(leaf(key)),
                problem: Some("Invalid"),
                sheet: false,
            });
        }
    }
    out.extend(specific_cases(ids));
    out.extend(file_cases(ids));
    out
}

/// One specific case: endpoint, key, value, status, field, problem.
type Specific = (
    &'static str,
    &'static str,
    String,
    u16,
    Option<&'static str>,
    Option<&'static str>,
);

/// Dates out of their domain window, and the other rules with a case of their own.
fn specific_cases(ids: &Ids) -> Vec<Case> {
    let today = chrono::Utc::now().date_naive();
    let eps = endpoints(ids);
    let base = |endpoint: &str| eps.iter().find(|e| e.endpoint == endpoint).unwrap();
    let day = |d: chrono::NaiveDate| d.to_string();
    let before_hire = day(ids.teacher_hired - chrono::Duration::days(1));
    let mentee_before_hire = day(ids.mentee_hired - chrono::Duration::days(1));
    let list: Vec<Specific> = vec![
        (
            "log_session",
            "input[held_on]",
            s("2099-01-01"),
            422,
            Some("held_on"),
            Some("FutureDate"),
        ),
        (
            "log_session",
            "input[held_on]",
            s("1991-10-12"),
            422,
            Some("held_on"),
            Some("OutsidePairing"),
        ),
        (
            "log_session",
            "input[minutes]",
            s("601"),
            422,
            Some("minutes"),
            Some("OutOfRange"),
        ),
        (
            "log_session",
            "input[minutes]",
            s("-1"),
            422,
            Some("minutes"),
            Some("OutOfRange"),
        ),
        (
            "log_session",
            "input[kind]",
            s("party"),
            422,
            Some("kind"),
            Some("Required"),
        ),
        (
            "create_pairing",
            "form[started_on]",
            s("1991-09-01"),
            422,
            Some("started_on"),
            Some("DateWindow"),
        ),
        (
            "create_pairing",
            "form[started_on]",
            s("2099-09-01"),
            422,
            Some("started_on"),
            Some("DateWindow"),
        ),
        (
            "create_pairing",
            "form[started_on]",
            mentee_before_hire,
            422,
            Some("started_on"),
            Some("BeforeHire"),
        ),
        (
            "create_pairing",
            "form[ended_on]",
            s("2199-01-01"),
            422,
            Some("ended_on"),
            Some("DateWindow"),
        ),
        (
            "create_pairing",
            "form[ended_on]",
            s("2001-01-01"),
            422,
            Some("ended_on"),
            Some("DateOrder"),
        ),
        (
            "create_pairing",
            "form[programme]",
            s("no-such-programme"),
            422,
            Some("programme"),
            Some("Invalid"),
        ),
        (
            "end_pairing",
            "ended_on",
            s("2199-01-01"),
            422,
            Some("ended_on"),
            Some("DateWindow"),
        ),
        (
            "end_pairing",
            "ended_on",
            s("1990-01-01"),
            422,
            Some("ended_on"),
            Some("DateOrder"),
        ),
        (
            "reassign_pairing",
            "on_date",
            s("2199-01-01"),
            422,
            Some("on_date"),
            Some("DateWindow"),
        ),
        (
            "reassign_pairing",
            "on_date",
            s("1990-01-01"),
            422,
            Some("on_date"),
            Some("DateOrder"),
        ),
        (
            "create_event",
            "form[starts_on]",
            s("2010-01-01"),
            422,
            Some("starts_on"),
            Some("DateWindow"),
        ),
        (
            "create_event",
            "form[ends_on]",
            s("2099-01-01"),
            422,
            Some("ends_on"),
            Some("FutureDate"),
        ),
        (
            "create_event",
            "form[hours]",
            s("25"),
            422,
            Some("hours"),
            Some("OutOfRange"),
        ),
        (
            "create_event",
            "form[hours]",
            s("-3"),
            422,
            Some("hours"),
            Some("OutOfRange"),
        ),
        (
            "create_event",
            "form[level]",
            s("galactic"),
            422,
            Some("level"),
            Some("Invalid"),
        ),
        (
            "stage_award",
            "staff_nos",
            "T1\n".repeat(400_000),
            422,
            Some("staff_nos"),
            Some("TooLong"),
        ),
        (
            "stage_award",
            "staff_nos",
            s("   "),
            422,
            Some("staff_nos"),
            Some("Required"),
        ),
        (
            "add_goal",
            "target_on",
            s("2099-01-01"),
            422,
            Some("target_on"),
            Some("DateWindow"),
        ),
        (
            "add_goal",
            "target_on",
            s("2020-01-01"),
            422,
            Some("target_on"),
            Some("DateOrder"),
        ),
        (
            "goal_note",
            "progress",
            s("101"),
            422,
            Some("progress"),
            Some("OutOfRange"),
        ),
        (
            "goal_note",
            "status",
            s("done!"),
            422,
            Some("status"),
            Some("Invalid"),
        ),
        (
            "verify_achievement",
            "decision",
            s("maybe"),
            422,
            Some("decision"),
            Some("Invalid"),
        ),
        (
            "correct_achievement",
            "form[achieved_on]",
            s("2099-01-01"),
            422,
            Some("achieved_on"),
            Some("FutureDate"),
        ),
        (
            "correct_achievement",
            "form[achieved_on]",
            before_hire.clone(),
            422,
            Some("achieved_on"),
            Some("BeforeHire"),
        ),
        (
            "correct_achievement",
            "form[award_rank]",
            s("9"),
            422,
            Some("award_rank"),
            Some("OutOfRange"),
        ),
        (
            "review_claim",
            "decision",
            s("approve!"),
            422,
            Some("decision"),
            Some("Invalid"),
        ),
        (
            "correct_record",
            "hours",
            s("9999"),
            422,
            Some("hours"),
            Some("OutOfRange"),
        ),
        (
            "correct_record",
            "category",
            s("fun"),
            422,
            Some("category"),
            Some("Invalid"),
        ),
        (
            "save_level",
            "input[rank]",
            s("51"),
            422,
            Some("rank"),
            Some("OutOfRange"),
        ),
        (
            "record_promotion",
            "promoted_on",
            s("2099-01-01"),
            422,
            Some("promoted_on"),
            Some("FutureDate"),
        ),
        (
            "record_promotion",
            "promoted_on",
            before_hire.clone(),
            422,
            Some("promoted_on"),
            Some("BeforeHire"),
        ),
        (
            "record_promotion",
            "staff_no",
            s("NOSUCH999"),
            422,
            Some("staff_no"),
            Some("UnknownStaffNo"),
        ),
        (
            "record_promotion",
            "level_id",
            s("2147483647"),
            422,
            Some("level_id"),
            Some("Invalid"),
        ),
        (
            "record_enrolment",
            "started_on",
            s("2099-01-01"),
            422,
            Some("started_on"),
            Some("FutureDate"),
        ),
        (
            "record_enrolment",
            "started_on",
            before_hire,
            422,
            Some("started_on"),
            Some("BeforeHire"),
        ),
        (
            "record_enrolment",
            "programme",
            s("nope"),
            422,
            Some("programme"),
            Some("Invalid"),
        ),
        (
            "set_dual_targets",
            "members_from_backbone",
            s("101"),
            422,
            Some("members_from_backbone"),
            Some("OutOfRange"),
        ),
        (
            "set_dual_targets",
            "window_years",
            s("0"),
            422,
            Some("window_years"),
            Some("OutOfRange"),
        ),
        (
            "update_rule",
            "valid_from",
            s("2199-01-01"),
            422,
            Some("valid_from"),
            Some("DateWindow"),
        ),
        (
            "update_rule",
            "valid_from",
            s("2020-01-01"),
            422,
            Some("valid_from"),
            Some("DateOrder"),
        ),
        (
            "update_rule",
            "period_years",
            s("11"),
            422,
            Some("period_years"),
            Some("OutOfRange"),
        ),
        (
            "set_quota",
            "kind",
            s("party"),
            422,
            Some("kind"),
            Some("Invalid"),
        ),
        (
            "set_quota",
            "min_count",
            s("1000"),
            422,
            Some("min_count"),
            Some("OutOfRange"),
        ),
        (
            "add_term",
            "starts_on",
            s("2099-02-20"),
            422,
            Some("starts_on"),
            Some("DateWindow"),
        ),
        (
            "add_term",
            "starts_on",
            s("2010-02-20"),
            422,
            Some("starts_on"),
            Some("DateWindow"),
        ),
        (
            "set_edit_days",
            "days",
            s("61"),
            422,
            Some("days"),
            Some("OutOfRange"),
        ),
        (
            "set_edit_days",
            "days",
            s("seven"),
            422,
            Some("days"),
            Some("OutOfRange"),
        ),
        (
            "login",
            "username",
            s("a b"),
            422,
            Some("username"),
            Some("Invalid"),
        ),
        (
            "update_teacher",
            "form[stage]",
            s("college"),
            422,
            Some("stage"),
            Some("Invalid"),
        ),
        (
            "update_teacher",
            "form[gender]",
            s("x"),
            422,
            Some("gender"),
            Some("Invalid"),
        ),
        (
            "update_teacher",
            "form[email]",
            s("not-an-address"),
            422,
            Some("email"),
            Some("Invalid"),
        ),
        (
            "update_teacher",
            "form[phone]",
            s("call me"),
            422,
            Some("phone"),
            Some("Invalid"),
        ),
        (
            "update_teacher",
            "form[hire_date]",
            s("2099-09-01"),
            422,
            Some("hire_date"),
            Some("DateWindow"),
        ),
        (
            "update_teacher",
            "form[birth_date]",
            s("2015-01-01"),
            422,
            Some("birth_date"),
            Some("DateWindow"),
        ),
        (
            "update_teacher",
            "form[probation_start]",
            s("1990-01-01"),
            422,
            Some("probation_start"),
            Some("DateWindow"),
        ),
        ("update_teacher", "id", s("2000000000"), 403, None, None),
        (
            "save_school",
            "form[code]",
            s("SIP 7/7"),
            422,
            Some("code"),
            Some("Invalid"),
        ),
        (
            "save_school",
            "form[code]",
            s("SIP-001"),
            422,
            Some("code"),
            Some("AlreadyExists"),
        ),
        (
            "save_school",
            "form[stage]",
            s("university"),
            422,
            Some("stage"),
            Some("Invalid"),
        ),
        (
            "save_school",
            "form[name]",
            s("校"),
            422,
            Some("name"),
            Some("OutOfRange"),
        ),
        (
            "save_school",
            "form[id]",
            s("3000000000"),
            422,
            Some("id"),
            Some("Invalid"),
        ),
        (
            "set_school_active",
            "id",
            s("3000000000"),
            422,
            Some("id"),
            Some("Invalid"),
        ),
        ("set_school_active", "id", s("2000000000"), 404, None, None),
        (
            "transfer_teacher",
            "to_school",
            s("abc"),
            422,
            Some("to_school"),
            Some("UnknownSchool"),
        ),
        (
            "transfer_teacher",
            "to_school",
            ids.school_id.to_string(),
            422,
            Some("to_school"),
            Some("SameSchool"),
        ),
        (
            "transfer_teacher",
            "on",
            s("2199-01-01"),
            422,
            Some("on"),
            Some("DateWindow"),
        ),
        (
            "record_departure",
            "on",
            s("2199-01-01"),
            422,
            Some("on"),
            Some("DateWindow"),
        ),
        (
            "record_departure",
            "reason",
            s("fired"),
            422,
            Some("reason"),
            Some("Invalid"),
        ),
        (
            "grant_role",
            "role",
            s("teacher"),
            422,
            Some("role"),
            Some("Invalid"),
        ),
        (
            "close_year",
            "year",
            s("3000000000"),
            422,
            Some("year"),
            Some("Invalid"),
        ),
        (
            "change_password",
            "new_password",
            s("Short-pw1"),
            422,
            Some("new_password"),
            Some("OutOfRange"),
        ),
        (
            "change_password",
            "new_password",
            s("1qaz2wsx3edc"),
            422,
            Some("new_password"),
            Some("CommonPassword"),
        ),
        (
            "change_password",
            "new_password",
            s("my-teacher-pw"),
            422,
            Some("new_password"),
            Some("SameAsLogin"),
        ),
        (
            "change_password",
            "repeat_password",
            s("river-stone-48"),
            422,
            Some("repeat_password"),
            Some("Mismatch"),
        ),
        (
            "change_password",
            "current_password",
            s("not-the-password"),
            422,
            Some("current_password"),
            Some("WrongPassword"),
        ),
    ];
    let mut out: Vec<Case> = list
        .into_iter()
        .map(|(endpoint, key, value, status, field, problem)| {
            let e = base(endpoint);
            call_case(
                format!("{endpoint} {key} = {:?}", short(&value)),
                e.who,
                e.endpoint,
                with(&e.form, key, value),
                status,
                field,
                problem,
            )
        })
        .collect();
    let term = base("add_term");
    let overlapping = with(
        &with(
            &term.form,
            "starts_on",
            day(ids.term_start + chrono::Duration::days(1)),
        ),
        "ends_on",
        day(ids.term_start + chrono::Duration::days(30)),
    );
    out.push(call_case(
        s("add_term overlapping an existing term"),
        "center",
        "add_term",
        overlapping,
        422,
        Some("starts_on"),
        Some("Overlaps"),
    ));
    let long_term = with(
        &with(&term.form, "starts_on", day(today)),
        "ends_on",
        day(today + chrono::Duration::days(400)),
    );
    out.push(call_case(
        s("add_term longer than a year"),
        "center",
        "add_term",
        long_term,
        422,
        Some("ends_on"),
        Some("DateWindow"),
    ));
    let grant = base("grant_role");
    out.push(call_case(
        s("grant_role of a coordinator for a school that is not a number"),
        "center",
        "grant_role",
        with(
            &with(&grant.form, "role", s("school_coordinator")),
            "school",
            s("abc"),
        ),
        422,
        Some("school"),
        Some("UnknownSchool"),
    ));
    out.push(call_case(
        s("dispute_session of a session confirmed a month ago"),
        "teacher",
        "dispute_session",
        pairs(&[
            ("id", ids.old_confirmed_session.to_string()),
            ("reason", s("后来想想不对")),
        ]),
        409,
        None,
        None,
    ));
    out
}

fn short(v: &str) -> String {
    if v.chars().count() > 24 {
        format!(
            "{}… ({} chars)",
            v.chars().take(12).collect::<String>(),
            v.chars().count()
        )
    } else {
        v.to_string()
    }
}

/// A minimal .xlsx whose one sheet is `sheet_xml`.
fn xlsx(sheet_xml: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    let parts: [(&str, &[u8]); 4] = [
        ("[Content_Types].xml", br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#),
        ("_rels/.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
        ("xl/workbook.xml", br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
        ("xl/_rels/workbook.xml.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#),
    ];
    for (name, body) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(body).unwrap();
    }
    zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    zip.write_all(sheet_xml).unwrap();
    zip.finish().unwrap().into_inner()
}

/// A sheet that inflates to `mb` MiB: one cell of that many spaces.
fn bomb(mb: usize) -> Vec<u8> {
    let mut xml = br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>"#.to_vec();
    xml.extend(std::iter::repeat_n(b' ', mb * 1024 * 1024));
    xml.extend_from_slice(b"</t></is></c></row></sheetData></worksheet>");
    xlsx(&xml)
}

/// A sheet that declares every cell of the grid and holds one far away.
fn huge_dimension() -> Vec<u8> {
    xlsx(br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>"#)
}

fn file_cases(ids: &Ids) -> Vec<Case> {
    let mut out = Vec::new();
    let today = chrono::Utc::now().date_naive();
    let yesterday = (today - chrono::Duration::days(1)).to_string();
    // Hostile and malformed files, to every import.
    // GBK and UTF-16 CSVs are not bad input since the new reader: they are read, and their
    // rows checked in a preview (tests of the reader cover them).
    let files: Vec<(&str, &str, Vec<u8>)> = vec![
        ("an empty file", "list.csv", Vec::new()),
        (
            "an .xlsx that is not a zip",
            "list.xlsx",
            b"not a spreadsheet at all".to_vec(),
        ),
        (
            "an executable named .xlsx",
            "list.xlsx",
            b"MZ\x90\x00\x03\x00\x00\x00".to_vec(),
        ),
        ("an xlsx bomb (200 MiB inflated)", "bomb.xlsx", bomb(200)),
        (
            "an xlsx declaring 17 billion cells",
            "huge.xlsx",
            huge_dimension(),
        ),
        ("a CSV of NUL bytes", "nul.csv", vec![0u8; 4096]),
        ("an unknown file type", "list.pdf", PDF.to_vec()),
    ];
    // What is imported, where, and the form's other fields.
    type Import<'a> = (&'a str, String, Vec<(String, String)>);
    let imports: Vec<Import> = vec![
        (
            "intake",
            s("/roster/import"),
            vec![(s("cohort"), s("2026"))],
        ),
        ("pairing import", s("/pairings/import"), vec![]),
        (
            "promotion import",
            s("/ladder/import?kind=promotions"),
            vec![],
        ),
        (
            "enrolment import",
            s("/ladder/import?kind=enrolments"),
            vec![],
        ),
        (
            "sign-in sheet",
            format!("/events/{}/award", ids.event),
            vec![],
        ),
        ("school list import", s("/schools/import"), vec![]),
    ];
    for (what, path, fields) in &imports {
        for (name, file_name, bytes) in &files {
            out.push(Case {
                name: format!("{what}: {name}"),
                who: "center",
                req: Req::Multipart {
                    path: path.clone(),
                    fields: fields.clone(),
                    files: vec![(s("file"), file_name.to_string(), bytes.clone())],
                },
                status: 422,
                field: Some("file"),
                problem: None,
                sheet: true,
            });
        }
    }
    for (name, cohort) in [("no cohort", ""), ("a cohort that does not exist", "1999")] {
        out.push(Case {
            name: format!("intake: {name}"),
            who: "center",
            req: Req::Multipart {
                path: s("/roster/import"),
                fields: vec![(s("cohort"), s(cohort))],
                files: vec![(
                    s("file"),
                    s("intake.csv"),
                    "工号,姓名,入职日期,学校,学科,学段\nN2026001,新教师,2026-08-25,SIP-001,语文,小学\n"
                        .as_bytes()
                        .to_vec(),
                )],
            },
            status: 422,
            field: Some("cohort"),
            problem: None,
            sheet: false,
        });
    }
    // The claim form (multipart, with evidence).
    let claim = pairs(&[
        ("title", s("苏州市骨干教师高级研修班")),
        ("organizer", s("苏州市教育科学研究院")),
        ("level", s("city")),
        ("category", s("subject")),
        ("starts_on", yesterday.clone()),
        ("ends_on", yesterday.clone()),
        ("hours", s("6")),
        ("note", s("")),
    ]);
    let pdf = || vec![(s("evidence"), s("证书.pdf"), PDF.to_vec())];
    let claim_case = |name: &str, key: &str, value: String, field: &'static str| Case {
        name: format!("claim: {name}"),
        who: "teacher",
        req: Req::Multipart {
            path: s("/hours/claims"),
            fields: with(&claim, key, value),
            files: pdf(),
        },
        status: 422,
        field: Some(field),
        problem: None,
        sheet: false,
    };
    for (name, key, value) in [
        ("title with a NUL byte", "title", s("研修\0班")),
        ("organizer with a NUL byte", "organizer", s("\0")),
        ("note with a NUL byte", "note", s("备注\0")),
        ("title of 1 MB", "title", "a".repeat(1024 * 1024)),
        ("note too long", "note", "字".repeat(2001)),
        ("starts_on in year 0", "starts_on", s("0000-01-01")),
        ("starts_on in 9999", "starts_on", s("9999-01-01")),
        ("starts_on eleven years back", "starts_on", s("2010-01-01")),
        ("ends_on in the future", "ends_on", s("2099-01-01")),
        ("hours of 1000", "hours", s("1000")),
        ("level unknown", "level", s("galactic")),
    ] {
        out.push(claim_case(name, key, value, leaf(key)));
    }
    out.push(Case {
        name: s("claim: evidence that is an executable"),
        who: "teacher",
        req: Req::Multipart {
            path: s("/hours/claims"),
            fields: claim.clone(),
            files: vec![(
                s("evidence"),
                s("证书.pdf"),
                b"MZ\x90\x00 not a pdf".to_vec(),
            )],
        },
        status: 422,
        field: Some("evidence"),
        problem: None,
        sheet: false,
    });
    out.push(Case {
        name: s("claim: no evidence"),
        who: "teacher",
        req: Req::Multipart {
            path: s("/hours/claims"),
            fields: claim.clone(),
            files: vec![],
        },
        status: 422,
        field: Some("evidence"),
        problem: None,
        sheet: false,
    });
    // The achievement form.
    let achievement = pairs(&[
        ("kind", s("public_lesson")),
        ("title", s("《圆的认识》区级公开课")),
        ("level", s("district")),
        ("award_rank", s("")),
        ("achieved_on", yesterday.clone()),
        ("detail", s("")),
    ]);
    let before_hire = (ids.teacher_hired - chrono::Duration::days(1)).to_string();
    for (name, key, value) in [
        ("title with a NUL byte", "title", s("公开课\0")),
        ("detail with a NUL byte", "detail", s("\0\0")),
        ("detail too long", "detail", "字".repeat(2001)),
        ("title of 1 MB", "title", "a".repeat(1024 * 1024)),
        ("achieved_on in year 0", "achieved_on", s("0000-01-01")),
        ("achieved_on in 9999", "achieved_on", s("9999-12-31")),
        ("achieved_on in the future", "achieved_on", s("2099-01-01")),
        (
            "achieved_on before the hire date",
            "achieved_on",
            before_hire,
        ),
        ("kind unknown", "kind", s("nobel")),
        ("award_rank 9", "award_rank", s("9")),
    ] {
        out.push(Case {
            name: format!("achievement: {name}"),
            who: "teacher",
            req: Req::Multipart {
                path: s("/growth/achievements"),
                fields: with(&achievement, key, value),
                files: vec![],
            },
            status: 422,
            field: Some(leaf(key)),
            problem: None,
            sheet: false,
        });
    }
    out
}

/// A fingerprint of every table of the app (not the session store, not the hours rollup,
/// which is a cache recomputed in the background): table → md5 of its rows.
async fn fingerprint(app: &TestApp) -> BTreeMap<String, String> {
    let mut db = app.db().await;
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
           AND table_name NOT IN ('_sqlx_migrations', 'teacher_standing', 'user_sessions') ORDER BY 1",
    )
    .fetch_all(&mut db)
    .await
    .unwrap();
    let sql = tables
        .iter()
        .map(|t| {
            format!(
                "SELECT '{t}'::text, md5(coalesce(string_agg(md5(x::text), '' ORDER BY md5(x::text)), '')) FROM {t} x"
            )
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    sqlx::query_as::<_, (String, String)>(&sql)
        .fetch_all(&mut db)
        .await
        .unwrap()
        .into_iter()
        .collect()
}

/// Sends a case; `\0RAW-FFFE` in a form value stands for the raw bytes %FF%FE (not UTF-8).
async fn send(client: &Client, req: &Req) -> reqwest::Response {
    match req {
        Req::Call { endpoint, form } => {
            let encoded: Vec<String> = form
                .iter()
                .map(|(k, v)| {
                    let v = if v == "\u{0}RAW-FFFE" {
                        s("%FF%FE")
                    } else {
                        url_encode(v)
                    };
                    format!("{}={v}", url_encode(k))
                })
                .collect();
            client
                .http
                .post(format!("{}/api/{endpoint}", client.address))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(encoded.join("&"))
                .send()
                .await
                .expect("request")
        }
        Req::Multipart {
            path,
            fields,
            files,
        } => {
            let mut form = reqwest::multipart::Form::new();
            for (k, v) in fields {
                form = form.text(k.clone(), v.clone());
            }
            for (part, name, bytes) in files {
                form = form.part(
                    part.clone(),
                    reqwest::multipart::Part::bytes(bytes.clone()).file_name(name.clone()),
                );
            }
            client
                .http
                .post(format!("{}{path}", client.address))
                .multipart(form)
                .send()
                .await
                .expect("request")
        }
    }
}

fn url_encode(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// What is wrong with the answer to `case`, if anything.
async fn judge(case: &Case, res: reqwest::Response) -> Option<String> {
    let status = res.status().as_u16();
    let body = res.text().await.unwrap_or_default();
    let shown = short_body(&body);
    if status != case.status {
        return Some(format!(
            "status {status}, expected {}: {shown}",
            case.status
        ));
    }
    let zh = Locale::ZhCn.texts();
    match &case.req {
        Req::Call { .. } => {
            let Ok(err) = serde_json::from_str::<AppError>(&body) else {
                return Some(format!("not an AppError: {shown}"));
            };
            if let Some(field) = case.field {
                let AppError::Invalid(errors) = &err else {
                    return Some(format!("not a field error: {shown}"));
                };
                let Some(e) = errors.iter().find(|e| e.field == field) else {
                    return Some(format!("field {field} not named: {shown}"));
                };
                if let Some(problem) = case.problem {
                    let got = serde_json::to_string(&e.problem).unwrap();
                    if !got.contains(problem) {
                        return Some(format!("{field}: {got}, expected {problem}"));
                    }
                }
                // The page can say it in the user's language.
                let message = err.field_message(field, zh).unwrap_or_default();
                if message.is_ascii() {
                    return Some(format!("no zh-CN message for {field}: {message:?}"));
                }
            }
            None
        }
        Req::Multipart { .. } => {
            // Plain text in the user's language: the message, then `field: what is wrong`.
            if let Some(field) = case.field {
                let line = body.lines().find(|l| l.starts_with(&format!("{field}: ")));
                match line {
                    Some(l) if !l.is_ascii() => None,
                    _ => Some(format!("field {field} not named in zh-CN: {shown}")),
                }
            } else {
                None
            }
        }
    }
}

fn short_body(body: &str) -> String {
    if body.len() > 300 {
        format!("{}…", body.chars().take(300).collect::<String>())
    } else {
        body.to_string()
    }
}

async fn setup(app: &TestApp) -> Ids {
    let one = |sql: &'static str| async move { app.scalar(sql).await };
    let pairing = one(
        "SELECT p.id FROM mentor_pairings p JOIN users m ON m.teacher_id = p.mentor_id
         JOIN users e ON e.teacher_id = p.mentee_id
         WHERE m.username = 'mentor' AND e.username = 'teacher' AND p.ended_on IS NULL",
    )
    .await;
    let teacher_id = app.teacher_id_of("teacher").await;
    let mut db = app.db().await;
    let (teacher_staff_no, teacher_hired): (String, chrono::NaiveDate) =
        sqlx::query_as("SELECT staff_no, hire_date FROM teachers WHERE id = $1")
            .bind(teacher_id)
            .fetch_one(&mut db)
            .await
            .unwrap();
    let mentor = app.logged_in("mentor").await;
    let teacher = app.logged_in("teacher").await;
    let center = app.logged_in("center").await;
    let yesterday = (chrono::Utc::now().date_naive() - chrono::Duration::days(1)).to_string();
    // A fresh session (editable, unconfirmed) and one confirmed a month ago.
    let log = |on: String| {
        let mentor = &mentor;
        async move {
            let res = mentor
                .call(
                    "log_session",
                    &[
                        ("input[pairing_id]", &pairing.to_string()),
                        ("input[kind]", "talk"),
                        ("input[held_on]", &on),
                        ("input[minutes]", "45"),
                        ("input[topic]", ""),
                        ("input[notes]", ""),
                    ],
                )
                .await;
            assert_eq!(res.status().as_u16(), 200, "{}", res.text().await.unwrap());
            let v: serde_json::Value = res.json().await.unwrap();
            v["id"].as_i64().unwrap()
        }
    };
    let session = log(yesterday.clone()).await;
    let old_confirmed_session = log(yesterday.clone()).await;
    sqlx::query(
        "UPDATE mentor_sessions SET confirmed_at = now() - interval '30 days' WHERE id = $1",
    )
    .bind(old_confirmed_session)
    .execute(&mut db)
    .await
    .unwrap();
    let res = center
        .call(
            "create_event",
            &[
                ("form[title]", "新课标背景下的数学教学设计"),
                ("form[organizer]", "园区教师发展中心"),
                ("form[level]", "district"),
                ("form[category]", "subject"),
                ("form[starts_on]", &yesterday),
                ("form[ends_on]", &yesterday),
                ("form[hours]", "6"),
            ],
        )
        .await;
    let event: serde_json::Value = res.json().await.unwrap();
    let event = event["id"].as_i64().unwrap();
    let res = teacher
        .call(
            "add_goal",
            &[
                ("title", "开设区级公开课"),
                ("measures", ""),
                ("target_on", "2027-06-30"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let goal = one("SELECT max(id) FROM growth_goals").await;
    let form = reqwest::multipart::Form::new()
        .text("kind", "public_lesson")
        .text("title", "《圆的认识》区级公开课")
        .text("level", "district")
        .text("award_rank", "")
        .text("achieved_on", yesterday.clone())
        .text("detail", "");
    let res = teacher.post_multipart("/growth/achievements", form).await;
    assert_eq!(res.status().as_u16(), 200, "{}", res.text().await.unwrap());
    let achievement = one("SELECT max(id) FROM achievements").await;
    // Only a verified achievement is corrected: another one, verified.
    let verified_achievement = one(
        "INSERT INTO achievements (teacher_id, kind, title, level, achieved_on, status, verified_at)
         SELECT teacher_id, kind, title || '（已核）', level, achieved_on, 'verified', now()
         FROM achievements WHERE id = (SELECT max(id) FROM achievements) RETURNING id",
    )
    .await;
    let mut form = reqwest::multipart::Form::new();
    for (k, v) in [
        ("title", "苏州市骨干教师高级研修班"),
        ("organizer", "苏州市教育科学研究院"),
        ("level", "city"),
        ("category", "subject"),
        ("starts_on", yesterday.as_str()),
        ("ends_on", yesterday.as_str()),
        ("hours", "6"),
        ("note", ""),
    ] {
        form = form.text(k, v.to_string());
    }
    form = form.part(
        "evidence",
        reqwest::multipart::Part::bytes(PDF.to_vec()).file_name("证书.pdf"),
    );
    let res = teacher.post_multipart("/hours/claims", form).await;
    assert_eq!(res.status().as_u16(), 200, "{}", res.text().await.unwrap());
    let claim = one("SELECT max(id) FROM hour_claims").await;
    let record = app
        .scalar(&format!(
            "SELECT min(id) FROM hour_records WHERE teacher_id = {teacher_id}"
        ))
        .await;
    let level = one("SELECT min(id)::int8 FROM tier_levels").await as i32;
    let programme = one("SELECT id::int8 FROM programmes WHERE code = 'mentoring'").await as i32;
    let (free_mentee, mentee_hired): (String, chrono::NaiveDate) = sqlx::query_as(
        "SELECT staff_no, hire_date FROM teachers t WHERE cohort_year = (SELECT max(cohort_year) FROM teachers)
         AND NOT EXISTS (SELECT 1 FROM mentor_pairings p WHERE p.mentee_id = t.id AND p.ended_on IS NULL)
         ORDER BY id LIMIT 1",
    )
    .fetch_one(&mut db)
    .await
    .unwrap();
    let free_mentor: String = sqlx::query_scalar(
        "SELECT staff_no FROM teachers t WHERE cohort_year IS NULL AND active
         AND NOT EXISTS (SELECT 1 FROM mentor_pairings p WHERE p.mentor_id = t.id AND p.ended_on IS NULL)
         ORDER BY id LIMIT 1",
    )
    .fetch_one(&mut db)
    .await
    .unwrap();
    let term_start: chrono::NaiveDate = sqlx::query_scalar("SELECT max(starts_on) FROM terms")
        .fetch_one(&mut db)
        .await
        .unwrap();
    let res = center
        .call("roster_record", &[("id", &teacher_id.to_string())])
        .await;
    assert_eq!(res.status().as_u16(), 200, "{}", res.text().await.unwrap());
    let stored: serde_json::Value = res.json().await.unwrap();
    let teacher_form = stored["form"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (format!("form[{k}]"), v.as_str().unwrap_or("").to_string()))
        .collect();
    let school_id: i32 = sqlx::query_scalar("SELECT school_id FROM teachers WHERE id = $1")
        .bind(teacher_id)
        .fetch_one(&mut db)
        .await
        .unwrap();
    let other_school_id: i32 =
        sqlx::query_scalar("SELECT id FROM schools WHERE active AND id <> $1 ORDER BY id LIMIT 1")
            .bind(school_id)
            .fetch_one(&mut db)
            .await
            .unwrap();
    Ids {
        pairing,
        session,
        old_confirmed_session,
        event,
        goal,
        achievement,
        verified_achievement,
        claim,
        record,
        level,
        programme,
        teacher_staff_no,
        teacher_hired,
        free_mentor,
        free_mentee,
        mentee_hired,
        term_start,
        teacher_id,
        teacher_form,
        school_id,
        other_school_id,
    }
}

#[tokio::test]
async fn every_bad_input_gets_a_clear_field_error_and_changes_no_table() {
    let app = TestApp::spawn().await;
    let ids = setup(&app).await;
    let cases = cases(&ids);
    assert!(cases.len() >= 200, "only {} cases", cases.len());
    let mut clients: BTreeMap<&str, Client> = BTreeMap::new();
    for who in ["center", "coordinator", "mentor", "teacher"] {
        clients.insert(who, app.logged_in(who).await);
    }
    clients.insert("", app.client());
    let mut failures = Vec::new();
    let mut waiting = Vec::new();
    let mut before = fingerprint(&app).await;
    for case in &cases {
        let res = send(&clients[case.who], &case.req).await;
        let mut problem = judge(case, res).await;
        let after = fingerprint(&app).await;
        if after != before {
            let changed: Vec<&String> = after
                .iter()
                .filter(|(t, h)| before.get(*t) != Some(h))
                .map(|(t, _)| t)
                .collect();
            let note = format!("tables changed: {changed:?}");
            problem = Some(match problem {
                Some(p) => format!("{p}; {note}"),
                None => note,
            });
            before = after;
        }
        if let Some(p) = problem {
            let line = format!("{}: {p}", case.name);
            if case.sheet && !SHEET_READER_LANDED {
                waiting.push(line);
            } else {
                failures.push(line);
            }
        }
    }
    if !waiting.is_empty() {
        eprintln!(
            "{} spreadsheet cases wait for the new reader:\n  {}",
            waiting.len(),
            waiting.join("\n  ")
        );
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n  {}",
        failures.len(),
        cases.len(),
        failures.join("\n  ")
    );
}
