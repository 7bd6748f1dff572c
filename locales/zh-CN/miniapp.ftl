# Mini App（#22）：先是接口的回复，"# page" 之下是页面自己的文字。

miniapp-unauthorized = 请在 Telegram 里从机器人打开此页面：无法验证你的登录信息。
miniapp-bad-request = 抱歉，无法读取该请求，请重试。
miniapp-too-large = 请求太大了。
miniapp-not-found = 未找到：可能已被删除。
miniapp-try-again = 我们这边出了点问题，请稍后再试。
miniapp-order-status = { $state ->
    [pending] 待付款
    [paid] 已付款
    [expired] 已过期
   *[cancelled] 已取消
}
button-open = 🛍 打开
miniapp-menu-button = 🛍 商店
miniapp-local-ready = Mini App 运行在 { $url } （用户 { $user }，{ $lang }）。用浏览器打开它；按 Ctrl-C 停止。
miniapp-captcha-before-buy = 🔐 首次购买 { $title } 前，请先回答一个小问题。还没有下单：提交答案后就会继续购买。

# page
page-title = 限时秒杀
page-tab-sales = 秒杀
page-tab-orders = 我的订单
page-empty-sales = 现在没有秒杀活动，稍后再来看看。
page-empty-orders = 你还没有订单。
page-state-upcoming = 即将开始
page-state-live = 抢购中
page-state-sold-out = 已售罄
page-state-ended = 已结束
page-starts-in = { $time } 后开抢
page-ends-in = { $time } 后结束
page-days = { $n }天
page-stock = 剩余 { $left } / { $total }
page-limit = 每人限购 { $limit } 件
page-held = 你已抢到 { $held } 件
page-quantity = 数量
page-buy = 立即抢购
page-buying = 抢购中…
page-see-orders = 查看我的订单 →
page-limit-reached = 你已达到限购数量
page-back = ← 全部秒杀
page-captcha-title = 请先回答问题
page-captcha-submit = 提交答案
page-waitlist-hint = 已售罄。加入候补名单，有货时机器人会通知你。
page-waitlist-join = 加入候补名单
page-order-qty = 数量：{ $n }
page-pay-until = 请在 { $time } 内付款
page-pay = 付款
page-cancel = 取消订单
page-invoice-paid = 已收到付款，谢谢！
page-invoice-failed = 付款未成功，可以再试一次。
page-error-network = 无法连接商店，请检查网络后重试。
page-error-auth = 请在 Telegram 中从机器人打开此页面。
page-retry = 重试
