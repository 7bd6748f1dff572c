# 候补名额为顾客保留的商品（issue 23 第 1 项）。
waitlist-offer-last = 🎉 { $title } 有一件退回的商品为你保留。请在 { $span }内领取，否则将重新开售。
waitlist-lapsed-released = ⌛ 为你保留的 { $title } 未在时限内领取，已重新开售。
waitlist-nothing-held = 目前没有为你保留的商品。售罄活动有商品退回并轮到你时，可以在这里领取。
waitlist-held-already = 已从候补名单为你保留 { $units } 件 { $title }，请在 { $span }内领取。
orders-held-header = 为你保留（候补）：
orders-held-item = { $title } × { $units } — 已保留，请在 { $span }内领取
