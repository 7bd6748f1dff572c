//! Who may do what: admins come from `ADMIN_IDS`, merchants from the store; every merchant
//! or admin command asks here first, on the server side.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use crate::domain::{Sale, UserId};
use crate::store::{Role, Store, StoreError};

/// The configured admins, and roles a trusted local transport set for its session.
#[derive(Default)]
pub(crate) struct Roles {
    admins: HashSet<UserId>,
    /// Set only by the terminal chat (`/as merchant`), where one trusted person types.
    session: Mutex<HashMap<UserId, Role>>,
}

impl Roles {
    /// Roles with these configured admins.
    pub fn new(admins: &[UserId]) -> Self {
        Self {
            admins: admins.iter().copied().collect(),
            session: Mutex::default(),
        }
    }

    /// Whether `user` is an admin by configuration (whatever the store says).
    pub fn is_configured_admin(&self, user: UserId) -> bool {
        self.admins.contains(&user)
    }

    /// Gives `user` `role` for this process only (the terminal chat's `/as`).
    pub fn set_session(&self, user: UserId, role: Role) {
        let mut map = self.session.lock().unwrap_or_else(|p| p.into_inner());
        map.insert(user, role);
    }

    /// The role `user` acts with now: session, then configuration, then the store.
    pub async fn role_of(&self, store: &Store, user: UserId) -> Result<Role, StoreError> {
        let session = {
            let map = self.session.lock().unwrap_or_else(|p| p.into_inner());
            map.get(&user).copied()
        };
        if let Some(role) = session {
            return Ok(role);
        }
        if self.is_configured_admin(user) {
            return Ok(Role::Admin);
        }
        Ok(store.user(user).await?.map_or(Role::Customer, |u| u.role))
    }
}

/// Whether someone with `role` may see and manage `sale`: admins all, merchants their own.
pub(crate) fn may_manage(user: UserId, role: Role, sale: &Sale) -> bool {
    match role {
        Role::Admin => true,
        Role::Merchant => sale.draft.owner == user,
        Role::Customer => false,
    }
}

/// Who `/grant` and `/revoke` name: a numeric Telegram id or an `@username`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    Id(UserId),
    Username(String),
}

impl Target {
    /// Parses `12345` or `@name` (5-32 letters, digits or underscores, as Telegram allows).
    pub fn parse(raw: &str) -> Option<Self> {
        if let Some(name) = raw.strip_prefix('@') {
            let ok = (5..=32).contains(&name.len())
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            return ok.then(|| Self::Username(name.to_owned()));
        }
        let n = raw.parse::<i64>().ok()?;
        UserId::parse(n).ok().map(Self::Id)
    }
}

/// `/grant merchant <who>` → the target; `None` when malformed.
pub(crate) fn parse_grant(args: &[&str]) -> Option<Target> {
    match args {
        [role, who] if role.eq_ignore_ascii_case("merchant") => Target::parse(who),
        _ => None,
    }
}

/// `/revoke <who>` or `/revoke merchant <who>` → the target; `None` when malformed.
pub(crate) fn parse_revoke(args: &[&str]) -> Option<Target> {
    match args {
        [who] => Target::parse(who),
        [role, who] if role.eq_ignore_ascii_case("merchant") => Target::parse(who),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grant_takes_merchant_and_an_id_or_a_username() {
        let id = UserId::parse(42).unwrap();
        assert_eq!(parse_grant(&["merchant", "42"]), Some(Target::Id(id)));
        assert_eq!(
            parse_grant(&["Merchant", "@shop_bob"]),
            Some(Target::Username("shop_bob".into()))
        );
        for bad in [
            &["merchant"][..],
            &["admin", "42"],
            &["merchant", "-3"],
            &["merchant", "@ab"],
            &["merchant", "@bad-name"],
            &["merchant", "42", "x"],
        ] {
            assert_eq!(parse_grant(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn revoke_takes_a_target_with_or_without_the_role() {
        let id = UserId::parse(7).unwrap();
        assert_eq!(parse_revoke(&["7"]), Some(Target::Id(id)));
        assert_eq!(parse_revoke(&["merchant", "7"]), Some(Target::Id(id)));
        assert_eq!(parse_revoke(&[]), None);
        assert_eq!(parse_revoke(&["x"]), None);
    }
}
