//! What the auth pages show: the types its server functions return and take.
use crate::domain::codes::Role;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleGrant {
    pub role: Role,
    /// Set for school coordinators: the school they manage.
    pub school_id: Option<i32>,
    pub school_name: Option<String>,
}

/// The page that changes a password, where a one-time password leads and keeps the user.
pub const PASSWORD_PAGE: &str = "/account/password";

/// The logged-in user as the page sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserView {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub teacher_id: Option<i64>,
    pub roles: Vec<RoleGrant>,
    /// Signed in with a one-time password: only a new password may be chosen.
    pub must_change_password: bool,
}

impl UserView {
    pub fn has(&self, role: Role) -> bool {
        self.roles.iter().any(|g| g.role == role)
    }

    /// Schools this user coordinates.
    pub fn coordinated_schools(&self) -> Vec<i32> {
        self.roles
            .iter()
            .filter(|g| g.role == Role::SchoolCoordinator)
            .filter_map(|g| g.school_id)
            .collect()
    }

    /// The role shown beside the name: the widest one held.
    pub fn main_role(&self) -> Option<Role> {
        [
            Role::CenterStaff,
            Role::SchoolCoordinator,
            Role::Mentor,
            Role::Teacher,
        ]
        .into_iter()
        .find(|r| self.has(*r))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(roles: &[Role]) -> UserView {
        UserView {
            id: 1,
            username: "u".into(),
            display_name: "U".into(),
            teacher_id: None,
            must_change_password: false,
            roles: roles
                .iter()
                .map(|r| RoleGrant {
                    role: *r,
                    school_id: (*r == Role::SchoolCoordinator).then_some(7),
                    school_name: None,
                })
                .collect(),
        }
    }

    #[test]
    fn main_role_is_the_widest_held() {
        assert_eq!(
            user(&[Role::Teacher, Role::Mentor]).main_role(),
            Some(Role::Mentor)
        );
        assert_eq!(
            user(&[Role::Teacher, Role::CenterStaff]).main_role(),
            Some(Role::CenterStaff)
        );
        assert_eq!(user(&[]).main_role(), None);
    }

    #[test]
    fn coordinated_schools_come_from_coordinator_grants_only() {
        assert_eq!(
            user(&[Role::Teacher, Role::SchoolCoordinator]).coordinated_schools(),
            vec![7]
        );
        assert!(user(&[Role::Teacher]).coordinated_schools().is_empty());
    }
}
