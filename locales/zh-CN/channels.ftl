# 频道与群组：关联频道和群组，并在其中发布实时秒杀帖（issue #19）
tg-cmd-channel = /channel add|list|remove|lang：管理用来发布秒杀的频道和群组
tg-cmd-post = /post <编号> <@频道>：在已关联的频道或群组里发布实时秒杀卡片
channel-usage = 用法：/channel add <@频道> [en|zh]、/channel list、/channel remove <@频道> 或 /channel lang <@频道> <en|zh>。没有公开 @名称 的群组请用它的编号（-100…）。
channel-unavailable = 这里没有可以关联或发帖的 Telegram 频道和群组。请在 Telegram 上运行机器人（设置 TELEGRAM_BOT_TOKEN）后再用 /channel 和 /post。
channel-bad-chat = “{ $raw }”不是频道或群组。请写成 @名称、t.me/名称 或它的编号（-100…）。
channel-not-found = 我看不到 { $chat }。请先把我加进去（频道里要设为可以发消息的管理员），再试一次。
channel-bot-cannot-post = 我不能在 { $title } 发帖。请把我设为该频道的管理员并允许“发布消息”，再试一次。
channel-bot-not-in-group = 我不能在 { $title } 发言。请把我加入该群组（并允许我发消息），再试一次。
channel-not-admin = 您不是 { $title } 的管理员，不能关联它，也不能在里面发帖。
channel-linked-by-other = { $title } 已被另一位商家关联；只有对方或管理员可以用 /channel remove 解除。
channel-linked = 已关联{ $channel ->
    [1] 频道
   *[0] 群组
} { $title }。那里的帖子使用 { $lang }。用 /post <编号> { $handle } 发布秒杀。
channel-not-linked = { $chat } 尚未关联。请先用 /channel add { $chat } 关联。
channel-not-yours = { $title } 是另一位商家关联的；您只能修改自己的关联。
channel-list-empty = 还没有关联任何频道或群组。用 /channel add <@频道> 关联一个。
channel-list-title = 已关联 { $count } 个聊天：
channel-list-line = • { $title } · { $channel ->
    [1] 频道
   *[0] 群组
} · 帖子语言 { $lang } · { $live } 个实时帖
channel-list-line-owner = • { $title } · { $channel ->
    [1] 频道
   *[0] 群组
} · 帖子语言 { $lang } · { $live } 个实时帖 · 由用户 { $owner } 关联
channel-removed = 已移除 { $title }。{ $live ->
    [0] 它没有实时帖。
   *[other] 它的 { $live } 个实时帖不再更新。
}
channel-lang-set = { $title } 的帖子现在使用 { $lang }，实时帖在下次更新时切换。
channel-unlinked-bot-removed = 我已被移出 { $title }（或不能再在那里发帖），所以已解除关联。{ $live ->
    [0] 它没有实时帖。
   *[other] 它的 { $live } 个实时帖不再更新。
}
channel-check-failed = 暂时无法向 Telegram 核实这个聊天。请过一分钟再试 /channel add。
post-usage = 用法：/post <编号> <@频道>，例如 /post 12 @my_deals。该聊天必须已关联（/channel add）。
post-sale-over = 秒杀 #{ $sale } 已结束或已取消，没有可发布的内容。
post-bot-cannot-post = Telegram 拒绝了我在 { $title } 的帖子：我可能已不能在那里发帖。请检查我的管理员权限，或用 /channel remove 解除关联。
post-done = 已在 { $title } 发布秒杀 #{ $sale }。{ $live ->
    [1] 帖子会在开售期间显示剩余库存，之后显示“已售罄”或“已结束”。
   *[0] 帖子会倒计时，开抢时变成带“立即抢购”按钮的实时卡片，之后显示剩余库存直到结束。
}
post-footer = 点按钮即可在与我的私聊中继续。
post-button-remind = 🔔 提醒我
post-button-buy = 🛒 立即抢购
post-button-waitlist = ⏳ 加入候补
audit-link-chat = 关联了聊天 { $id }
audit-unlink-chat = 解除了聊天 { $id } 的关联
audit-chat-lang = 把聊天 { $id } 的语言设为 { $lang }
audit-post-sale = 在聊天 { $chat } 发布了秒杀 #{ $id }
post-open-bot = 打开机器人查看并付款：点这里。
# Inline mode (@bot airpods in any chat) and the Share button on private cards
button-share = ↗️ 分享
inline-open-bot = 🤖 在机器人中打开
inline-none-title = 没有与“{ $query }”匹配的秒杀
inline-none-text = 目前没有匹配的秒杀。打开机器人查看全部秒杀。
