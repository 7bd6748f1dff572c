# 顾客如何联系预订的卖家（issue #23，金额）
seller-contact = 👤 卖家：@{ $username }（私信对方并附上订单号）。
seller-contact-unknown = 👤 卖家还没有公开的 Telegram 用户名，机器人无法给出链接；请到你看到这场秒杀的店铺询问，并报上订单号。
