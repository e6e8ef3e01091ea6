//! The login state of the page: the forms for login, logout and a new password, and the signed-in
//! user (read once as the server renders the page).
use crate::api::auth::{fetch_current_user, ChangePassword, Login, Logout};
use crate::error::AppError;
use crate::views::auth::UserView;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Auth {
    pub login: ServerAction<Login>,
    pub logout: ServerAction<Logout>,
    /// Choosing a password (after a one-time password, before anything else).
    pub password: ServerAction<ChangePassword>,
    pub user: Resource<Result<Option<UserView>, AppError>>,
}

pub fn provide_auth() -> Auth {
    let login = ServerAction::<Login>::new();
    let logout = ServerAction::<Logout>::new();
    let password = ServerAction::<ChangePassword>::new();
    let user = Resource::new(|| (), |_| fetch_current_user());
    let auth = Auth {
        login,
        logout,
        password,
        user,
    };
    provide_context(auth);
    auth
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}
