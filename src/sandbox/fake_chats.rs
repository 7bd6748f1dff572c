//! Channels and groups in the fake Bot API: chats a test registers, who stands how in them
//! (creator, administrator with or without "Post messages", member, gone), `getChat` and
//! `getChatMember` answered from that, posts refused where the bot may not post, and the
//! `my_chat_member` updates Telegram sends when someone promotes or removes the bot.

use std::collections::HashMap;

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::fake_answers::{BOT_ID, bot_user, customer, error, ok};
use super::fake_bot_api::FakeBotApi;
use super::fake_state::{FakeState, lock};

/// Someone's standing in a fake chat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FakeStanding {
    /// The chat's creator.
    Creator,
    /// An administrator; `can_post`: may post messages (channels).
    Admin { can_post: bool },
    /// A plain member.
    Member,
    /// Not in the chat.
    Left,
}

/// A channel or group the fake knows.
#[derive(Debug, Clone)]
pub(super) struct FakeChat {
    title: String,
    username: Option<String>,
    channel: bool,
    members: HashMap<i64, FakeStanding>,
}

impl FakeChat {
    fn chat_json(&self, id: i64) -> Value {
        let kind = if self.channel {
            "channel"
        } else {
            "supergroup"
        };
        let mut chat = json!({"id": id, "type": kind, "title": self.title});
        if let Some(u) = &self.username {
            chat["username"] = json!(u);
        }
        chat
    }

    fn full_json(&self, id: i64) -> Value {
        let mut chat = self.chat_json(id);
        chat["accepted_gift_types"] = json!({"unlimited_gifts": false, "limited_gifts": false,
            "unique_gifts": false, "premium_subscription": false});
        chat["max_reaction_count"] = json!(11);
        chat["accent_color_id"] = json!(0);
        chat
    }

    fn standing(&self, user: i64) -> FakeStanding {
        self.members
            .get(&user)
            .copied()
            .unwrap_or(FakeStanding::Left)
    }

    /// Whether the bot may post here, as Telegram would allow it.
    fn bot_may_post(&self) -> bool {
        match self.standing(BOT_ID) {
            FakeStanding::Creator => true,
            FakeStanding::Admin { can_post } => can_post || !self.channel,
            FakeStanding::Member => !self.channel,
            FakeStanding::Left => false,
        }
    }
}

fn member_json(user: Value, standing: FakeStanding) -> Value {
    match standing {
        FakeStanding::Creator => json!({"status": "creator", "user": user, "is_anonymous": false}),
        FakeStanding::Admin { can_post } => json!({"status": "administrator", "user": user,
            "can_be_edited": false, "is_anonymous": false, "can_manage_chat": true,
            "can_delete_messages": true, "can_manage_video_chats": true,
            "can_restrict_members": true, "can_promote_members": false, "can_change_info": true,
            "can_invite_users": true, "can_post_messages": can_post, "can_edit_messages": true,
            "can_pin_messages": true, "can_post_stories": false, "can_edit_stories": false,
            "can_delete_stories": false, "can_manage_topics": false}),
        FakeStanding::Member => json!({"status": "member", "user": user}),
        FakeStanding::Left => json!({"status": "left", "user": user}),
    }
}

fn user_json(user: i64) -> Value {
    if user == BOT_ID {
        bot_user()
    } else {
        customer(user, "en")
    }
}

/// The chat a request names by `chat_id` (a number or "@username"), with its id.
fn named(state: &FakeState, body: &Value) -> Option<(i64, FakeChat)> {
    let chats = lock(&state.chats);
    match &body["chat_id"] {
        Value::Number(n) => {
            let id = n.as_i64()?;
            chats.get(&id).map(|c| (id, c.clone()))
        }
        Value::String(s) => {
            let name = s.strip_prefix('@')?;
            chats
                .iter()
                .find(|(_, c)| {
                    c.username
                        .as_deref()
                        .is_some_and(|u| u.eq_ignore_ascii_case(name))
                })
                .map(|(id, c)| (*id, c.clone()))
        }
        _ => None,
    }
}

fn not_found() -> Response {
    error(StatusCode::BAD_REQUEST, "Bad Request: chat not found", None)
}

/// `getChat` and `getChatMember`; `None` for other methods.
pub(super) fn answer_chat_method(
    state: &FakeState,
    method: &str,
    body: &Value,
) -> Option<Response> {
    match method {
        "getchat" => Some(match named(state, body) {
            Some((id, chat)) => ok(chat.full_json(id)),
            None => not_found(),
        }),
        "getchatmember" => Some(match named(state, body) {
            Some((_, chat)) => {
                let user = body["user_id"].as_i64().unwrap_or(0);
                ok(member_json(user_json(user), chat.standing(user)))
            }
            None => not_found(),
        }),
        _ => None,
    }
}

/// A send to a registered chat where the bot may not post is refused as Telegram does.
pub(super) fn refuse_post(state: &FakeState, chat: i64) -> Option<Response> {
    let chats = lock(&state.chats);
    let c = chats.get(&chat)?;
    (!c.bot_may_post()).then(|| {
        error(
            StatusCode::BAD_REQUEST,
            "Bad Request: need administrator rights in the channel chat",
            None,
        )
    })
}

/// The `chat` object of a message in `chat`, when it is a registered channel or group.
pub(super) fn chat_object(state: &FakeState, chat: i64) -> Option<Value> {
    lock(&state.chats).get(&chat).map(|c| c.chat_json(chat))
}

impl FakeBotApi {
    /// Registers a channel (`channel`) or group with an optional @username.
    pub fn add_chat(&self, id: i64, title: &str, username: Option<&str>, channel: bool) {
        lock(&self.state.chats).insert(
            id,
            FakeChat {
                title: title.to_owned(),
                username: username.map(str::to_owned),
                channel,
                members: HashMap::new(),
            },
        );
    }

    /// Sets `user`'s standing in `chat` (the bot is [`FakeBotApi::BOT_ID`]).
    pub fn set_member(&self, chat: i64, user: i64, standing: FakeStanding) {
        if let Some(c) = lock(&self.state.chats).get_mut(&chat) {
            c.members.insert(user, standing);
        }
    }

    /// `by` changes the bot's standing in `chat` to `now`: the standing is set and Telegram's
    /// `my_chat_member` update is queued; returns its update id.
    pub fn bot_standing_set_by(&self, chat: i64, by: i64, now: FakeStanding) -> i64 {
        let (old, chat_json) = {
            let mut chats = lock(&self.state.chats);
            let Some(c) = chats.get_mut(&chat) else {
                return 0;
            };
            let old = c.standing(BOT_ID);
            c.members.insert(BOT_ID, now);
            (old, c.chat_json(chat))
        };
        self.push_update(json!({"my_chat_member": {
            "chat": chat_json,
            "from": customer(by, "en"),
            "date": chrono::Utc::now().timestamp(),
            "old_chat_member": member_json(bot_user(), old),
            "new_chat_member": member_json(bot_user(), now)}}))
    }
}

impl FakeBotApi {
    /// A press by `user` of a button carrying `data` on the post `message_id` in the
    /// channel or group `chat` (the update carries the post as the fake last stored it).
    pub fn press_on_post(
        &self,
        user: i64,
        chat: i64,
        message_id: i64,
        query_id: &str,
        data: &str,
    ) -> i64 {
        let Some(chat_json) = chat_object(&self.state, chat) else {
            return 0;
        };
        let message = json!({"message_id": message_id,
            "date": chrono::Utc::now().timestamp(), "chat": chat_json, "text": "post"});
        self.push_press(user, (chat, message_id), message, query_id, data)
    }

    /// `user` forwards to the bot, in private, post `message_id` of the channel `chat`.
    pub fn forward_from_channel(&self, user: i64, chat: i64, message_id: i64) -> i64 {
        let Some(chat_json) = chat_object(&self.state, chat) else {
            return 0;
        };
        let now = chrono::Utc::now().timestamp();
        self.push_update(json!({"message": {
            "message_id": 1, "date": now,
            "chat": {"id": user, "type": "private", "first_name": "Buyer"},
            "from": customer(user, "en"),
            "forward_origin": {"type": "channel", "chat": chat_json, "message_id": message_id,
                               "date": now},
            "text": "Big sale tonight!"}}))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use teloxide::types::{ChatFullInfo, ChatMember, ChatMemberKind, Update, UpdateKind};

    fn chat(channel: bool) -> FakeChat {
        FakeChat {
            title: "Deals".into(),
            username: Some("deals_daily".into()),
            channel,
            members: HashMap::new(),
        }
    }

    #[test]
    fn teloxide_reads_the_fakes_chats_and_members() {
        for channel in [true, false] {
            let info: ChatFullInfo =
                serde_json::from_value(chat(channel).full_json(-1_007)).expect("chat parses");
            assert_eq!(info.is_channel(), channel);
            assert_eq!(info.username(), Some("deals_daily"));
        }
        for (standing, admin) in [
            (FakeStanding::Creator, false),
            (FakeStanding::Admin { can_post: true }, true),
            (FakeStanding::Member, false),
            (FakeStanding::Left, false),
        ] {
            let m: ChatMember =
                serde_json::from_value(member_json(customer(5, "en"), standing)).expect("member");
            assert_eq!(matches!(m.kind, ChatMemberKind::Administrator(_)), admin);
        }
        let update = json!({"update_id": 1, "my_chat_member": {
            "chat": chat(true).chat_json(-1_007), "from": customer(5, "en"), "date": 0,
            "old_chat_member": member_json(bot_user(), FakeStanding::Left),
            "new_chat_member": member_json(bot_user(), FakeStanding::Admin { can_post: true })}});
        let inner: Result<teloxide::types::ChatMemberUpdated, _> =
            serde_json::from_value(update["my_chat_member"].clone());
        assert!(inner.is_ok(), "{inner:?}");
        // As the bot reads it: from the wire.
        let u: Update = serde_json::from_str(&update.to_string()).expect("update parses");
        assert!(
            matches!(u.kind, UpdateKind::MyChatMember(_)),
            "{:?}",
            u.kind
        );
    }
}
