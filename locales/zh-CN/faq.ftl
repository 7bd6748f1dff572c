# 商家写的常见问题回答（/faq），以及原来的“死胡同”。
faq-answer = { $topic ->
    [payment] 💳 付款
    [shipping] 🚚 发货与自提
    [delivery] ⏱ 到货时间
    [returns] ↩️ 退换货
    [authenticity] ✅ 正品保证
    [warranty] 🛠 保修
    [contact] 👤 联系方式
   *[other] { $topic }
}：{ $answer }
faq-not-written = { $topic ->
    [payment] 💳 付款
    [shipping] 🚚 发货与自提
    [delivery] ⏱ 到货时间
    [returns] ↩️ 退换货
    [authenticity] ✅ 正品保证
    [warranty] 🛠 保修
    [contact] 👤 联系方式
   *[other] { $topic }
}：卖家还没有写这方面的说明。
faq-contact = 👤 联系卖家：{ $contact }
faq-contact-unknown = 👤 请直接问卖家：打开任一活动卡片可以看到卖家，或者问问你找到这个机器人的店铺。
faq-button-sale = ℹ️ { $title }
faq-usage = 用法：/faq（查看）· /faq <活动>（某个活动的回答）· /faq shipping=两天内发货 · /faq clear shipping（或 clear all）· 单个活动：/editsale <活动> faq.shipping=…（留空即清除）。话题：payment 付款、shipping 发货与自提、delivery 到货时间、returns 退换货、authenticity 正品保证、warranty 保修、contact 联系方式。
faq-unknown-topic = “{ $key }”不是一个话题。可用话题：{ $topics }。
faq-too-long = “{ $topic ->
    [payment] 付款
    [shipping] 发货与自提
    [delivery] 到货时间
    [returns] 退换货
    [authenticity] 正品保证
    [warranty] 保修
    [contact] 联系方式
   *[other] { $topic }
}”（{ $topic }）的回答太长了：最多 { $max } 个字。
faq-set = 已保存“{ $topic ->
    [payment] 付款
    [shipping] 发货与自提
    [delivery] 到货时间
    [returns] 退换货
    [authenticity] 正品保证
    [warranty] 保修
    [contact] 联系方式
   *[other] { $topic }
}”（{ $topic }）的回答。
faq-cleared = 已清除{ $topic ->
    [all] 全部回答
    [payment] “付款”（payment）的回答
    [shipping] “发货与自提”（shipping）的回答
    [delivery] “到货时间”（delivery）的回答
    [returns] “退换货”（returns）的回答
    [authenticity] “正品保证”（authenticity）的回答
    [warranty] “保修”（warranty）的回答
    [contact] “联系方式”（contact）的回答
   *[other] “{ $topic }”的回答
}。
faq-list-shop = 全店通用的常见问题回答：
faq-list-sale = 活动 #{ $sale }（{ $title }）的回答；活动自己的回答优先于全店回答：
faq-line = • { $topic ->
    [payment] 付款
    [shipping] 发货与自提
    [delivery] 到货时间
    [returns] 退换货
    [authenticity] 正品保证
    [warranty] 保修
    [contact] 联系方式
   *[other] { $topic }
}（{ $topic }）：{ $answer }
faq-line-sale = • { $topic ->
    [payment] 付款
    [shipping] 发货与自提
    [delivery] 到货时间
    [returns] 退换货
    [authenticity] 正品保证
    [warranty] 保修
    [contact] 联系方式
   *[other] { $topic }
}（{ $topic }，本活动）：{ $answer }
faq-line-empty = • { $topic ->
    [payment] 付款
    [shipping] 发货与自提
    [delivery] 到货时间
    [returns] 退换货
    [authenticity] 正品保证
    [warranty] 保修
    [contact] 联系方式
   *[other] { $topic }
}（{ $topic }）：—（未填写：顾客会被引导去联系卖家）

dead-end-no-sale = 现在没有“{ $product }”的活动。
dead-end-ended = { $title } 的活动已经在 { $span }前结束了（{ $time }）。
dead-end-what-there-is = 正在进行或即将开始的活动：
dead-end-nothing-now = 现在没有其他活动。
dead-end-watch-offer = 有“{ $product }”的活动时要通知你吗？
button-watch = 🔔 有的话通知我
watch-on = 🔔 好的：一有“{ $keyword }”的活动，我就把卡片发给你。
watch-gone = 这个通知已经失效了。
watch-found = 🔔 你关注的“{ $keyword }”活动来了：

room-over = { $title } 每人限购 { $limit } 件{ $held ->
    [0] {""}
   *[other] {""}，你已经有 { $held } 件
}，所以不能帮你买 { $qty } 件。{ $can ->
    [0] 你不能再买了。
   *[other] 你还可以再买 { $can } 件。
}

# 已持有部分商品的顾客看到的进行中卡片（buy/room.rs、browse/card.rs）。
card-held-max = ✋ 你已买满本场每人限购的 { $limit } 件（订单 { $orders }）。
card-held-some = 你已持有 { $held } 件（每人限购 { $limit } 件，订单 { $orders }），还可以再买 { $more } 件。
buy-sold-out-holding = 你已持有 { $held } 件，已达每人限购上限（{ $limit } 件）：在“我的订单”里。
