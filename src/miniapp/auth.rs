//! Who is asking: Telegram's Web App `initData`, checked as Telegram specifies.
//!
//! `secret_key = HMAC_SHA256(key = "WebAppData", msg = bot_token)`;
//! `hash = hex(HMAC_SHA256(key = secret_key, msg = data_check_string))`, where the
//! data-check string is every received `key=value` pair except `hash`, sorted by key and
//! joined with `\n`. The hash is compared in constant time; `auth_date` must be at most an
//! hour old and at most a minute in the future (the clock is the caller's). The user comes
//! from the `user` JSON field and nowhere else.

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;
use subtle::ConstantTimeEq;

use crate::domain::UserId;

type HmacSha256 = Hmac<Sha256>;

/// How old an `auth_date` may be.
pub const MAX_AGE_SECS: i64 = 3600;
/// How far in the future an `auth_date` may be (clocks disagree a little).
pub const MAX_SKEW_SECS: i64 = 60;
/// The longest `initData` read; Telegram's are far shorter.
pub const MAX_INIT_DATA: usize = 4096;

/// The key initData is signed with: derived from a bot token (`serve`), or random (the
/// local demo, whose data no bot token ever accepts).
#[derive(Clone)]
pub struct WebAppKey([u8; 32]);

impl std::fmt::Debug for WebAppKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WebAppKey([redacted])")
    }
}

impl WebAppKey {
    /// Telegram's key for a bot: `HMAC_SHA256(key = "WebAppData", msg = token)`.
    pub fn from_bot_token(token: &str) -> Self {
        Self(mac(b"WebAppData", token.as_bytes()))
    }

    /// A fresh random key (the local demo's, one per run).
    pub fn random() -> Self {
        Self(rand::random())
    }

    /// The hex hash of a data-check string under this key.
    fn hash(&self, data_check: &str) -> String {
        hex(&mac(&self.0, data_check.as_bytes()))
    }

    /// A signed `initData` query string for `user` (tests and the local demo).
    pub fn sign(&self, user: &WebAppUser, auth_date: i64) -> String {
        let user_json = serde_json::json!({
            "id": user.id,
            "first_name": user.first_name,
            "language_code": user.language_code,
        })
        .to_string();
        let pairs = [
            ("auth_date", auth_date.to_string()),
            ("query_id", format!("local{}", user.id)),
            ("user", user_json),
        ];
        let check = data_check_string(pairs.iter().map(|(k, v)| (k.to_string(), v.clone())));
        let hash = self.hash(&check);
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in &pairs {
            query.append_pair(k, v);
        }
        query.append_pair("hash", &hash);
        query.finish()
    }

    /// Checks `raw` (the initData query string) at `now`: the user it vouches for.
    pub fn verify(&self, raw: &str, now: DateTime<Utc>) -> Result<WebAppUser, AuthError> {
        if raw.is_empty() {
            return Err(AuthError::Missing);
        }
        if raw.len() > MAX_INIT_DATA {
            return Err(AuthError::Malformed);
        }
        let mut hash = None;
        let mut pairs = Vec::new();
        for (k, v) in url::form_urlencoded::parse(raw.as_bytes()) {
            if k == "hash" {
                if hash.replace(v.into_owned()).is_some() {
                    return Err(AuthError::Malformed);
                }
            } else {
                pairs.push((k.into_owned(), v.into_owned()));
            }
        }
        let Some(hash) = hash else {
            return Err(AuthError::Missing);
        };
        let find = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        let auth_date = find("auth_date");
        let user = find("user");
        let expected = self.hash(&data_check_string(pairs.into_iter()));
        if !bool::from(
            expected
                .as_bytes()
                .ct_eq(hash.to_ascii_lowercase().as_bytes()),
        ) {
            return Err(AuthError::BadHash);
        }
        let auth_date = auth_date
            .and_then(|d| d.parse::<i64>().ok())
            .ok_or(AuthError::Malformed)?;
        let age = now.timestamp() - auth_date;
        if age > MAX_AGE_SECS {
            return Err(AuthError::Stale);
        }
        if age < -MAX_SKEW_SECS {
            return Err(AuthError::Future);
        }
        let user: WebAppUser = user
            .and_then(|u| serde_json::from_str(&u).ok())
            .ok_or(AuthError::Malformed)?;
        UserId::parse(user.id).map_err(|_| AuthError::Malformed)?;
        Ok(user)
    }
}

/// The user initData vouches for (the fields the Mini App uses).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct WebAppUser {
    pub id: i64,
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub language_code: Option<String>,
}

impl WebAppUser {
    /// The user's id as the domain knows it (checked positive by [`WebAppKey::verify`]).
    pub fn user_id(&self) -> Option<UserId> {
        UserId::parse(self.id).ok()
    }
}

/// Why initData was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    #[error("initData missing")]
    Missing,
    #[error("initData malformed")]
    Malformed,
    #[error("initData hash does not match")]
    BadHash,
    #[error("initData too old")]
    Stale,
    #[error("initData from the future")]
    Future,
}

/// The data-check string: `key=value` pairs sorted by key, joined with `\n`.
fn data_check_string(pairs: impl Iterator<Item = (String, String)>) -> String {
    let mut pairs: Vec<(String, String)> = pairs.collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn mac(key: &[u8], msg: &[u8]) -> [u8; 32] {
    let mut m = HmacSha256::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    m.update(msg);
    m.finalize().into_bytes().into()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The request id of a web buy: `web-` and 40 hex digits of `HMAC(secret, user:key)`, so
/// the same key from the same user always names the same purchase.
pub fn web_request_id(secret: &[u8], user: UserId, key: &str) -> String {
    let digest = mac(secret, format!("{}:{key}", user.get()).as_bytes());
    let mut id = hex(&digest);
    id.truncate(40);
    format!("web-{id}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap()
    }

    fn user() -> WebAppUser {
        WebAppUser {
            id: 1001,
            first_name: "Ann".into(),
            language_code: Some("zh-hans".into()),
        }
    }

    #[test]
    fn good_init_data_names_its_user() {
        let key = WebAppKey::from_bot_token("123:TEST");
        let signed = key.sign(&user(), now().timestamp() - 30);
        assert_eq!(key.verify(&signed, now()), Ok(user()));
    }

    #[test]
    fn data_signed_with_another_key_is_forged() {
        let signed = WebAppKey::random().sign(&user(), now().timestamp());
        let key = WebAppKey::from_bot_token("123:TEST");
        assert_eq!(key.verify(&signed, now()), Err(AuthError::BadHash));
    }

    #[test]
    fn an_altered_user_breaks_the_hash() {
        let key = WebAppKey::from_bot_token("123:TEST");
        let signed = key.sign(&user(), now().timestamp());
        let altered = signed.replace("1001", "1002");
        assert_ne!(altered, signed);
        assert_eq!(key.verify(&altered, now()), Err(AuthError::BadHash));
        let added = format!("{signed}&extra=1");
        assert_eq!(key.verify(&added, now()), Err(AuthError::BadHash));
    }

    #[test]
    fn stale_and_future_auth_dates_are_refused() {
        let key = WebAppKey::from_bot_token("123:TEST");
        let t = now().timestamp();
        let stale = key.sign(&user(), t - MAX_AGE_SECS - 1);
        assert_eq!(key.verify(&stale, now()), Err(AuthError::Stale));
        let future = key.sign(&user(), t + MAX_SKEW_SECS + 1);
        assert_eq!(key.verify(&future, now()), Err(AuthError::Future));
        let slightly_ahead = key.sign(&user(), t + MAX_SKEW_SECS);
        assert!(key.verify(&slightly_ahead, now()).is_ok());
    }

    #[test]
    fn missing_or_garbled_init_data_is_refused() {
        let key = WebAppKey::from_bot_token("123:TEST");
        assert_eq!(key.verify("", now()), Err(AuthError::Missing));
        assert_eq!(
            key.verify("auth_date=1&user=x", now()),
            Err(AuthError::Missing)
        );
        assert_eq!(key.verify("%%%&hash=zz", now()), Err(AuthError::BadHash));
        let long = "a".repeat(MAX_INIT_DATA + 1);
        assert_eq!(key.verify(&long, now()), Err(AuthError::Malformed));
    }

    #[test]
    fn a_signed_string_without_a_user_is_refused() {
        let key = WebAppKey::from_bot_token("123:TEST");
        let check = format!("auth_date={}", now().timestamp());
        let raw = format!("{check}&hash={}", key.hash(&check));
        assert_eq!(key.verify(&raw, now()), Err(AuthError::Malformed));
    }

    #[test]
    fn matches_telegrams_published_algorithm() {
        // Independent computation of the same steps, for one fixed string.
        let token = "123:TEST";
        let secret = mac(b"WebAppData", token.as_bytes());
        let check = "auth_date=1700000000\nuser={\"id\":5}";
        let expected = hex(&mac(&secret, check.as_bytes()));
        let raw = format!("user=%7B%22id%22%3A5%7D&auth_date=1700000000&hash={expected}");
        let at = Utc.timestamp_opt(1_700_000_010, 0).unwrap();
        let got = WebAppKey::from_bot_token(token).verify(&raw, at).unwrap();
        assert_eq!(got.id, 5);
    }

    #[test]
    fn web_request_ids_are_stable_per_user_and_key() {
        let a = UserId::parse(1).unwrap();
        let b = UserId::parse(2).unwrap();
        let id = web_request_id(b"s", a, "key-12345");
        assert_eq!(id, web_request_id(b"s", a, "key-12345"));
        assert_ne!(id, web_request_id(b"s", b, "key-12345"));
        assert_ne!(id, web_request_id(b"s", a, "key-12346"));
        assert!(crate::domain::RequestId::parse(&id).is_ok());
    }
}
