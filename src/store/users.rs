//! Users: language, role, time zone and whether they blocked the bot or were blocked.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Store, StoreError};
use crate::domain::{DomainError, UserId};

/// What a user may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Customer,
    Merchant,
    Admin,
}

impl Role {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Customer => "customer",
            Self::Merchant => "merchant",
            Self::Admin => "admin",
        }
    }

    /// Parses the stored name.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        match raw {
            "customer" => Ok(Self::Customer),
            "merchant" => Ok(Self::Merchant),
            "admin" => Ok(Self::Admin),
            _ => Err(DomainError::Invalid {
                field: "role",
                reason: "must be customer, merchant or admin",
            }),
        }
    }
}

/// A stored user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub username: Option<String>,
    pub language: Option<String>,
    pub time_zone: Option<String>,
    pub role: Role,
    /// An admin blocked this user from buying.
    pub blocked: bool,
    /// False once Telegram said the user blocked the bot.
    pub active: bool,
}

/// User columns; flags are read as 0/1 integers because the `Any` driver cannot decode
/// SQLite booleans.
const USER_COLUMNS: &str = "id, username, language, time_zone, role, \
    CAST(CASE WHEN blocked THEN 1 ELSE 0 END AS BIGINT) AS blocked, \
    CAST(CASE WHEN active THEN 1 ELSE 0 END AS BIGINT) AS active";

fn user_from_row(row: &AnyRow) -> Result<User, StoreError> {
    let role: String = row.try_get("role")?;
    Ok(User {
        id: UserId::parse(row.try_get("id")?)?,
        username: row.try_get("username")?,
        language: row.try_get("language")?,
        time_zone: row.try_get("time_zone")?,
        role: Role::parse(&role)?,
        blocked: row.try_get::<i64, _>("blocked")? != 0,
        active: row.try_get::<i64, _>("active")? != 0,
    })
}

impl Store {
    /// One user by id.
    pub async fn user(&self, id: UserId) -> Result<Option<User>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
        let q = sqlx::query(&sql).bind(id.get());
        self.row(q, user_from_row).await
    }
}
