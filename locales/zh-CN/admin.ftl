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
audit-line = • { $time } · 用户 { $actor } · { $action ->
    [grant] 授予商家：
    [revoke] 撤销商家：
    [cancel-sale] 取消秒杀
   *[other] { $action }
} { $subject }：{ $before } → { $after }

users-counts = 用户：共 { $total } 人，活跃 { $active } 人，屏蔽机器人 { $blocked_bot } 人，被管理员封禁 { $blocked } 人，订阅者 { $subscribers } 人。

reconcile-clean = ✅ 库存闸门与数据库在全部 { $count } 个当前秒杀上一致。
reconcile-drifted = ⚠️ 有 { $count } 个秒杀的库存闸门与数据库不一致（请在空闲时运行 `flashsale reconcile --repair`）：
reconcile-drift = • #{ $sale }：数据库剩 { $store }，闸门{ $gate ->
    [-1] 无数据
   *[other] 剩 { $gate }
}

stock-usage = 用法：/stock 或 /stock <秒杀编号>。
stock-none = 没有进行中或即将开始的秒杀。
stock-title = { $count } 个秒杀的库存（预留 = 未付款，已售 = 预留 + 已付款）：
stock-row-title = #{ $sale } { $title } · { $phase ->
    [live] 进行中
    [upcoming] 未开始
    [soldout] 已售罄
    [cancelled] 已取消
   *[ended] 已结束
}
stock-row-figures = { "  " }库存 { $stock } · 预留 { $reserved } · 已售 { $sold } · 已付 { $paid } · 剩余 { $left } · { $rate }%
stock-orders = 订单：{ $count }
stock-gate = 闸门：剩 { $left }
stock-gate-empty = 闸门：尚未加载（第一次购买时加载）。
stock-gate-down = 闸门：暂时无法访问。

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
button-cancelsale-yes = 确定取消秒杀
button-cancelsale-no = 不，保留
cancelsale-kept = 好的，秒杀继续进行。
cancelsale-done = ✅ #{ $sale } { $title } 已取消：取消了 { $cancelled } 个待付款订单，退款 { $refunded } 笔。
cancelsale-buyers-told = 每位买家都会收到通知。
cancelsale-refunds-owed = 还有 { $count } 笔退款暂未完成；稍后再次运行 /cancelsale 重试。

chat-document-saved = 📎 文件已保存：{ $path }

tg-cmd-mysales = 我的秒杀（商家）
tg-cmd-stock = 当前秒杀库存，或 /stock <编号>
tg-cmd-orders-sale = /orders <编号>：汇总和 CSV
tg-cmd-cancelsale = /cancelsale <编号>：取消秒杀
tg-cmd-grant = /grant merchant <ID 或 @用户名>
tg-cmd-revoke = /revoke <ID 或 @用户名>
tg-cmd-reconcile = 核对库存闸门与数据库
tg-cmd-audit = 最近的商家和管理员变更
tg-cmd-users = 用户统计
staff-private-only = 请在与机器人的私聊中使用商家和管理员命令。
block-usage = 用法：/block <用户 ID 或 @用户名> 或 /unblock <用户 ID 或 @用户名>。
block-is-admin = 用户 { $user } 是管理员（来自 ADMIN_IDS），不能被封禁。
block-done = ⛔ 用户 { $user } 已不能再购买。
unblock-done = ✅ 用户 { $user } 可以重新购买了。
buy-blocked = 抱歉，你的账号不能在本店购买。如有误会，请联系商家。
alert-hammering = 🚨 用户 { $user } 被提醒放慢后仍在刷消息（一分钟内 { $count } 条被忽略）。可考虑 /block { $user }。
alert-purchase-errors = 🚨 一分钟内有 { $count } 位买家因数据库或库存闸门故障被要求重试。请检查 /readyz 和日志。
alert-throttled = 🚨 Telegram 正在限流本机器人（429）：发送暂停 { $secs } 秒，群发和提醒会延迟。

# Fairness: more anomaly alerts
alert-new-user-burst = 🚨 秒杀 { $sale }：开抢后 { $secs } 秒内有 { $count } 个全新用户尝试购买，可能是机器人账号。请检查订单，必要时 /block。
alert-captcha-streak = 🚨 用户 { $user } 连续 { $count } 次答错验证题。可考虑 /block { $user }。
alert-captcha-failures = 🚨 一分钟内各用户共答错验证题 { $count } 次，可能有脚本在猜答案。
alert-drift = 🚨 秒杀 { $sale }：库存闸门显示剩 { $gate } 件，数据库显示 { $store } 件，连续两次检查不一致。请先 /reconcile，等秒杀平静后运行 `flashsale reconcile --repair`。
alert-backend-errors = 🚨 购买流程中 { $backend } 一分钟内出错 { $count } 次。请检查 /readyz 和日志。
