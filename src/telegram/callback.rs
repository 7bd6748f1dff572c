//! Signed inline-button payloads. The assistant's own payload (e.g. `buy:42:2`) is wrapped
//! with an expiry and an HMAC bound to the user the button was shown to, so a forged,
//! altered, expired or borrowed button is refused before the assistant sees it. The result
//! always fits Telegram's 64-byte `callback_data`.
//!
//! Wire form: `<payload>~<expiry base36>[.<nonce base36>[.<lang>]]~<mac>`; `mac` is the
//! first 12 bytes of HMAC-SHA256(secret, user id ‖ everything before it), base64url (16
//! characters).
//! A button is minted at expiry − [`BUTTON_LIFETIME_SECS`], so its mint time is under the MAC
//! too (the buy window refuses Buy buttons minted before a sale's start). The random nonce,
//! added whenever it fits, makes every minted button a distinct token (replays of a spent Buy
//! button are refused); the MAC itself is the token's id. The language tag (`en`, `zh`),
//! added when it fits after the nonce, is the language the button's message was written in:
//! a press is answered in it without first looking the presser up.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use thiserror::Error;

use crate::domain::UserId;

type HmacSha256 = Hmac<Sha256>;

/// Telegram's limit on `callback_data`.
pub const MAX_CALLBACK_BYTES: usize = 64;
/// Longest assistant payload that still fits once signed.
pub const MAX_PAYLOAD_BYTES: usize = MAX_CALLBACK_BYTES - 1 - 8 - 1 - 16;
// `app::action`'s tests hold every payload to this number without importing the transport.
const _: () = assert!(MAX_PAYLOAD_BYTES == 38);
/// How long a button keeps working after it was sent.
pub const BUTTON_LIFETIME_SECS: i64 = 7 * 24 * 3600;

// A spent Buy token must be remembered for as long as its button could be pressed.
const _: () = assert!(crate::app::SPENT_TOKENS_KEPT_SECS > BUTTON_LIFETIME_SECS);
const MAC_BYTES: usize = 12;
/// The holder inline cards' buttons are signed for (user ids are positive, chats negative).
const INLINE_HOLDER: i64 = 0;
const SEP: char = '~';
/// Separates the expiry from the nonce.
const NONCE_SEP: char = '.';
/// Nonces are below 36⁴ (at most four base-36 digits).
const NONCE_RANGE: u32 = 36 * 36 * 36 * 36;
/// The longest language tag a button carries.
const MAX_LANG_BYTES: usize = 3;

/// Why a button press was refused; each is answered politely and never acted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum ButtonError {
    #[error("the button data is not ours")]
    Malformed,
    #[error("the button's signature does not match")]
    BadSignature,
    #[error("the button has expired")]
    Expired,
    #[error("the payload is too long to sign into 64 bytes")]
    TooLong,
    #[error("the button data is longer than Telegram allows")]
    Oversized,
}

impl ButtonError {
    /// The refusal reason counted in metrics (`forged` for a bad signature).
    pub fn reason(self) -> &'static str {
        match self {
            ButtonError::Malformed => "malformed",
            ButtonError::BadSignature => "forged",
            ButtonError::Expired => "expired",
            ButtonError::TooLong | ButtonError::Oversized => "oversized",
        }
    }
}

/// A checked button: its payload, when it was minted, and its token id when it has a nonce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opened<'a> {
    /// The assistant's payload.
    pub payload: &'a str,
    /// Unix seconds the button was minted at.
    pub minted_at: i64,
    /// The MAC, a unique id for buttons minted with a nonce.
    pub token: Option<&'a str>,
    /// The language the button's message was written in, when the button says so.
    pub lang: Option<&'a str>,
}

/// Signs and checks button payloads with the server's secret.
#[derive(Clone)]
pub struct ButtonSigner {
    key: Vec<u8>,
    /// The Mini App (`MINI_APP_URL`): sale cards in private chats get an Open button to it.
    mini_app: Option<url::Url>,
}

impl ButtonSigner {
    /// A signer keyed with `secret`.
    pub fn new(secret: &[u8]) -> Self {
        Self {
            key: secret.to_vec(),
            mini_app: None,
        }
    }

    /// The same signer, adding an Open button to the Mini App at `url` under sale cards in
    /// private chats.
    pub fn with_mini_app(mut self, url: Option<url::Url>) -> Self {
        self.mini_app = url;
        self
    }

    /// The Mini App sale cards open, when configured.
    pub fn mini_app(&self) -> Option<&url::Url> {
        self.mini_app.as_ref()
    }

    /// The MAC for `holder`: a user id (positive) or, for a post, its chat id (negative),
    /// so a post's button never verifies for a user nor a user's for a post.
    fn mac(&self, holder: i64, signed: &str) -> [u8; MAC_BYTES] {
        let mut m = HmacSha256::new_from_slice(&self.key)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        m.update(&holder.to_be_bytes());
        m.update(signed.as_bytes());
        let full = m.finalize().into_bytes();
        let mut out = [0u8; MAC_BYTES];
        out.copy_from_slice(&full[..MAC_BYTES]);
        out
    }

    /// The callback data for `payload` shown to `user`, valid until `expires_at` (unix s).
    pub fn sign(
        &self,
        user: UserId,
        payload: &str,
        expires_at: i64,
    ) -> Result<String, ButtonError> {
        self.sign_with(user.get(), payload, expires_at, None, None)
    }

    fn sign_with(
        &self,
        holder: i64,
        payload: &str,
        expires_at: i64,
        nonce: Option<u32>,
        lang: Option<&str>,
    ) -> Result<String, ButtonError> {
        if payload.len() > MAX_PAYLOAD_BYTES || payload.contains(SEP) {
            return Err(ButtonError::TooLong);
        }
        let mut signed = format!("{payload}{SEP}{}", base36(expires_at.max(0)));
        // 16 MAC characters and a separator follow.
        let fits = |signed: &str, tail: &str| signed.len() + tail.len() + 17 <= MAX_CALLBACK_BYTES;
        if let Some(n) = nonce {
            let tail = format!("{NONCE_SEP}{}", base36(i64::from(n % NONCE_RANGE)));
            if fits(&signed, &tail) {
                signed.push_str(&tail);
                let lang = lang.filter(|l| {
                    (1..=MAX_LANG_BYTES).contains(&l.len())
                        && l.bytes().all(|b| b.is_ascii_alphabetic())
                });
                if let Some(lang) = lang.map(|l| format!("{NONCE_SEP}{l}"))
                    && fits(&signed, &lang)
                {
                    signed.push_str(&lang);
                }
            }
        }
        let mac = URL_SAFE_NO_PAD.encode(self.mac(holder, &signed));
        Ok(format!("{signed}{SEP}{mac}"))
    }

    /// `sign` for a button sent at `now_secs`, valid for [`BUTTON_LIFETIME_SECS`].
    pub fn sign_fresh(
        &self,
        user: UserId,
        payload: &str,
        now_secs: i64,
    ) -> Result<String, ButtonError> {
        self.sign_fresh_in(user, payload, now_secs, None)
    }

    /// `sign_fresh` for a button under a message written in `lang` (a primary language
    /// subtag such as `en` or `zh`), which the button then carries when it fits.
    pub fn sign_fresh_in(
        &self,
        user: UserId,
        payload: &str,
        now_secs: i64,
        lang: Option<&str>,
    ) -> Result<String, ButtonError> {
        self.sign_with(
            user.get(),
            payload,
            now_secs + BUTTON_LIFETIME_SECS,
            Some(rand::random::<u32>()),
            lang,
        )
    }

    /// `sign_fresh` for a button on a post in the channel or group `chat` (a negative id):
    /// anyone in the chat may press it.
    pub fn sign_fresh_for_post(
        &self,
        chat: i64,
        payload: &str,
        now_secs: i64,
    ) -> Result<String, ButtonError> {
        if chat >= 0 {
            return Err(ButtonError::Malformed);
        }
        self.sign_with(
            chat,
            payload,
            now_secs + BUTTON_LIFETIME_SECS,
            Some(rand::random::<u32>()),
            None,
        )
    }

    /// `sign_fresh` for a button on a card sent inline (`@bot airpods` in any chat): anyone
    /// who sees it may press it. Inline cards are held by 0, which is no user and no chat.
    pub fn sign_fresh_inline(&self, payload: &str, now_secs: i64) -> Result<String, ButtonError> {
        self.sign_with(
            INLINE_HOLDER,
            payload,
            now_secs + BUTTON_LIFETIME_SECS,
            Some(rand::random::<u32>()),
            None,
        )
    }

    /// Checks callback data pressed on a card sent inline at `now_secs`.
    pub fn open_inline<'a>(&self, data: &'a str, now_secs: i64) -> Result<Opened<'a>, ButtonError> {
        self.open_as(INLINE_HOLDER, data, now_secs)
    }

    /// Checks callback data pressed on a post in `chat` (a negative id) at `now_secs`.
    pub fn open_for_post<'a>(
        &self,
        chat: i64,
        data: &'a str,
        now_secs: i64,
    ) -> Result<Opened<'a>, ButtonError> {
        if chat >= 0 {
            return Err(ButtonError::BadSignature);
        }
        self.open_as(chat, data, now_secs)
    }

    /// The assistant payload inside callback data pressed by `user` at `now_secs`.
    pub fn verify<'a>(
        &self,
        user: UserId,
        data: &'a str,
        now_secs: i64,
    ) -> Result<&'a str, ButtonError> {
        self.open(user, data, now_secs).map(|o| o.payload)
    }

    /// Checks callback data pressed by `user` at `now_secs`: what it carries, or why not.
    pub fn open<'a>(
        &self,
        user: UserId,
        data: &'a str,
        now_secs: i64,
    ) -> Result<Opened<'a>, ButtonError> {
        self.open_as(user.get(), data, now_secs)
    }

    fn open_as<'a>(
        &self,
        holder: i64,
        data: &'a str,
        now_secs: i64,
    ) -> Result<Opened<'a>, ButtonError> {
        if data.len() > MAX_CALLBACK_BYTES {
            return Err(ButtonError::Oversized);
        }
        let (signed, mac_text) = data.rsplit_once(SEP).ok_or(ButtonError::Malformed)?;
        let (payload, expiry) = signed.rsplit_once(SEP).ok_or(ButtonError::Malformed)?;
        let mac = URL_SAFE_NO_PAD
            .decode(mac_text)
            .map_err(|_| ButtonError::Malformed)?;
        if mac.len() != MAC_BYTES || !constant_time_eq(&mac, &self.mac(holder, signed)) {
            return Err(ButtonError::BadSignature);
        }
        let mut parts = expiry.splitn(3, NONCE_SEP);
        let expiry = parts.next().unwrap_or_default();
        let nonce = parts.next();
        let lang = parts.next();
        let expires_at = from_base36(expiry).ok_or(ButtonError::Malformed)?;
        if now_secs > expires_at {
            return Err(ButtonError::Expired);
        }
        Ok(Opened {
            payload,
            minted_at: expires_at.saturating_sub(BUTTON_LIFETIME_SECS),
            token: nonce.map(|_| mac_text),
            lang,
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

    const FAR: i64 = 4_102_444_800;

    fn signer() -> ButtonSigner {
        ButtonSigner::new(b"test secret of reasonable length")
    }

    fn u(n: i64) -> UserId {
        UserId::parse(n).unwrap()
    }

    #[test]
    fn the_longest_payload_round_trips_within_64_bytes() {
        let payload = "b".repeat(MAX_PAYLOAD_BYTES);
        let data = signer().sign(u(i64::MAX), &payload, FAR).unwrap();
        assert!(data.len() <= MAX_CALLBACK_BYTES, "{} bytes", data.len());
        assert_eq!(signer().verify(u(i64::MAX), &data, 0), Ok(payload.as_str()));
        assert_eq!(
            signer().sign(u(1), &"b".repeat(MAX_PAYLOAD_BYTES + 1), FAR),
            Err(ButtonError::TooLong)
        );
    }

    #[test]
    fn another_users_press_is_refused() {
        let data = signer().sign(u(1), "rem:5", FAR).unwrap();
        assert_eq!(
            signer().verify(u(2), &data, 0),
            Err(ButtonError::BadSignature)
        );
    }

    #[test]
    fn an_altered_payload_or_another_secret_is_refused() {
        let data = signer().sign(u(1), "buy:5:1", FAR).unwrap();
        let forged = data.replacen("buy:5:1", "buy:5:9", 1);
        assert_eq!(
            signer().verify(u(1), &forged, 0),
            Err(ButtonError::BadSignature)
        );
        let other = ButtonSigner::new(b"another secret");
        assert_eq!(other.verify(u(1), &data, 0), Err(ButtonError::BadSignature));
    }

    #[test]
    fn an_expired_button_is_refused() {
        let data = signer().sign(u(1), "list", 1_000).unwrap();
        assert_eq!(
            signer().verify(u(1), &data, 1_001),
            Err(ButtonError::Expired)
        );
        assert_eq!(signer().verify(u(1), &data, 1_000), Ok("list"));
    }

    #[test]
    fn junk_is_refused() {
        for junk in [
            "",
            "buy:1:1",
            "a~b",
            "a~b~c",
            &"x".repeat(65),
            "list~zz~!!!!",
        ] {
            assert!(signer().verify(u(1), junk, 0).is_err(), "{junk}");
        }
    }

    #[test]
    fn fresh_buttons_are_distinct_tokens_and_carry_their_mint_time() {
        let now = 1_800_000_000;
        let a = signer().sign_fresh(u(1), "buy:5:1", now).unwrap();
        let b = signer().sign_fresh(u(1), "buy:5:1", now).unwrap();
        assert_ne!(a, b, "two mintings in one second differ");
        let opened = signer().open(u(1), &a, now).unwrap();
        assert_eq!(opened.payload, "buy:5:1");
        assert_eq!(opened.minted_at, now);
        assert!(opened.token.is_some());
        let old = signer().sign(u(1), "buy:5:1", FAR).unwrap();
        assert_eq!(signer().open(u(1), &old, 0).unwrap().token, None);
        let longest = signer()
            .sign_fresh(u(1), &"b".repeat(MAX_PAYLOAD_BYTES), now)
            .unwrap();
        assert!(longest.len() <= MAX_CALLBACK_BYTES);
        assert_eq!(
            signer().verify(u(1), &"x".repeat(65), 0),
            Err(ButtonError::Oversized)
        );
    }

    #[test]
    fn a_fresh_button_carries_its_language_when_it_fits_and_old_ones_still_open() {
        let now = 1_800_000_000;
        let zh = signer()
            .sign_fresh_in(u(1), "buy:5:1", now, Some("zh"))
            .unwrap();
        let opened = signer().open(u(1), &zh, now).unwrap();
        assert_eq!((opened.payload, opened.lang), ("buy:5:1", Some("zh")));
        assert!(opened.token.is_some());
        // The tag is under the MAC: changed, the button is refused.
        assert_eq!(
            signer().open(u(1), &zh.replacen(".zh~", ".en~", 1), now),
            Err(ButtonError::BadSignature)
        );
        // Buttons minted without one (older versions, outbox messages) open as before.
        let plain = signer().sign_fresh(u(1), "buy:5:1", now).unwrap();
        assert_eq!(signer().open(u(1), &plain, now).unwrap().lang, None);
        // The longest payload leaves no room for the tag.
        let longest = "b".repeat(MAX_PAYLOAD_BYTES);
        let full = signer()
            .sign_fresh_in(u(i64::MAX), &longest, now, Some("zh"))
            .unwrap();
        assert!(full.len() <= MAX_CALLBACK_BYTES, "{} bytes", full.len());
        assert_eq!(signer().open(u(i64::MAX), &full, now).unwrap().lang, None);
        // Tags that are not short letters are never written.
        for odd in ["", "zh-CN", "z~", "e.n"] {
            let data = signer()
                .sign_fresh_in(u(1), "list", now, Some(odd))
                .unwrap();
            assert_eq!(signer().open(u(1), &data, now).unwrap().lang, None, "{odd}");
        }
    }

    #[test]
    fn a_posts_button_opens_for_its_chat_only_and_never_as_a_users() {
        let now = 1_800_000_000;
        let data = signer()
            .sign_fresh_for_post(-100_123, "buy:5:1", now)
            .unwrap();
        assert!(data.len() <= MAX_CALLBACK_BYTES);
        let opened = signer().open_for_post(-100_123, &data, now).unwrap();
        assert_eq!((opened.payload, opened.minted_at), ("buy:5:1", now));
        assert!(opened.token.is_some());
        assert_eq!(
            signer().open_for_post(-100_999, &data, now),
            Err(ButtonError::BadSignature)
        );
        assert_eq!(
            signer().open(u(100_123), &data, now),
            Err(ButtonError::BadSignature)
        );
        let users = signer().sign_fresh(u(7), "buy:5:1", now).unwrap();
        assert_eq!(
            signer().open_for_post(-100_123, &users, now),
            Err(ButtonError::BadSignature)
        );
        assert!(signer().sign_fresh_for_post(42, "buy:5:1", now).is_err());
    }

    #[test]
    fn an_inline_cards_button_opens_only_as_inline() {
        let now = 1_800_000_000;
        let data = signer().sign_fresh_inline("buy:5:1#s77", now).unwrap();
        let opened = signer().open_inline(&data, now).unwrap();
        assert_eq!(opened.payload, "buy:5:1#s77");
        assert!(opened.token.is_some());
        assert!(signer().open(u(77), &data, now).is_err());
        assert!(signer().open_for_post(-100, &data, now).is_err());
        let users = signer().sign_fresh(u(7), "buy:5:1", now).unwrap();
        assert_eq!(
            signer().open_inline(&users, now),
            Err(ButtonError::BadSignature)
        );
    }

    proptest! {
        #[test]
        fn verifying_arbitrary_text_never_panics(s in ".{0,80}", user in 1i64..i64::MAX) {
            let _ = signer().verify(u(user), &s, 0);
        }
    }
}
