## 商家和管理员命令（中文）。

staff-refused = 抱歉，这个命令只供商家使用。如果你在这里开店，请联系管理员。
staff-refused-admin = 抱歉，这个命令只供管理员使用。
staff-more = ……还有 { $count } 个。
staff-sale-bad-id = “{ $raw }”不是秒杀编号（例如 12）。
staff-sale-unknown = 没有 #{ $sale } 号秒杀。
staff-sale-not-yours = #{ $sale } 号秒杀属于其他商家；你只能管理自己的秒杀。

grant-usage = 用法：/grant merchant <用户 ID 或 @用户名>，例如 /grant merchant 12345。
revoke-usage = 用法：/revoke <用户 ID 或 @用户名>，例如 /revoke 12345。
grant-unknown-username = 还不认识 @{ $name }：请对方先给机器人发一条消息（或使用数字 ID）。
grant-is-admin = 用户 { $user } 是管理员；管理员身份由 ADMIN_IDS 决定。
grant-already = 用户 { $user } 已经是商家。
revoke-not-merchant = 用户 { $user } 不是商家。
grant-done = ✅ 用户 { $user } 现在是商家。
revoke-done = ✅ 用户 { $user } 不再是商家。

audit-usage = 用法：/audit 或 /audit <n>，n 为 1 到 { $max }。
audit-empty = 审计日志是空的。
audit-title = 最近 { $count } 条变更（新的在前）：
audit-line = • { $time } · 用户 { $actor } { $what }

users-counts = 用户：共 { $total } 人，活跃 { $active } 人，屏蔽机器人 { $blocked_bot } 人，被管理员封禁 { $blocked } 人，订阅者 { $subscribers } 人。

reconcile-clean = ✅ 实时库存计数器与数据库在全部 { $count } 个当前秒杀上一致。
reconcile-drifted = ⚠️ 有 { $count } 个秒杀的实时库存计数器与数据库不一致（请在空闲时运行 `flashsale reconcile --repair`）：
reconcile-drift = • #{ $sale }：数据库剩 { $store }，实时计数器{ $gate ->
    [-1] 无数据
   *[other] 剩 { $gate }
}

stock-usage = 用法：/stock 或 /stock <秒杀编号>。
stock-none = 没有进行中或即将开始的秒杀。
stock-title = { $count } 个秒杀的库存（已售包含尚未付款的订单）：
stock-row-title = #{ $sale } { $title } · { $phase ->
    [live] 进行中
    [upcoming] 未开始
    [soldout] 已售罄
    [cancelled] 已取消
   *[ended] 已结束
}
stock-row-figures = { "  " }库存 { $stock } · 已售 { $sold }（已付款 { $paid }，待付款 { $reserved }）· 剩余 { $left } · 售出 { $rate }%
stock-orders = 累计下单：{ $count } 笔（含已过期和已取消的）
stock-held = { "  " }为候补保留：{ $held } 件（已通知排队的人，尚未领取；不计入“剩余”）
stock-gate = 当前可购买：{ $left }
stock-gate-empty = 当前可购买：将在第一次购买时根据订单计算。
stock-gate-down = 当前可购买：实时库存计数器暂时无法访问，请稍后再试。

mysales-none = 你还没有秒杀。
mysales-title = 你的秒杀（{ $count } 个，新的在前）：
mysales-row = • #{ $sale } { $title } · { $phase ->
    [live] 进行中
    [upcoming] 未开始
    [soldout] 已售罄
    [cancelled] 已取消
   *[ended] 已结束
} · 开始于 { $start }

orders-usage = 用法：/orders <秒杀编号>，例如 /orders 12（单独的 /orders 显示你自己的订单）。
orders-summary = #{ $sale } { $title } 的订单：{ $count } 个
orders-none = 还没有订单。
orders-state = • { $state ->
    [pending] 待付款
    [paid] 已付款
    [expired] 已过期
   *[cancelled] 已取消
}：{ $count } 个（{ $units } 件）
orders-csv = 全部订单见下面的 CSV 文件。

cancelsale-usage = 用法：/cancelsale <秒杀编号>，例如 /cancelsale 12。
cancelsale-already = #{ $sale } 号秒杀已经取消。
cancelsale-confirm = 确定取消 #{ $sale } { $title } 吗？将立即停止销售；{ $pending } 个待付款订单会被取消，{ $paid } 个已付款订单会退款，并通知每位买家。
cancelsale-confirm-nobody = 确定取消 #{ $sale } { $title } 吗？将立即停止销售；目前没有人下单，无需退款，也无需通知任何人。
button-cancelsale-yes = 确定取消秒杀
button-cancelsale-no = 不，保留
cancelsale-kept = 好的，秒杀继续进行。
cancelsale-done = ✅ #{ $sale } { $title } 已取消：取消了 { $cancelled } 个待付款订单，退款 { $refunded } 笔。
cancelsale-buyers-told = 每位买家都会收到通知。
cancelsale-no-buyers = 没有人下过单，无需通知。
cancelsale-refunds-owed = 还有 { $count } 笔退款暂未完成；稍后再次运行 /cancelsale 重试。

chat-document-saved = 📎 文件已保存：{ $path }

tg-cmd-mysales = /mysales：我的秒杀及库存
tg-cmd-stock = /stock [编号]：当前秒杀的剩余库存，或某一场的
tg-cmd-orders-sale = /orders <编号>：汇总和 CSV
tg-cmd-cancelsale = /cancelsale <编号>：取消秒杀
tg-cmd-grant = /grant merchant <ID 或 @用户名>：设为商家
tg-cmd-revoke = /revoke <ID 或 @用户名>：收回商家身份
tg-cmd-reconcile = /reconcile：核对实时库存计数器与订单
tg-cmd-audit = /audit [条数]：最近的商家和管理员变更
tg-cmd-users = /users：用户统计
staff-private-only = 请在与机器人的私聊中使用商家和管理员命令。
block-usage = 用法：/block <用户 ID 或 @用户名> 或 /unblock <用户 ID 或 @用户名>。
block-is-admin = 用户 { $user } 是管理员（来自 ADMIN_IDS），不能被封禁。
block-done = ⛔ 用户 { $user } 已不能再购买。
unblock-done = ✅ 用户 { $user } 可以重新购买了。
buy-blocked = 抱歉，你的账号不能在本店购买。如有误会，请联系商家。
alert-hammering = 🚨 用户 { $user } 被提醒放慢后仍在刷消息（一分钟内 { $count } 条被忽略）。可考虑 /block { $user }。
alert-purchase-errors = 🚨 一分钟内有 { $count } 位买家因数据库或实时库存计数器故障被要求重试。请检查 /readyz 和日志。
alert-throttled = 🚨 Telegram 正在限流本机器人（429）：发送暂停 { $secs } 秒，群发和提醒会延迟。

## 创建与修改秒杀（/newsale、/editsale）
newsale-intro = 我们来创建一场秒杀。我会问八个简短的问题；回答有误时会说明原因并再问一次。
newsale-resumed = 你有一个未完成的秒杀草稿，我们接着来：
newsale-cancel-hint = （发送 /cancel 可随时退出。）
newsale-usage = 发送 /newsale 逐步填写，或者一行写完：/newsale "AirPods Pro 2" price=1299 stock=100 limit=1 start="{ $example }" duration=30m [keywords=airpods,耳机] [captcha=yes]
newsale-missing = 缺少：{ $fields }。
newsale-cancelled = 好的，草稿已放弃，没有创建任何秒杀。
newsale-use-buttons = 请使用预览下方的按钮：确认、修改或取消。
newsale-nothing-pending = 没有待确认的秒杀草稿（可能已经创建或取消）。发送 /newsale 重新开始。
newsale-created = ✅ 秒杀 #{ $sale } { $title } 已创建，顾客现在就能看到。如需修改：/editsale { $sale } 字段=值。
newsale-ask-title = 1/8 · 秒杀的标题是什么？（最多 { $max } 个字符，例如 AirPods Pro 2）
newsale-ask-keywords = 2/8 · 顾客搜索时可能用到的关键词，用逗号分隔（例如 airpods，耳机），没有就发 -。
newsale-ask-price = 3/8 · 价格是多少？例如 1299、1299.00、¥1299、$5 或 99 XTR（不写币种时按人民币）。
newsale-ask-stock = 4/8 · 一共卖多少件？（例如 100、100件 或 一百件）
newsale-ask-limit = 5/8 · 每位顾客最多能买几件？（例如 1 或 每人2个）
newsale-ask-start = 6/8 · 什么时候开抢？时间按 { $zone } 计算，例如 { $example }、明天晚上8点、周六晚上8点、下周一上午9点、2小时后、tomorrow 20:00。
newsale-ask-duration = 7/8 · 持续多久？例如 30分钟、2小时、半小时、1h30m、90 min。
newsale-ask-captcha = 8/8 · 顾客购买前需要先通过验证码吗？（是 或 否）
newsale-preview = 请确认新的秒杀：
newsale-card-title = 标题：{ $title }
newsale-card-keywords = 关键词：{ $keywords }
newsale-card-price = 价格：{ $price }
newsale-card-stock = 库存：{ $stock } 件 · 每人限购 { $limit } 件
newsale-card-start = 开始：{ $date } { $weekday ->
    [1] 周一
    [2] 周二
    [3] 周三
    [4] 周四
    [5] 周五
    [6] 周六
   *[7] 周日
} { $time }（{ $zone }，UTC{ $offset }）
newsale-card-end = 结束：{ $date } { $weekday ->
    [1] 周一
    [2] 周二
    [3] 周三
    [4] 周四
    [5] 周五
    [6] 周六
   *[7] 周日
} { $time }（{ $zone }，UTC{ $offset }）（持续 { $span }）
newsale-card-captcha = 验证码：{ $captcha ->
    [yes] 需要
   *[no] 不需要
}
newsale-pick-field = 要修改哪一项？
button-newsale-confirm = ✅ 确认
button-newsale-edit = ✏️ 修改
button-newsale-cancel = ✖️ 取消
button-newsale-field = { $field ->
    [title] 标题
    [keywords] 关键词
    [price] 价格
    [stock] 库存
    [limit] 每人限购
    [start] 开始时间
    [duration] 持续时间
   *[captcha] 验证码
}
field-refused = { $field ->
    [title] 标题
    [keywords] 关键词
    [price] 价格
    [stock] 库存
    [limit] 每人限购
    [start] 开始时间
    [duration] 持续时间
   *[captcha] 验证码
}有误：
field-control = 回答里含有控制字符，请输入普通文字。
field-title-empty = 标题不能为空。
field-title-long = 标题太长了：最多 { $max } 个字符。
field-title-control = 标题不能包含控制字符。
field-keywords-bad = 关键词最多 { $max } 个，用逗号分隔，每个最多 { $chars } 个字符（没有就发 -）。
field-price-bad = 这不是有效的价格，请写成 1299、1299.00 或 99 XTR 这样。
field-price-currency = 不认识币种“{ $code }”，请使用 CNY、USD、EUR 或 XTR。
field-price-zero = 价格必须大于零。
field-price-huge = 价格太高了（最多 { $max }）。
field-stock-bad = 库存必须是整数，例如 100、100件 或 一百件。
field-stock-zero = 库存至少为 1。
field-stock-huge = 库存太大了（最多 { $max }）。
field-limit-bad = 每人限购必须是整数，例如 1 或 每人2个。
field-limit-zero = 每人限购至少为 1。
field-limit-huge = 每人限购太大了（最多 { $max }）。
field-limit-above-stock = 每人限购（{ $limit }）不能超过库存（{ $stock }）。
field-start-past = 这个开始时间已经过去了，秒杀必须在将来开始。
field-start-gap = 这个本地时间在 { $zone } 不存在（夏令时跳过了它），请换一个时间。
field-start-bad = 看不懂这个时间。可以写 { $example }、明天晚上8点、周六晚上8点、2小时后 或 tomorrow 20:00。
field-duration-bad = 看不懂这个时长。可以写 30分钟、2小时、半小时、1h30m 或 90 min。
field-duration-long = 一场秒杀最长持续 { $days } 天。
field-end-before-start = 结束时间必须晚于开始时间：时长至少一分钟。
field-captcha-bad = 请回答“是”或“否”。
args-unclosed = 有一个引号没有闭合。
args-unknown = 不认识的设置“{ $key }”；可用的有 title、keywords、price、stock、limit、start、duration、captcha。
args-duplicate = “{ $key }”写了两次。
args-extra = 多出了“{ $word }”（标题里有空格时请加引号）。
editsale-usage = 用法：/editsale <秒杀编号> 字段=值 …，例如 /editsale 12 price=999 stock=50 start="明天晚上8点"。字段：title、keywords、price、stock、limit、start、duration、captcha。
editsale-started = 秒杀 #{ $sale } 已经开始：现在只能修改标题（title）和关键词（keywords），不能修改 { $fields }。
editsale-raced = 秒杀 #{ $sale } 在此期间已经开始或被取消，没有做任何修改。
editsale-done = ✅ 秒杀 #{ $sale } { $title } 已更新：
tg-cmd-newsale = /newsale：创建秒杀
tg-cmd-editsale = /editsale <编号> 字段=值：修改秒杀
# Restock and announcements (/restock, /announce)
restock-usage = 用法：/restock <秒杀编号> <件数>，例如 /restock 12 50。
restock-bad-units = “{ $raw }”不是可以补充的件数：请输入 1 到 { $max } 之间的整数。
restock-cancelled = 秒杀 #{ $sale } 已取消，不能补货。
restock-ended = 秒杀 #{ $sale } 已结束，不能补货。
restock-too-big = 这样秒杀 #{ $sale } 的库存会超过 { $max } 件，请少补一些。
restock-done = ✅ 已为 #{ $sale } { $title } 补货 { $added } 件，现在库存 { $stock } 件。
restock-waitlist = 正在按先来后到把新到的货提供给候补名单上的 { $count } 位顾客。
announce-usage = 用法：/announce <秒杀编号> [all] [文字]，例如 /announce 12 补货啦！（加上 all 会发给机器人的所有用户，而不只是订阅了这场秒杀的人。）
announce-too-long = 公告文字太长了：最多 { $max } 个字符。
announce-over = 秒杀 #{ $sale } 已结束或已取消，没有可以公告的内容。
announce-nobody = 秒杀 #{ $sale } 目前没有可通知的订阅者（或他们都屏蔽了机器人）。可以试试 /announce { $sale } all。
announce-confirm-subscribers = 📣 要把 #{ $sale } { $title } 发给它的 { $count } 位订阅者吗？{ $skipped ->
    [0] { "" }
   *[other] （另有 { $skipped } 人屏蔽了机器人，将被跳过。）
}
announce-confirm-all = 📣 要把 #{ $sale } { $title } 发给全部 { $count } 位活跃用户吗？{ $skipped ->
    [0] { "" }
   *[other] （另有 { $skipped } 人屏蔽了机器人，将被跳过。）
}
announce-estimate-free = • 普通发送：约 { $span }，每秒 { $rate } 条，免费。
announce-estimate-paid = • 付费发送：约 { $span }，每秒 { $rate } 条，{ $stars ->
    [0] 免费：全部消息都在 Telegram 每秒 30 条的免费额度以内。
   *[other] 约花费机器人余额中的 { $stars } ⭐，最多 { $stars_max } ⭐（Telegram 付费广播：每条 0.1 ⭐，每秒 30 条免费额度以内的不收费）。
}
button-announce-send = 发送
button-announce-paid = 付费发送
button-announce-cancel = 取消
announce-started = 📣 正在发给 { $count } 人，进度见下方。
announce-started-paid = 📣 正在以付费广播发给 { $count } 人，进度见下方。
announce-already = 这条公告已经发送或已取消。
announce-dropped = 公告已取消，没有发出任何消息。
announce-progress = 📣 #{ $sale } { $title }：已发送 { $sent } / { $total } · { $blocked } 人屏蔽 · { $failed } 条失败{ $unknown ->
    [0] { "" }
   *[other] { " " }· { $unknown } 条未知
} · 预计还需 { $span }
announce-summary = ✅ #{ $sale } { $title } 公告完成，用时 { $span }：发送 { $sent } 条，{ $blocked } 人屏蔽了机器人，{ $failed } 条失败。{ $unknown ->
    [0] { "" }
   *[other] { $unknown } 条未知：重启打断了发送请求，可能已送达也可能没有；为避免重复，没有再发。
}
tg-cmd-restock = /restock <编号> <件数>：为秒杀补货
tg-cmd-announce = /announce <编号> [all] [文字]：把秒杀卡片发给订阅者
# /stats: a sale's chart of units sold and stock left over time
stats-usage = 用法：/stats <秒杀编号>，例如 /stats 12。
stats-no-orders = 秒杀 #{ $sale } { $title } 还没有订单，暂时没有图表。有人下单后再来看吧。
stats-caption = 📈 秒杀 #{ $sale } { $title }：开抢后 { $span }内共 { $orders } 笔订单、{ $units } 件，每根柱代表 { $bucket }。已过期和已取消的订单不计入。
stats-chart-title = 秒杀 #{ $sale } { $title }：售出件数与剩余库存
stats-chart-x = 开抢后的秒数
stats-chart-y-sold = 每 { $bucket } 秒售出件数
stats-chart-y-left = 剩余库存
stats-chart-legend-sold = 售出
stats-chart-legend-left = 剩余库存
tg-cmd-stats = /stats <编号>：销售走势图
# Fairness: more anomaly alerts
alert-new-user-burst = 🚨 秒杀 { $sale }：开抢后 { $secs } 秒内有 { $count } 个全新用户尝试购买，可能是机器人账号。请检查订单，必要时 /block。
alert-captcha-streak = 🚨 用户 { $user } 连续 { $count } 次答错验证题。可考虑 /block { $user }。
alert-captcha-failures = 🚨 一分钟内各用户共答错验证题 { $count } 次，可能有脚本在猜答案。
alert-drift = 🚨 秒杀 { $sale }：实时库存计数器显示剩 { $gate } 件，数据库显示 { $store } 件，连续两次检查不一致。请先 /reconcile，等秒杀平静后运行 `flashsale reconcile --repair`。
alert-backend-errors = 🚨 购买流程中 { $backend } 一分钟内出错 { $count } 次。请检查 /readyz 和日志。
# /stats: buyers and units by source (channel posts, shares, direct)
stats-sources-head = 买家来源：
stats-source-post = • { $chat } 的帖子 #{ $post }：{ $buyers } 位买家，{ $units } 件
stats-source-share = • { $who } 分享：{ $buyers } 位买家，{ $units } 件
stats-source-direct = • 直接购买：{ $buyers } 位买家，{ $units } 件
stats-source-other = • 其他 { $count } 个来源：{ $buyers } 位买家，{ $units } 件
