//! Inline-button payloads: compact, signed, bound to the user they were minted for, and
//! expiring, so a forged, altered, expired or borrowed button is refused. Always ≤ 64 bytes
//! (Telegram's `callback_data` limit).
//!
//! Wire form: `1.<action>.<sale base36>.<qty>.<expiry base36>.<mac>` where `mac` is the first
//! 12 bytes of HMAC-SHA256(secret, user id ‖ payload), base64url.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use thiserror::Error;

use crate::domain::{SaleId, UserId};

type HmacSha256 = Hmac<Sha256>;

/// Telegram's limit on `callback_data`.
pub const MAX_CALLBACK_BYTES: usize = 64;
const MAC_BYTES: usize = 12;

/// What a button does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ButtonAction {
    /// Buy `qty` units.
    Buy { qty: u8 },
    /// Subscribe to the sale's reminders.
    Remind,
    /// Redraw the sale card.
    Refresh,
    /// Pick this sale (answering "which one?").
    Choose,
}

impl ButtonAction {
    fn code(self) -> (char, u8) {
        match self {
            Self::Buy { qty } => ('b', qty),
            Self::Remind => ('r', 0),
            Self::Refresh => ('f', 0),
            Self::Choose => ('c', 0),
        }
    }

    fn from_code(c: &str, qty: u8) -> Option<Self> {
        match (c, qty) {
            ("b", 1..=99) => Some(Self::Buy { qty }),
            ("r", 0) => Some(Self::Remind),
            ("f", 0) => Some(Self::Refresh),
            ("c", 0) => Some(Self::Choose),
            _ => None,
        }
    }
}

/// A decoded button press.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Button {
    pub action: ButtonAction,
    pub sale: SaleId,
    /// Unix seconds after which the button no longer works.
    pub expires_at: i64,
}

/// Why a payload was refused; each is counted and answered politely, never acted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum ButtonError {
    #[error("the button data is not ours")]
    Malformed,
    #[error("the button's signature does not match")]
    BadSignature,
    #[error("the button has expired")]
    Expired,
}

/// Signs and checks button payloads with the server's secret.
#[derive(Clone)]
pub struct ButtonSigner {
    key: Vec<u8>,
}

impl ButtonSigner {
    /// A signer keyed with `secret` (at least 16 bytes of entropy in production).
    pub fn new(secret: &[u8]) -> Self {
        Self {
            key: secret.to_vec(),
        }
    }

    fn mac(&self, user: UserId, payload: &str) -> [u8; MAC_BYTES] {
        // HMAC accepts keys of any length; new_from_slice cannot fail for it.
        let mut m = HmacSha256::new_from_slice(&self.key)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        m.update(&user.get().to_be_bytes());
        m.update(payload.as_bytes());
        let full = m.finalize().into_bytes();
        let mut out = [0u8; MAC_BYTES];
        out.copy_from_slice(&full[..MAC_BYTES]);
        out
    }

    /// The payload for a button shown to `user`.
    pub fn encode(&self, user: UserId, button: Button) -> String {
        let (code, qty) = button.action.code();
        let payload = format!(
            "1.{code}.{}.{qty}.{}",
            base36(button.sale.get()),
            base36(button.expires_at)
        );
        let mac = URL_SAFE_NO_PAD.encode(self.mac(user, &payload));
        format!("{payload}.{mac}")
    }

    /// Checks a payload pressed by `user` at `now_secs`.
    pub fn decode(&self, user: UserId, data: &str, now_secs: i64) -> Result<Button, ButtonError> {
        if data.len() > MAX_CALLBACK_BYTES {
            return Err(ButtonError::Malformed);
        }
        let (payload, mac) = data.rsplit_once('.').ok_or(ButtonError::Malformed)?;
        let parts: Vec<&str> = payload.split('.').collect();
        let [version, code, sale, qty, expiry] = parts[..] else {
            return Err(ButtonError::Malformed);
        };
        if version != "1" {
            return Err(ButtonError::Malformed);
        }
        let mac = URL_SAFE_NO_PAD
            .decode(mac)
            .map_err(|_| ButtonError::Malformed)?;
        let expected = self.mac(user, payload);
        if mac.len() != MAC_BYTES || !constant_time_eq(&mac, &expected) {
            return Err(ButtonError::BadSignature);
        }
        let qty: u8 = qty.parse().map_err(|_| ButtonError::Malformed)?;
        let action = ButtonAction::from_code(code, qty).ok_or(ButtonError::Malformed)?;
        let sale = from_base36(sale)
            .and_then(|n| SaleId::parse(n).ok())
            .ok_or(ButtonError::Malformed)?;
        let expires_at = from_base36(expiry).ok_or(ButtonError::Malformed)?;
        if now_secs > expires_at {
            return Err(ButtonError::Expired);
        }
        Ok(Button {
            action,
            sale,
            expires_at,
        })
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn base36(mut n: i64) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    if n <= 0 {
        return "0".into();
    }
    let mut out = Vec::new();
    while n > 0 {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn from_base36(s: &str) -> Option<i64> {
    if s.is_empty() || s.len() > 13 {
        return None;
    }
    i64::from_str_radix(s, 36).ok().filter(|n| *n >= 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn signer() -> ButtonSigner {
        ButtonSigner::new(b"test secret of reasonable length")
    }

    fn button(action: ButtonAction) -> Button {
        Button {
            action,
            sale: SaleId::parse(i64::MAX).unwrap(),
            expires_at: 4_102_444_800,
        }
    }

    #[test]
    fn a_button_round_trips_for_the_user_it_was_made_for() {
        let u = UserId::parse(123_456_789).unwrap();
        for a in [
            ButtonAction::Buy { qty: 99 },
            ButtonAction::Remind,
            ButtonAction::Refresh,
            ButtonAction::Choose,
        ] {
            let data = signer().encode(u, button(a));
            assert!(
                data.len() <= MAX_CALLBACK_BYTES,
                "{data} is {} bytes",
                data.len()
            );
            assert_eq!(signer().decode(u, &data, 0), Ok(button(a)));
        }
    }

    #[test]
    fn another_users_press_is_refused() {
        let data = signer().encode(UserId::parse(1).unwrap(), button(ButtonAction::Remind));
        let r = signer().decode(UserId::parse(2).unwrap(), &data, 0);
        assert_eq!(r, Err(ButtonError::BadSignature));
    }

    #[test]
    fn an_altered_quantity_or_other_secret_is_refused() {
        let u = UserId::parse(1).unwrap();
        let data = signer().encode(u, button(ButtonAction::Buy { qty: 1 }));
        let forged = data.replacen(".1.", ".9.", 1);
        assert_eq!(
            signer().decode(u, &forged, 0),
            Err(ButtonError::BadSignature)
        );
        let other = ButtonSigner::new(b"another secret");
        assert_eq!(other.decode(u, &data, 0), Err(ButtonError::BadSignature));
    }

    #[test]
    fn an_expired_button_is_refused() {
        let u = UserId::parse(1).unwrap();
        let data = signer().encode(u, button(ButtonAction::Refresh));
        assert_eq!(
            signer().decode(u, &data, 4_102_444_801),
            Err(ButtonError::Expired)
        );
    }

    #[test]
    fn junk_is_malformed() {
        let u = UserId::parse(1).unwrap();
        for junk in [
            "",
            "buy",
            "1.b.1.1.1",
            "2.b.1.1.1.AAAA",
            &"x".repeat(65),
            "1.b.1.1.1.!!",
        ] {
            assert!(signer().decode(u, junk, 0).is_err(), "{junk}");
        }
    }

    proptest! {
        #[test]
        fn decoding_arbitrary_text_never_panics(s in ".{0,80}", user in 1i64..i64::MAX) {
            let _ = signer().decode(UserId::parse(user).unwrap(), &s, 0);
        }
    }
}
