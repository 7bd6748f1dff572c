## Merchant and admin commands (English).

staff-refused = Sorry, that command is for merchants. Ask an admin if you sell here.
staff-refused-admin = Sorry, that command is for admins only.
staff-more = … and { $count } more.
staff-sale-bad-id = "{ $raw }" is not a sale number (e.g. 12).
staff-sale-unknown = There is no sale #{ $sale }.
staff-sale-not-yours = Sale #{ $sale } belongs to another merchant; you can manage only your own sales.

grant-usage = Use /grant merchant <user id or @username>, e.g. /grant merchant 12345.
revoke-usage = Use /revoke <user id or @username>, e.g. /revoke 12345.
grant-unknown-username = I don't know @{ $name } yet: they need to message the bot first (or use their numeric id).
grant-is-admin = User { $user } is an admin; admin roles come from ADMIN_IDS.
grant-already = User { $user } is already a merchant.
revoke-not-merchant = User { $user } is not a merchant.
grant-done = ✅ User { $user } is now a merchant.
revoke-done = ✅ User { $user } is no longer a merchant.

audit-usage = Use /audit or /audit <n> with n from 1 to { $max }.
audit-empty = The audit log is empty.
audit-title = Latest { $count ->
    [one] change
   *[other] { $count } changes
}, newest first:
audit-line = • { $time } · user { $actor } { $what }

users-counts = Users: { $total } in all, { $active } active, { $blocked_bot } blocked the bot, { $blocked } blocked by admins, { $subscribers ->
    [one] 1 subscriber
   *[other] { $subscribers } subscribers
}.

reconcile-clean = ✅ The live stock counter and the orders agree on all { $count } current sales.
reconcile-drifted = ⚠️ { $count ->
    [one] One sale differs
   *[other] { $count } sales differ
} between the live stock counter and the orders (run `flashsale reconcile --repair` when quiet):
reconcile-drift = • #{ $sale }: orders say { $store } left, the live counter { $gate ->
    [-1] has none loaded
   *[other] says { $gate } left
}

stock-usage = Use /stock or /stock <sale number>.
stock-none = No live or upcoming sales.
stock-title = Stock of { $count ->
    [one] one sale
   *[other] { $count } sales
} (sold includes orders still awaiting payment):
stock-row-title = #{ $sale } { $title } · { $phase ->
    [live] live
    [upcoming] upcoming
    [soldout] sold out
    [cancelled] cancelled
   *[ended] ended
}
stock-row-figures = { "  " }stock { $stock } · sold { $sold } ({ $paid } paid, { $reserved } awaiting payment) · left { $left } · { $rate }% sold
stock-orders = Orders placed: { $count } (lapsed and cancelled ones included)
stock-held = { "  " }held for the waitlist: { $held } (offered to someone in line, not claimed yet; not in "left")
stock-gate = Buyable right now: { $left }
stock-gate-empty = Buyable right now: counted from the orders at the first purchase.
stock-gate-down = Buyable right now: the live counter can't be reached at the moment; try again shortly.

mysales-none = You have no sales yet.
mysales-title = Your sales ({ $count }), newest first:
mysales-row = • #{ $sale } { $title } · { $phase ->
    [live] live
    [upcoming] upcoming
    [soldout] sold out
    [cancelled] cancelled
   *[ended] ended
} · starts { $start }

orders-usage = Use /orders <sale number>, e.g. /orders 12 (plain /orders shows your own orders).
orders-summary = Orders of #{ $sale } { $title }: { $count }
orders-none = No orders yet.
orders-state = • { $state ->
    [pending] pending
    [paid] paid
    [expired] expired
   *[cancelled] cancelled
}: { $count } ({ $units ->
    [one] 1 unit
   *[other] { $units } units
})
orders-csv = Every order is in the CSV file below.

cancelsale-usage = Use /cancelsale <sale number>, e.g. /cancelsale 12.
cancelsale-already = Sale #{ $sale } is already cancelled.
cancelsale-confirm = Cancel sale #{ $sale } { $title }? It stops selling at once; { $pending ->
    [one] 1 pending order is
   *[other] { $pending } pending orders are
} cancelled and { $paid ->
    [one] 1 paid order
   *[other] { $paid } paid orders
} refunded, and each buyer is told.
cancelsale-confirm-nobody = Cancel sale #{ $sale } { $title }? It stops selling at once; nobody has ordered, so there is nothing to refund and nobody to tell.
button-cancelsale-yes = Yes, cancel the sale
button-cancelsale-no = No, keep it
cancelsale-kept = OK, the sale stays on.
cancelsale-done = ✅ Sale #{ $sale } { $title } is cancelled: { $cancelled ->
    [one] 1 pending order
   *[other] { $cancelled } pending orders
} cancelled, { $refunded ->
    [one] 1 payment
   *[other] { $refunded } payments
} refunded.
cancelsale-buyers-told = Each buyer gets a message.
cancelsale-no-buyers = Nobody had ordered, so there is nobody to tell.
cancelsale-refunds-owed = { $count ->
    [one] 1 refund
   *[other] { $count } refunds
} could not be made yet; run /cancelsale again later to retry.

chat-document-saved = 📎 File saved: { $path }

tg-cmd-mysales = /mysales: your sales and their stock
tg-cmd-stock = /stock [sale]: stock left of current sales, or of one
tg-cmd-orders-sale = /orders <sale>: summary and CSV
tg-cmd-cancelsale = /cancelsale <sale>: cancel a sale
tg-cmd-grant = /grant merchant <id or @username>: make a user a merchant
tg-cmd-revoke = /revoke <id or @username>: take the merchant role back
tg-cmd-reconcile = /reconcile: check the live stock counter against the orders
tg-cmd-audit = /audit [n]: recent merchant and admin changes
tg-cmd-users = /users: user counts
staff-private-only = Please use merchant and admin commands in a private chat with the bot.
block-usage = Use /block <user id or @username> or /unblock <user id or @username>.
block-is-admin = User { $user } is an admin (from ADMIN_IDS) and can't be blocked.
block-done = ⛔ User { $user } can no longer buy.
unblock-done = ✅ User { $user } can buy again.
buy-blocked = Sorry, your account can't buy in this shop. Please contact the seller if you think this is a mistake.
alert-hammering = 🚨 User { $user } kept messaging after being told to slow down ({ $count ->
    [one] 1 message
   *[other] { $count } messages
} silenced in a minute). Consider /block { $user }.
alert-purchase-errors = 🚨 { $count ->
    [one] 1 buyer in a minute was
   *[other] { $count } buyers in a minute were
} told to try again because the database or the live stock counter failed. Check /readyz and the logs.
alert-throttled = 🚨 Telegram is throttling the bot (429): sending paused for { $secs } s. Broadcasts and reminders will be late.

## Creating and editing sales (/newsale, /editsale)
newsale-intro = Let's create a sale. I'll ask eight short questions; a wrong answer is explained and asked again.
newsale-resumed = You have a sale draft in progress; here is where we were:
newsale-cancel-hint = (Send /cancel to stop.)
newsale-usage = Use /newsale for step-by-step questions, or one line: /newsale "AirPods Pro 2" price=1299 stock=100 limit=1 start="{ $example }" duration=30m [keywords=airpods,earphones] [captcha=yes]
newsale-missing = Missing: { $fields }.
newsale-cancelled = OK, the sale draft is dropped. Nothing was created.
newsale-use-buttons = Please use the buttons under the preview: Confirm, Edit or Cancel.
newsale-nothing-pending = There is no sale draft waiting (it was already created or cancelled). Start one with /newsale.
newsale-created = ✅ Sale #{ $sale } { $title } is created; customers can see it now. Change it with /editsale { $sale } field=value.
newsale-ask-title = 1/8 · What is the sale's title? (at most { $max } characters, e.g. AirPods Pro 2)
newsale-ask-keywords = 2/8 · Keywords customers may type to find it, separated by commas (e.g. airpods, earphones), or - for none.
newsale-ask-price = 3/8 · The price? e.g. 1299, 1299.00, ¥1299, $5 or 99 XTR (yuan when no currency is given).
newsale-ask-stock = 4/8 · How many units are for sale? (e.g. 100, 100 units or one hundred)
newsale-ask-limit = 5/8 · At most how many units may one customer buy? (e.g. 1 or 2 per person)
newsale-ask-start = 6/8 · When does it start? Times are in { $zone }, e.g. { $example }, tomorrow 20:00, Saturday 8pm, next Monday 9am, in 2h, 明天晚上8点.
newsale-ask-duration = 7/8 · How long does it last? e.g. 30m, 2h, 1h30m, 90 min, 2小时.
newsale-ask-captcha = 8/8 · Must buyers solve a captcha first? (yes or no)
newsale-preview = Please check the new sale:
newsale-card-title = Title: { $title }
newsale-card-keywords = Keywords: { $keywords }
newsale-card-price = Price: { $price }
newsale-card-stock = Stock: { $stock } · at most { $limit } per customer
newsale-card-start = Starts: { $weekday ->
    [1] Mon
    [2] Tue
    [3] Wed
    [4] Thu
    [5] Fri
    [6] Sat
   *[7] Sun
} { $date } { $time } ({ $zone }, UTC{ $offset })
newsale-card-end = Ends: { $weekday ->
    [1] Mon
    [2] Tue
    [3] Wed
    [4] Thu
    [5] Fri
    [6] Sat
   *[7] Sun
} { $date } { $time } ({ $zone }, UTC{ $offset }) (lasts { $span })
newsale-card-captcha = Captcha: { $captcha ->
    [yes] yes
   *[no] no
}
newsale-pick-field = Which field do you want to change?
button-newsale-confirm = ✅ Confirm
button-newsale-edit = ✏️ Edit
button-newsale-cancel = ✖️ Cancel
button-newsale-field = { $field ->
    [title] Title
    [keywords] Keywords
    [price] Price
    [stock] Stock
    [limit] Per-customer limit
    [start] Start
    [duration] Duration
   *[captcha] Captcha
}
field-refused = The { $field } is not right:
field-control = That answer contains control characters; please type plain text.
field-title-empty = The title must not be empty.
field-title-long = The title is too long: at most { $max } characters.
field-title-control = The title must not contain control characters.
field-keywords-bad = Keywords: up to { $max }, separated by commas, each at most { $chars } characters (or - for none).
field-price-bad = That is not a price; write e.g. 1299, 1299.00 or 99 XTR.
field-price-currency = I don't know the currency "{ $code }"; use CNY, USD, EUR or XTR.
field-price-zero = The price must be above zero.
field-price-huge = That price is too high (at most { $max }).
field-stock-bad = The stock must be a whole number, e.g. 100, 100 units or one hundred.
field-stock-zero = The stock must be at least 1.
field-stock-huge = The stock is too large (at most { $max }).
field-limit-bad = The per-customer limit must be a whole number, e.g. 1 or 2 per person.
field-limit-zero = The per-customer limit must be at least 1.
field-limit-huge = The per-customer limit is too large (at most { $max }).
field-limit-above-stock = The per-customer limit ({ $limit }) can't be more than the stock ({ $stock }).
field-start-past = That start time has already passed; the sale must start in the future.
field-start-gap = That local time does not exist in { $zone } (the clocks jump over it); please pick another.
field-start-bad = I can't read that time. Try { $example }, tomorrow 20:00, Saturday 8pm, in 2h or 明天晚上8点.
field-duration-bad = I can't read that duration. Try 30m, 2h, 1h30m, 90 min or 2小时.
field-duration-long = A sale can last at most { $days } days.
field-end-before-start = The sale must end after it starts: give a duration of at least one minute.
field-captcha-bad = Please answer yes or no.
args-unclosed = A quote is opened but never closed.
args-unknown = Unknown setting "{ $key }"; use title, keywords, price, stock, limit, start, duration or captcha.
args-duplicate = "{ $key }" is given twice.
args-extra = Unexpected "{ $word }" (put a title with spaces in quotes).
editsale-usage = Use /editsale <sale number> field=value …, e.g. /editsale 12 price=999 stock=50 start="tomorrow 20:00". Fields: title, keywords, price, stock, limit, start, duration, captcha.
editsale-started = Sale #{ $sale } has already started: only title and keywords can change now, not { $fields }.
editsale-raced = Sale #{ $sale } started or was cancelled meanwhile; nothing was changed.
editsale-done = ✅ Sale #{ $sale } { $title } is updated:
tg-cmd-newsale = /newsale: create a sale
tg-cmd-editsale = /editsale <sale> field=value: change a sale
# Restock and announcements (/restock, /announce)
restock-usage = Use /restock <sale number> <units>, e.g. /restock 12 50.
restock-bad-units = "{ $raw }" is not a number of units I can add: use a whole number from 1 to { $max }.
restock-cancelled = Sale #{ $sale } is cancelled; it cannot be restocked.
restock-ended = Sale #{ $sale } is over; it cannot be restocked.
restock-too-big = That would take sale #{ $sale } above { $max } units; add fewer.
restock-done = ✅ Added { $added ->
    [one] 1 unit
   *[other] { $added } units
} to #{ $sale } { $title }: the stock is now { $stock }.
restock-waitlist = { $count ->
    [one] The person on the waitlist is being offered the new units now.
   *[other] The { $count } people on the waitlist are being offered the new units now, first come first served.
}
announce-usage = Use /announce <sale number> [all] [text], e.g. /announce 12 Back in stock! (with "all", every user of the bot, not only the sale's subscribers).
announce-too-long = Your text is too long for an announcement: at most { $max } characters.
announce-over = Sale #{ $sale } is over or cancelled; there is nothing to announce.
announce-nobody = Nobody can be told about sale #{ $sale } yet: it has no subscribers who still talk to the bot. Try /announce { $sale } all.
announce-confirm-subscribers = 📣 Announce #{ $sale } { $title } to its { $count ->
    [one] 1 subscriber
   *[other] { $count } subscribers
}?{ $skipped ->
    [0] { "" }
    [one] { " " }(1 more blocked the bot and is skipped.)
   *[other] { " " }({ $skipped } more blocked the bot and are skipped.)
}
announce-confirm-all = 📣 Announce #{ $sale } { $title } to all { $count ->
    [one] 1 active user
   *[other] { $count } active users
}?{ $skipped ->
    [0] { "" }
    [one] { " " }(1 more blocked the bot and is skipped.)
   *[other] { " " }({ $skipped } more blocked the bot and are skipped.)
}
announce-estimate-free = • Send: about { $span } at { $rate } messages a second, free.
announce-estimate-paid = • Send paid: about { $span } at { $rate } messages a second, { $stars ->
    [0] free: every message fits within Telegram's free 30 a second.
   *[other] about { $stars } ⭐ from the bot's balance, at most { $stars_max } ⭐ (Telegram's paid broadcasts: 0.1 ⭐ per message; messages within the free 30 a second are not charged).
}
button-announce-send = Send
button-announce-paid = Send paid
button-announce-cancel = Cancel
announce-started = 📣 Sending to { $count ->
    [one] 1 person
   *[other] { $count } people
}; progress below.
announce-started-paid = 📣 Sending to { $count ->
    [one] 1 person
   *[other] { $count } people
} as a paid broadcast; progress below.
announce-already = This announcement was already sent or cancelled.
announce-dropped = Announcement cancelled; nothing was sent.
announce-progress = 📣 #{ $sale } { $title }: sent { $sent } / { $total } · { $blocked } blocked · { $failed } failed{ $unknown ->
    [0] { "" }
   *[other] { " " }· { $unknown } unknown
} · ETA { $span }
announce-summary = ✅ #{ $sale } { $title } announced in { $span }: { $sent } sent, { $blocked } blocked the bot, { $failed } failed.{ $unknown ->
    [0] { "" }
    [one] { " " }1 unknown: a restart cut its request short, so it may or may not have arrived; it was not sent again, to avoid a duplicate.
   *[other] { " " }{ $unknown } unknown: a restart cut their requests short, so they may or may not have arrived; they were not sent again, to avoid duplicates.
}
tg-cmd-restock = /restock <sale> <n>: add units to a sale
tg-cmd-announce = /announce <sale> [all] [text]: send a sale's card to its subscribers
# /stats: a sale's chart of units sold and stock left over time
stats-usage = Use /stats <sale number>, e.g. /stats 12.
stats-no-orders = Sale #{ $sale } { $title } has no orders yet, so there is nothing to chart. Ask again once someone has bought.
stats-caption = 📈 Sale #{ $sale } { $title }: { $units ->
    [one] 1 unit
   *[other] { $units } units
} in { $orders ->
    [one] 1 order
   *[other] { $orders } orders
} within { $span } of the start, one bar per { $bucket }. Expired and cancelled orders are left out.
stats-chart-title = Sale #{ $sale } { $title }: units sold and stock left
stats-chart-x = Seconds since the sale started
stats-chart-y-sold = Units sold per { $bucket } s
stats-chart-y-left = Units left
stats-chart-legend-sold = Sold
stats-chart-legend-left = Left in stock
tg-cmd-stats = /stats <sale>: chart of sales over time
# Fairness: more anomaly alerts
alert-new-user-burst = 🚨 Sale { $sale }: { $count } brand-new users tried to buy within { $secs } s of the start. Possibly a bot farm; check the orders and consider /block.
alert-captcha-streak = 🚨 User { $user } answered the captcha wrong { $count ->
    [one] once
   *[other] { $count } times
} in a row. Consider /block { $user }.
alert-captcha-failures = 🚨 { $count } wrong captcha answers in a minute across users. A script may be guessing.
alert-drift = 🚨 Sale { $sale }: the live stock counter says { $gate } left, the orders { $store }, in two checks running. Run /reconcile, then `flashsale reconcile --repair` when the sale is quiet.
alert-backend-errors = 🚨 { $backend } failed { $count ->
    [one] once
   *[other] { $count } times
} in a minute on the buy path. Check /readyz and the logs.
# /stats: buyers and units by source (channel posts, shares, direct)
stats-sources-head = Buyers by source:
stats-source-post = • Post #{ $post } in { $chat }: { $buyers ->
    [one] 1 buyer
   *[other] { $buyers } buyers
}, { $units ->
    [one] 1 unit
   *[other] { $units } units
}
stats-source-share = • Shared by { $who }: { $buyers ->
    [one] 1 buyer
   *[other] { $buyers } buyers
}, { $units ->
    [one] 1 unit
   *[other] { $units } units
}
stats-source-direct = • Direct: { $buyers ->
    [one] 1 buyer
   *[other] { $buyers } buyers
}, { $units ->
    [one] 1 unit
   *[other] { $units } units
}
stats-source-other = • { $count } other sources: { $buyers ->
    [one] 1 buyer
   *[other] { $buyers } buyers
}, { $units ->
    [one] 1 unit
   *[other] { $units } units
}
