# 本地聊天显示与 Telegram 相同的内容（issue 23 第 2 项）。
chat-invoice = 🧾 账单：{ $title } — { $description } 合计：{ $stars } ⭐
chat-pay = 支付 { $stars } ⭐（模拟）
chat-updated = ✏️（已更新）
chat-paid-already = 这张账单已经付过了。
