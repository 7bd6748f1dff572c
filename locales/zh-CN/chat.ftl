## 终端聊天界面（简体中文）。

chat-intro = flashsale 本地聊天——你现在是顾客，演示秒杀已经准备好了。
chat-try = 试试：“有什么秒杀”“耳机多少钱”“我要抢两个耳机”“买这个”“buy 2 airpods”“switch 几点开始”“提醒我”“我的订单”。
chat-keys = 输入数字就是点按钮。/lang en 切换英文，/as merchant 或 /as admin 切换身份，/help 帮助，/quit 退出。
chat-role = 你现在的身份：{ $role ->
    [merchant] 商家
    [admin] 管理员
   *[customer] 顾客
}。
chat-role-usage = 用 /as customer、/as merchant 或 /as admin。
chat-no-button = 现在没有第 { $n } 个按钮。
chat-seeded = 已创建演示秒杀：{ $count } 场。
chat-bye = 再见！
