# Channels and groups: linking them and live sale posts in them (issue #19)
tg-cmd-channel = /channel add|list|remove|lang: the channels and groups you post sales in
tg-cmd-post = /post <sale> <@channel>: post a sale's live card in a linked channel or group
channel-usage = Use /channel add <@channel> [en|zh], /channel list, /channel remove <@channel> or /channel lang <@channel> <en|zh>. A chat without a public @name is named by its id (-100…).
channel-unavailable = This chat has no Telegram channels or groups to link or post in. Run the bot on Telegram (TELEGRAM_BOT_TOKEN) to use /channel and /post.
channel-bad-chat = "{ $raw }" is not a channel or group. Name it as @name, t.me/name or by its id (-100…).
channel-not-found = I can't see { $chat }. Add me to the chat first (in a channel: as an administrator allowed to post messages), then try again.
channel-bot-cannot-post = I can't post in { $title }. Make me an administrator of the channel with "Post messages" allowed, then try again.
channel-bot-not-in-group = I can't write in { $title }. Add me to the group (and let me send messages), then try again.
channel-not-admin = You are not an administrator of { $title }, so you can't link it or post in it.
channel-linked-by-other = { $title } is already linked by another merchant; they or an admin can remove it with /channel remove.
channel-linked = Linked { $channel ->
    [1] the channel
   *[0] the group
} { $title }. Posts there are in { $lang }. Post a sale with /post <sale> { $handle }.
channel-not-linked = { $chat } is not linked. Link it first with /channel add { $chat }.
channel-not-yours = { $title } was linked by another merchant; you can change only your own links.
channel-list-empty = No channels or groups are linked yet. Link one with /channel add <@channel>.
channel-list-title = { $count ->
    [one] 1 linked chat:
   *[other] { $count } linked chats:
}
channel-list-line = • { $title } · { $channel ->
    [1] channel
   *[0] group
} · posts in { $lang } · { $live } live { $live ->
    [one] post
   *[other] posts
}
channel-list-line-owner = • { $title } · { $channel ->
    [1] channel
   *[0] group
} · posts in { $lang } · { $live } live { $live ->
    [one] post
   *[other] posts
} · linked by user { $owner }
channel-removed = Removed { $title }. { $live ->
    [0] It had no live posts.
    [one] Its live post is no longer updated.
   *[other] Its { $live } live posts are no longer updated.
}
channel-lang-set = Posts in { $title } are now in { $lang }, live ones from their next update.
channel-unlinked-bot-removed = I was removed from { $title } (or may no longer post there), so it is unlinked. { $live ->
    [0] It had no live posts.
    [one] Its live post is no longer updated.
   *[other] Its { $live } live posts are no longer updated.
}
channel-check-failed = I couldn't check that chat with Telegram just now. Please try /channel add again in a minute.
post-usage = Use /post <sale> <@channel>, e.g. /post 12 @my_deals. The chat must be linked (/channel add).
post-sale-over = Sale #{ $sale } has ended or was cancelled; there is nothing to post.
post-bot-cannot-post = Telegram refused my post in { $title }: I may no longer post there. Check my administrator rights, or remove the link with /channel remove.
post-done = Posted sale #{ $sale } in { $title }. { $live ->
    [1] The post shows the stock left while it sells, then "sold out" or "ended".
   *[0] The post counts down, turns into the live card with Buy at the start, then shows the stock left until the end.
}
post-footer = Tap a button to continue in a private chat with me.
post-button-remind = 🔔 Remind me
post-button-buy = 🛒 Buy now
post-button-waitlist = ⏳ Join the waitlist
audit-link-chat = linked chat { $id }
audit-unlink-chat = unlinked chat { $id }
audit-chat-lang = set the language of chat { $id } to { $lang }
audit-post-sale = posted sale #{ $id } in chat { $chat }
post-open-bot = Open the bot to see it and pay: tap here.
# Inline mode (@bot airpods in any chat) and the Share button on private cards
button-share = ↗️ Share
inline-open-bot = 🤖 Open in the bot
inline-none-title = No current sale matches “{ $query }”
inline-none-text = No current sale matches that. Open the bot to see every sale.
