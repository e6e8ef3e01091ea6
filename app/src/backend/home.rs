//! Assembles the home page: each part only for the roles that see it.
use super::caller::Caller;
use super::db;
use crate::domain::codes::Role;
use crate::error::AppError;
use crate::views::home::HomeView;

/// Rows of a school list shown on the home page; the full roster is its own page.
pub const SCHOOL_LIST_LIMIT: i64 = 200;

pub async fn load(c: &Caller) -> Result<HomeView, AppError> {
    let (pool, user, today) = (c.pool(), c.user.clone(), c.today);
    let teacher = match user.teacher_id {
        Some(id) => db::teachers::summary(pool, id, today).await?,
        None => None,
    };
    let mentees = match user.teacher_id.filter(|_| user.has(Role::Mentor)) {
        Some(id) => Some(db::mentoring::mentees_of(pool, id, today).await?),
        None => None,
    };
    let mut schools = Vec::new();
    for school_id in user.coordinated_schools() {
        schools.push(db::teachers::school_view(pool, school_id, today, SCHOOL_LIST_LIMIT).await?);
    }
    let center = if user.has(Role::CenterStaff) {
        Some(db::stats::center_view(pool, today).await?)
    } else {
        None
    };
    let mut surveys = super::surveys::open_for(c).await?;
    surveys.retain(|s| s.state != "submitted");
    Ok(HomeView {
        surveys,
        user,
        teacher,
        mentees,
        schools,
        center,
    })
}
