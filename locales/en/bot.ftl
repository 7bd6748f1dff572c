## Customer conversation (English).

unit-day = { $n } d
unit-hour = { $n } h
unit-minute = { $n } min
unit-second = { $n } s

phase-upcoming = ⏳ starts in { $span } ({ $time })
phase-live = 🔥 live now, { $remaining } left, ends in { $span }
phase-sold-out = ❌ sold out
phase-ended = ended
phase-cancelled = cancelled

list-header = { $count ->
    [one] One sale right now:
   *[other] { $count } sales right now:
}
list-item = • { $title } — { $price }
list-hint = Tap one for details, or type e.g. "buy 2 airpods" or "when does the switch start".
list-empty = There are no sales right now.

info-title = { $title } — { $price }
info-stock = Stock: { $remaining } of { $stock } left
info-limit = Limit: { $limit } per person

countdown-title = { $title }:
countdown-remind-hint = Tap Remind me (or say "remind me") and I'll message you when it starts.

ask-which = Which one do you mean?
sale-gone = That sale no longer exists.

remind-set = 🔔 Done: I'll remind you when { $title } starts.
remind-already = 🔔 You're already on the reminder list for { $title }.
remind-live = { $title } is live right now, no need to wait!
remind-too-late = There is nothing left to remind you of for { $title }.

orders-header = Your latest orders:
orders-item = #{ $order } { $title } × { $qty } · { $total } — { $state ->
    [pending] awaiting payment
    [paid] paid
    [expired] expired
   *[cancelled] cancelled
}
orders-empty = You have no orders yet.

qty-zero = Zero units? Tell me how many you want, e.g. "buy 2".
qty-negative = I can't sell a negative amount. Tell me how many you want, e.g. "buy 2".
qty-too-large = { $qty } is far more than anyone can buy in this sale.
qty-not-a-number = I could not read that quantity. Use a whole number, e.g. "buy 2".
qty-everything = Everyone may buy only a few, so I can't buy them all for you. Tell me how many, e.g. "buy 2".
qty-vague = How many would you like? Say a number, e.g. "buy 2".
qty-limit-is = The limit is { $limit } per person.
qty-how = Try a small whole number, e.g. "buy 2 airpods".

buy-over-limit = Sorry, { $title } is limited to { $limit } per person, so I can't buy { $qty } for you.
buy-confirm = Buy { $qty } × { $title } for { $total }? I ask before every order of more than { $over } units.
buy-cancelled = OK, nothing bought.
buy-won = 🎉 You got it: { $qty } × { $title } { $qty ->
    [one] for { $total }
   *[other] at { $price } each, { $total } in all
}, order #{ $order }.
buy-remaining = { $remaining } left in this sale.
buy-already-ordered = That request was already turned into order #{ $order }.
buy-try-again = Something went wrong on our side and nothing was bought. Please try again.
buy-sold-out = 😢 { $title } is sold out.
buy-not-enough = Only { $remaining } of { $title } left, not enough for { $qty }.
buy-limit-reached = You already hold { $held } and the limit is { $limit } per person{ $can ->
    [0] .
   *[other] , so you can buy { $can } more.
}
buy-not-started = { $title } hasn't started yet: it starts in { $span }.
buy-ended = { $title } has ended.
buy-cancelled-sale = { $title } was cancelled.
buy-duplicate = I already handled that request.

help-intro = 👋 I'm the flash-sale assistant. Ask me in English or Chinese:
help-examples = • "what's on sale?" • "how much is the switch" • "when does the iphone start" • "buy 2 airpods" • "remind me" • "my orders" • /lang zh for Chinese
fallback = Sorry, I didn't get that.
fallback-hint = Try "what's on sale?", "buy 2 airpods", "when does it start" or "my orders".
input-empty = That message was empty.
input-too-long = That message is very long; please keep it under { $max } characters.
command-unknown = I don't know that command.
error-try-again = I can't reach the sales right now. Please try again in a moment.
lang-set = OK, I'll speak English.
lang-usage = Use /lang en or /lang zh.

button-list = 🛍 Sales
button-help = ❓ Help
button-orders = 📦 My orders
button-sale = { $title }
button-buy = 🛒 Buy 1 × { $title }
button-buy-n = 🛒 Buy { $qty }
button-buy-qty-title = 🛒 Buy { $qty } × { $title }
button-remind = 🔔 Remind me
button-yes = ✅ Yes
button-no = ✖ No
button-retry = 🔁 Try again
button-stale = That button has expired.

## Telegram transport
tg-button-invalid = This button is not valid any more. Send /sales to see the current sales.
tg-button-expired = This button has expired. Send /sales for a fresh one.
tg-text-only = I read text messages only. Try "what's on sale?" or /help.
tg-busy = Sorry, something went wrong on our side. Please try again in a moment.
tg-cmd-start = Start and see the sales
tg-cmd-sales = What's on sale now
tg-cmd-orders = My orders
tg-cmd-lang = Language: /lang en or /lang zh
tg-cmd-help = How to use this bot

## Reminders (sent later through the outbox)
reminder-soon = ⏰ { $title } starts in { $minutes ->
    [one] 1 minute
   *[other] { $minutes } minutes
}. Get ready!
reminder-live = 🔥 { $title } is live now. Tap to buy before it sells out.
button-details = ℹ️ Details
button-buy-now = 🛒 Buy 1 now

## Orders
order-expired = ⌛ Your reservation #{ $order } for { $title } lapsed because it was not paid in time. The units went back on sale.
button-refresh = 🔄 Refresh
tg-card-refreshed = Updated
limit-slow-down = ⏱ You're going a little fast. Please wait { $secs } s and try again.
limit-busy = 🔥 So many people are buying right now! Please try again in { $secs } s.

## Payments (Telegram Stars) and own orders
buy-pay-stars = ⭐ Pay { $stars } Stars with the invoice below within { $span }, or the reservation lapses.
buy-claim = 📝 This is a reservation: show order #{ $order } to the seller to pay and pick it up within { $span }, or it lapses.
invoice-description = Order #{ $order }: { $qty } × { $title }
invoice-label = { $qty } × { $title }
orders-pay-within = ⏳ pay within { $span }
button-pay = ⭐ Pay #{ $order }
button-cancel-order = ✖ Cancel #{ $order }
pay-invoice = Here is the invoice for order #{ $order }; { $span } left to pay.
order-unknown = I can't find that order among yours.
order-cancelled = ✖ Order #{ $order } for { $title } is cancelled; the units went back on sale.
order-cancel-closed = Order #{ $order } is no longer waiting for payment, so there is nothing to cancel.
pay-refused-unknown = This invoice does not match any open order of yours.
pay-refused-expired = Order #{ $order } lapsed: its time to pay has run out.
pay-refused-paid = Order #{ $order } is already paid.
pay-refused-closed = Order #{ $order } was cancelled and can't be paid.
pay-refused-mismatch = The price or currency of this payment does not match order #{ $order }.
pay-refused-busy = We can't check this order right now. Please try again in a moment.
pay-confirmed = ✅ Paid: { $stars } Stars for { $qty } × { $title }, order #{ $order }. Thank you!
pay-late-refunded = ⌛ Your payment for order #{ $order } ({ $title }) arrived after the order lapsed, so your Stars were refunded.
pay-late-refund-pending = ⌛ Your payment for order #{ $order } ({ $title }) arrived after the order lapsed; your Stars will be refunded shortly.
pay-unmatched-refunded = This payment does not match any open order of yours, so your Stars were refunded.
pay-unmatched = This payment does not match any open order of yours. Please show this message to the seller to get it back.
pay-not-recorded = We received your payment but could not record it just now. Please show this message to the seller; nothing is lost.
sale-cancelled-order = ✖ { $title } was cancelled by the seller, so your order #{ $order } is cancelled. Sorry!
sale-cancelled-refunded = ✖ { $title } was cancelled by the seller: order #{ $order } is cancelled and your { $stars } Stars were refunded. Sorry!

# Waitlist
button-waitlist = 🔔 Join the waitlist
button-claim = ✅ Claim it
waitlist-joined = 🔔 You're on the waitlist for { $title } (number { $position } in line). If units come back, we'll offer you one.
waitlist-already = 🔔 You're already on the waitlist for { $title } (number { $position } in line).
waitlist-not-sold-out = { $title } still has units: buy one now instead of waiting.
waitlist-closed = The waitlist for { $title } is closed: the sale is not running.
waitlist-offer = 🎉 A unit of { $title } came back and is held for you. Claim it within { $span }, or it goes to the next person in line.
waitlist-lapsed = ⌛ The unit of { $title } held for you went to the next person in line, as it was not claimed in time.
waitlist-offer-gone = This offer is no longer open.
waitlist-withdrawn = ⌛ The unit of { $title } held for you was withdrawn: the sale is no longer running.

# Fairness: captcha and the signed buy window
button-verify = 🔐 Verify now
captcha-verify-intro = 🔐 { $title } asks buyers to answer a quick check once. Do it now and you're ready when it starts.
captcha-before-buy = 🔐 Before your first buy of { $title }, please answer a quick check. Nothing was bought yet: answer, then buy again.
captcha-question = What is { $a } + { $b }?
captcha-option = { $n }
captcha-not-needed = { $title } needs no check: just buy when it's live.
captcha-already = ✅ You're already verified for { $title }.
captcha-solved = ✅ Verified for { $title }.
captcha-ready = It starts in { $span }; the Buy button works from the start.
captcha-buy-now = Buy now:
captcha-wrong = ❌ Not quite. Here's a new one:
captcha-wrong-wait = ❌ Not quite, and that's a few wrong answers. Please wait { $secs } s and press Verify or Buy again.
captcha-wait = ⏱ Too many wrong answers. Please wait { $secs } s, then try again.
captcha-not-yours = 🚫 That check belongs to someone else. Press Verify on your own card to get yours.
captcha-stale = That check is no longer open. Here's a fresh one:
buy-token-early = ⏳ This Buy button was made before { $title } started, so it doesn't work. Refresh the card for a live Buy button.
buy-token-replayed = 🔁 This Buy button is already being used. Refresh the card for a fresh one.
buy-token-replayed-order = 🔁 This Buy button was already used: it bought order #{ $order }. To buy more, refresh the card for a fresh button.
tg-button-not-yours = 🚫 This button was made for someone else. Send /sales to get your own.
