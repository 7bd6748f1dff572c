# 只按顾客的要求行动（docs/conversation.md）。
policy-nothing-bought = 好的，这条消息不会下单。想买的时候说“买”或点商品卡片上的“买”按钮就行；已经下的单在“我的订单”里。
policy-how-to-buy = 你不说买，我就不会下单：点下面卡片上的“买”按钮，或者直接说“买两个”。先到先得，售完即止。
policy-confirm = 你的消息没有明确说要买，所以先确认一下：购买 { $qty } × { $title }，共 { $total }？
policy-reported = 收到，这条消息不会下单。下面是这个活动目前的情况；你自己的订单点一下就能看到。
policy-thanks = 不客气！还有什么需要随时说。
policy-nothing-pending = 目前没有需要你确认的订单。
