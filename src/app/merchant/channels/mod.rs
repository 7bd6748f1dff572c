//! Channels and groups merchants sell in: linking one safely (`/channel`, or the bot being
//! made an administrator there), and live sale posts in them (`/post`).
//!
//! The transport gives a [`ChatPort`] (Telegram's `getChat`, `getChatMember`, sending and
//! editing posts); a transport without channels (the terminal chat) gives [`NoChats`], and
//! the commands say so. A link is made only after the port confirmed both that the bot may
//! post in the chat and that the merchant is one of its administrators; every change is
//! audited.

pub(crate) mod link;
pub(crate) mod manage;
pub(crate) mod noticed;
pub(crate) mod post;

use async_trait::async_trait;

use crate::app::inbound::Reply;
use crate::delivery::SendOutcome;
use crate::domain::UserId;

/// A chat as a staff command names it: `@username` or its numeric id (`-100…`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChatRef {
    /// A public @username, without the @.
    Username(String),
    /// Telegram's chat id.
    Id(i64),
}

impl ChatRef {
    /// `@name` (5–32 letters, digits or `_`), a `t.me/name` link, or a negative chat id;
    /// `None` for anything else (private chats have positive ids and are never linked).
    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        if let Ok(id) = raw.parse::<i64>() {
            return (id < 0).then_some(ChatRef::Id(id));
        }
        let name = raw
            .strip_prefix('@')
            .or_else(|| raw.strip_prefix("https://t.me/"))
            .or_else(|| raw.strip_prefix("t.me/"))?;
        let valid = (5..=32).contains(&name.len())
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        valid.then(|| ChatRef::Username(name.to_owned()))
    }
}

impl std::fmt::Display for ChatRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChatRef::Username(n) => write!(f, "@{n}"),
            ChatRef::Id(id) => write!(f, "{id}"),
        }
    }
}

/// What the transport found out about a channel or group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatFacts {
    pub id: i64,
    pub title: String,
    /// Its public @username, without the @.
    pub username: Option<String>,
    /// A channel (only administrators post) rather than a group.
    pub channel: bool,
}

/// Someone's standing in a chat, as `getChatMember` tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// The chat's creator.
    Owner,
    /// An administrator; `can_post`: may post messages (what a channel needs).
    Admin { can_post: bool },
    /// A plain member (in a group: may write).
    Member,
    /// A member who may not send messages.
    Muted,
    /// Not in the chat (left, banned, never joined).
    Absent,
}

impl Standing {
    /// Runs the chat: its creator or an administrator.
    pub fn is_admin(self) -> bool {
        matches!(self, Standing::Owner | Standing::Admin { .. })
    }

    /// May the bot, standing so, post (and edit its posts) in a channel (`channel`) or group.
    pub fn may_post(self, channel: bool) -> bool {
        match self {
            Standing::Owner => true,
            Standing::Admin { can_post } => can_post || !channel,
            Standing::Member => !channel,
            Standing::Muted | Standing::Absent => false,
        }
    }
}

/// Whose standing to look up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// The bot itself.
    Bot,
    /// A user.
    User(UserId),
}

/// A lookup the transport could not make (the chat API failed, not "no such chat").
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("chat lookup failed: {0}")]
pub struct ChatPortError(pub String);

/// What the app needs from a transport to run channels and posts.
#[async_trait]
pub trait ChatPort: Send + Sync {
    /// Whether this transport has real channels and groups.
    fn available(&self) -> bool {
        true
    }

    /// The chat `chat` names; `Ok(None)` when there is none the bot can see.
    async fn find(&self, chat: &ChatRef) -> Result<Option<ChatFacts>, ChatPortError>;

    /// `who`'s standing in `chat`.
    async fn standing(&self, chat: i64, who: Who) -> Result<Standing, ChatPortError>;

    /// Posts `card` in `chat` (paced within the chat's limit); its message id, or why not.
    /// (The countdown worker keeps it live afterwards.)
    async fn post(&self, chat: i64, card: &Reply) -> Result<i64, SendOutcome>;
}

/// The port of a transport without channels (the terminal chat): nothing to find, post or
/// edit, and the commands say so.
pub struct NoChats;

#[async_trait]
impl ChatPort for NoChats {
    fn available(&self) -> bool {
        false
    }

    async fn find(&self, _chat: &ChatRef) -> Result<Option<ChatFacts>, ChatPortError> {
        Ok(None)
    }

    async fn standing(&self, _chat: i64, _who: Who) -> Result<Standing, ChatPortError> {
        Ok(Standing::Absent)
    }

    async fn post(&self, _chat: i64, _card: &Reply) -> Result<i64, SendOutcome> {
        Err(SendOutcome::Permanent("no channels here".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chats_are_named_by_username_link_or_negative_id() {
        assert_eq!(
            ChatRef::parse("@Gadget_Deals"),
            Some(ChatRef::Username("Gadget_Deals".into()))
        );
        assert_eq!(
            ChatRef::parse("https://t.me/gadgetdeals"),
            Some(ChatRef::Username("gadgetdeals".into()))
        );
        assert_eq!(ChatRef::parse("-1001234"), Some(ChatRef::Id(-1_001_234)));
        for bad in ["42", "@abc", "@has space", "gadgets", "@", "@名字频道频道"] {
            assert_eq!(ChatRef::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_channel_needs_post_rights_and_a_group_only_membership() {
        assert!(Standing::Admin { can_post: true }.may_post(true));
        assert!(!Standing::Admin { can_post: false }.may_post(true));
        assert!(Standing::Admin { can_post: false }.may_post(false));
        assert!(!Standing::Member.may_post(true));
        assert!(Standing::Member.may_post(false));
        assert!(!Standing::Muted.may_post(false));
        assert!(!Standing::Absent.may_post(false));
        assert!(Standing::Owner.is_admin() && !Standing::Member.is_admin());
    }
}
