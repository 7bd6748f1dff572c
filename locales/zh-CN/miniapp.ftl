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

# page
