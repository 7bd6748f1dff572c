## 顾客对话（简体中文）。

unit-day = { $n } 天
unit-hour = { $n } 小时
unit-minute = { $n } 分钟
unit-second = { $n } 秒

phase-upcoming = ⏳ 还有 { $span }开始（{ $time }）
phase-live = 🔥 抢购中，剩 { $remaining } 件，{ $span }后结束
phase-sold-out = ❌ 已抢光
phase-ended = 已结束
phase-cancelled = 已取消

list-header = 当前有 { $count } 场秒杀：
list-item = • { $title } — { $price }
list-hint = 点一个看详情，或者直接说“抢两个耳机”“switch 几点开始”。
list-empty = 现在没有秒杀活动。

info-title = { $title } — { $price }
info-stock = 库存：还剩 { $remaining } / { $stock } 件
info-limit = 每人限购 { $limit } 件

countdown-title = { $title }：
countdown-remind-hint = 点“提醒我”（或者直接说“提醒我”），开始时我会通知你。

ask-which = 你说的是哪一个？
sale-gone = 这场秒杀已经不存在了。

remind-set = 🔔 好的，{ $title } 开始时我会提醒你。
remind-already = 🔔 你已经在 { $title } 的提醒名单里了。
remind-live = { $title } 正在抢购中，不用等了！
remind-too-late = { $title } 已经没有可以提醒的了。

orders-header = 你最近的订单：
orders-item = #{ $order } { $title } × { $qty } · { $total } — { $state ->
    [pending] 待付款
    [paid] 已付款
    [expired] 已过期
   *[cancelled] 已取消
}
orders-empty = 你还没有订单。

qty-zero = 零件？告诉我要几件，比如“买 2 个”。
qty-negative = 数量不能是负数。告诉我要几件，比如“买 2 个”。
qty-too-large = { $qty } 件远远超过这场秒杀能买的数量。
qty-not-a-number = 没看懂这个数量，请用整数，比如“买 2 个”。
qty-everything = 每人只能买几件，没法帮你全部买下。告诉我要几件，比如“买 2 个”。
qty-vague = 要几件？说个数字就行，比如“买 2 个”。
qty-limit-is = 每人限购 { $limit } 件。
qty-how = 请说一个小一点的整数，比如“抢两个耳机”。

buy-over-limit = 抱歉，{ $title } 每人限购 { $limit } 件，不能帮你买 { $qty } 件。
buy-confirm = 确定要买 { $qty } 件 { $title }，共 { $total } 吗？超过 { $over } 件的订单我都会先请你确认。
buy-cancelled = 好的，没有下单。
buy-won = 🎉 抢到了：{ $title } × { $qty }，{ $qty ->
    [1] 共 { $total }
   *[other] 单价 { $price }，共 { $total }
}，订单号 #{ $order }。
buy-remaining = 这场还剩 { $remaining } 件。
buy-already-ordered = 这个请求已经生成了订单 #{ $order }。
buy-try-again = 我们这边出了点问题，没有下单成功，请再试一次。
buy-sold-out = 😢 { $title } 已经抢光了。
buy-not-enough = { $title } 只剩 { $remaining } 件，不够 { $qty } 件。
buy-limit-reached = 你已经买了 { $held } 件，每人限购 { $limit } 件{ $can ->
    [0] 。
   *[other] ，还能再买 { $can } 件。
}
buy-not-started = { $title } 还没开始：还有 { $span }开始。
buy-ended = { $title } 已结束。
buy-cancelled-sale = { $title } 已取消。
buy-duplicate = 这个请求我已经处理过了。

help-intro = 👋 我是秒杀助手，中文英文都可以问我：
help-examples = • “有什么秒杀” • “switch 多少钱” • “耳机几点开抢” • “我要抢两个耳机” • “提醒我” • “我的订单” • 输入 /lang en 切换英文
fallback = 抱歉，我没听懂。
fallback-hint = 试试“有什么秒杀”“抢两个耳机”“几点开始”或“我的订单”。
input-empty = 这条消息是空的。
input-too-long = 消息太长了，请控制在 { $max } 个字以内。
command-unknown = 不认识这个命令。
error-try-again = 暂时查不到秒杀信息，请稍后再试。
lang-set = 好的，我会说中文。
lang-usage = 用 /lang en 或 /lang zh 切换语言。

button-list = 🛍 秒杀列表
button-help = ❓ 帮助
button-orders = 📦 我的订单
button-sale = { $title }
button-buy = 🛒 买 1 件 { $title }
button-buy-n = 🛒 买 { $qty } 件
button-buy-qty-title = 🛒 买 { $qty } 件 { $title }
button-remind = 🔔 提醒我
button-yes = ✅ 确定
button-no = ✖ 不要了
button-retry = 🔁 再试一次
button-stale = 这个按钮已经失效了。

## Telegram transport
tg-button-invalid = 这个按钮已经失效了。发送 /sales 查看当前的秒杀。
tg-button-expired = 这个按钮已过期。发送 /sales 获取新的。
tg-text-only = 我只能看懂文字消息。试试“有什么秒杀”或 /help。
tg-busy = 抱歉，我们这边出了点问题，请稍后再试。
tg-cmd-start = 开始并查看秒杀
tg-cmd-sales = 当前有哪些秒杀
tg-cmd-orders = 我的订单
tg-cmd-lang = 语言：/lang en 或 /lang zh
tg-cmd-help = 使用说明

## 提醒（稍后通过发件箱发送）
reminder-soon = ⏰ { $title } 还有 { $minutes } 分钟开抢，准备好！
reminder-live = 🔥 { $title } 开抢了！手慢无，点这里购买。
button-details = ℹ️ 详情
button-buy-now = 🛒 立即抢 1 件

## 订单
order-expired = ⌛ 你的订单 #{ $order }（{ $title }）未在时限内付款，已失效，商品已重新开放抢购。
button-refresh = 🔄 刷新
tg-card-refreshed = 已更新
limit-slow-down = ⏱ 操作太快啦，请等 { $secs } 秒再试。
limit-busy = 🔥 抢购的人太多了！请 { $secs } 秒后再试。

## 付款（Telegram Stars）与我的订单
buy-pay-stars = ⭐ 请在 { $span }内用下面的账单支付 { $stars } 颗星，否则预订会失效。
buy-claim = 📝 这是预订：请在 { $span }内向商家出示订单 #{ $order } 付款取货，否则预订会失效。
invoice-description = 订单 #{ $order }：{ $title } × { $qty }
invoice-label = { $title } × { $qty }
orders-pay-within = ⏳ 还有 { $span }付款
button-pay = ⭐ 支付 #{ $order }
button-cancel-order = ✖ 取消 #{ $order }
pay-invoice = 这是订单 #{ $order } 的账单，还有 { $span }付款。
order-unknown = 在你的订单里找不到这个订单。
order-cancelled = ✖ 订单 #{ $order }（{ $title }）已取消，商品已重新开放抢购。
order-cancel-closed = 订单 #{ $order } 已不在待付款状态，无需取消。
pay-refused-unknown = 这张账单不对应你的任何待付款订单。
pay-refused-expired = 订单 #{ $order } 已失效：付款时间已过。
pay-refused-paid = 订单 #{ $order } 已经付过款了。
pay-refused-closed = 订单 #{ $order } 已取消，不能付款。
pay-refused-mismatch = 这笔付款的金额或币种与订单 #{ $order } 不符。
pay-refused-busy = 暂时无法核对这个订单，请稍后再试。
pay-confirmed = ✅ 付款成功：{ $stars } 颗星，{ $title } × { $qty }，订单 #{ $order }。谢谢！
pay-late-refunded = ⌛ 订单 #{ $order }（{ $title }）的付款在订单失效后才到，你的星星已退回。
pay-late-refund-pending = ⌛ 订单 #{ $order }（{ $title }）的付款在订单失效后才到，你的星星将很快退回。
pay-unmatched-refunded = 这笔付款不对应你的任何待付款订单，你的星星已退回。
pay-unmatched = 这笔付款不对应你的任何待付款订单。请向商家出示这条消息以便退款。
pay-not-recorded = 我们收到了你的付款，但暂时无法记录。请向商家出示这条消息，不会有任何损失。
sale-cancelled-order = ✖ 商家取消了 { $title }，你的订单 #{ $order } 已取消。抱歉！
sale-cancelled-refunded = ✖ 商家取消了 { $title }：订单 #{ $order } 已取消，你的 { $stars } 颗星已退回。抱歉！

# Waitlist
button-waitlist = 🔔 加入候补
button-claim = ✅ 立即领取
waitlist-joined = 🔔 你已加入 { $title } 的候补名单（第 { $position } 位）。有商品退回时会优先给你。
waitlist-already = 🔔 你已在 { $title } 的候补名单中（第 { $position } 位）。
waitlist-not-sold-out = { $title } 还有货，直接抢购即可，无需候补。
waitlist-closed = { $title } 的候补已关闭：活动不在进行中。
waitlist-offer = 🎉 { $title } 有一件退回的商品为你保留。请在 { $span }内领取，否则将让给下一位候补。
waitlist-lapsed = ⌛ 为你保留的 { $title } 未在时限内领取，已让给下一位候补。
waitlist-offer-gone = 这个候补名额已失效。
waitlist-withdrawn = ⌛ 为你保留的 { $title } 已撤回：活动已结束。

# Fairness: captcha and the signed buy window
button-verify = 🔐 立即验证
captcha-verify-intro = 🔐 { $title } 要求买家先回答一个小问题（只需一次）。现在答好，开抢时就能直接买。
captcha-before-buy = 🔐 首次购买 { $title } 前，请先回答一个小问题。还没有下单：答对后再点一次购买。
captcha-question = { $a } + { $b } 等于多少？
captcha-option = { $n }
captcha-not-needed = { $title } 不需要验证：开抢后直接买就行。
captcha-already = ✅ 你已通过 { $title } 的验证。
captcha-solved = ✅ { $title } 验证通过。
captcha-ready = 还有 { $span }开抢；开抢后购买按钮才能用。
captcha-buy-now = 现在就买：
captcha-wrong = ❌ 不对哦，换一题：
captcha-wrong-wait = ❌ 不对哦，已经错了好几次。请等 { $secs } 秒后再点验证或购买。
captcha-wait = ⏱ 答错次数太多了。请等 { $secs } 秒后再试。
captcha-not-yours = 🚫 这道题是别人的。请在你自己的卡片上点“立即验证”。
captcha-stale = 这道题已经失效了。换一道新的：
buy-token-early = ⏳ 这个购买按钮是在 { $title } 开抢前生成的，不能用。刷新卡片获取可用的购买按钮。
buy-token-replayed = 🔁 这个购买按钮正在使用中。刷新卡片获取新的按钮。
buy-token-replayed-order = 🔁 这个购买按钮已经用过了：它买下了订单 #{ $order }。想再买，请刷新卡片获取新按钮。
tg-button-not-yours = 🚫 这个按钮是给别人的。发送 /sales 获取你自己的。
