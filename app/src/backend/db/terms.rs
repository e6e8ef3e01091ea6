use chrono::NaiveDate;
use sqlx::PgPool;

pub struct Term {
    pub id: i32,
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

/// The term that contains `day`, if school is in session.
pub async fn current(pool: &PgPool, day: NaiveDate) -> Result<Option<Term>, sqlx::Error> {
    let row: Option<(i32, String, NaiveDate, NaiveDate)> = sqlx::query_as(
        "SELECT id, name, starts_on, ends_on FROM terms
         WHERE starts_on <= $1 AND ends_on >= $1 ORDER BY starts_on DESC LIMIT 1",
    )
    .bind(day)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(id, name, starts_on, ends_on)| Term {
        id,
        name,
        starts_on,
        ends_on,
    }))
}

impl Term {
    /// The term as pages show it, with the weeks left on `today`.
    pub fn view(self, today: NaiveDate) -> crate::views::mentoring::TermView {
        crate::views::mentoring::TermView {
            weeks_left: self.span().weeks_left(today),
            id: self.id,
            name: self.name,
            starts_on: self.starts_on,
            ends_on: self.ends_on,
        }
    }

    pub fn span(&self) -> crate::domain::mentoring::TermSpan {
        crate::domain::mentoring::TermSpan {
            starts_on: self.starts_on,
            ends_on: self.ends_on,
        }
    }
}
