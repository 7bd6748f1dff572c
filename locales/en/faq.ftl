# Merchant-written answers (/faq) and the dead ends they replace.
faq-answer = { $topic ->
    [payment] 💳 Payment
    [shipping] 🚚 Shipping and pickup
    [delivery] ⏱ Delivery time
    [returns] ↩️ Returns and refunds
    [authenticity] ✅ Authenticity
    [warranty] 🛠 Warranty
    [contact] 👤 Contact
   *[other] { $topic }
}: { $answer }
faq-not-written = { $topic ->
    [payment] 💳 Payment
    [shipping] 🚚 Shipping and pickup
    [delivery] ⏱ Delivery time
    [returns] ↩️ Returns and refunds
    [authenticity] ✅ Authenticity
    [warranty] 🛠 Warranty
    [contact] 👤 Contact
   *[other] { $topic }
}: the seller hasn't written an answer about this yet.
faq-contact = 👤 Contact the seller: { $contact }
faq-contact-unknown = 👤 Ask the seller directly: open a sale's card and they are named there, or ask the shop where you found this bot.
faq-button-sale = ℹ️ { $title }
faq-usage = Usage: /faq (list) · /faq <sale> (a sale's answers) · /faq shipping=We ship within 2 days · /faq clear shipping (or clear all) · per sale: /editsale <sale> faq.shipping=… (an empty value clears it). Topics: payment, shipping, delivery, returns, authenticity, warranty, contact.
faq-unknown-topic = "{ $key }" is not a topic. Topics: { $topics }.
faq-too-long = The { $topic } answer is too long: { $max } characters at most.
faq-set = Saved the { $topic } answer.
faq-cleared = Cleared the { $topic } { $topic ->
    [all] answers
   *[other] answer
}.
faq-list-shop = Shop-wide answers to shoppers' questions:
faq-list-sale = Answers for sale #{ $sale } ({ $title }); a sale's own answer wins over the shop's:
faq-line = • { $topic }: { $answer }
faq-line-sale = • { $topic } (this sale): { $answer }
faq-line-empty = • { $topic }: — (not written: shoppers are pointed to the seller)

dead-end-no-sale = There is no "{ $product }" sale right now.
dead-end-ended = The { $title } sale ended { $span } ago ({ $time }).
dead-end-what-there-is = On sale now or soon:
dead-end-nothing-now = Nothing else is on sale right now.
dead-end-watch-offer = Want a message when a sale of "{ $product }" appears?
button-watch = 🔔 Tell me when there is one
watch-on = 🔔 Done: I'll send you its card as soon as a "{ $keyword }" sale is created.
watch-gone = That offer is no longer open.
watch-found = 🔔 A "{ $keyword }" sale you asked about is here:

room-over = { $title } is limited to { $limit } per person{ $held ->
    [0] {""}
   *[other] {""} and you already hold { $held }
}, so I can't buy { $qty } for you. { $can ->
    [0] You can't buy any more of it.
    [one] You can buy 1 more.
   *[other] You can buy { $can } more.
}

# A live card shown to someone who already holds some of the sale (buy/room.rs, browse/card.rs).
card-held-max = ✋ You hold the maximum for this sale: { $held } of { $limit } per person, in { $count ->
    [one] order
   *[other] orders
} { $orders }.
card-held-some = You hold { $held } of { $limit } per person ({ $count ->
    [one] order
   *[other] orders
} { $orders }), so you can buy { $more } more.
buy-sold-out-holding = You already hold { $held } of them, the most anyone may ({ $limit } per person): they are in My orders.
