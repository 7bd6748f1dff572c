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
audit-line = • { $time } · user { $actor } · { $action ->
    [grant] granted merchant:
    [revoke] revoked merchant:
    [cancel-sale] cancelled
   *[other] { $action }
} { $subject }: { $before } → { $after }

users-counts = Users: { $total } in all, { $active } active, { $blocked_bot } blocked the bot, { $blocked } blocked by admins, { $subscribers } subscribers.

reconcile-clean = ✅ Gate and store agree on all { $count } current sales.
reconcile-drifted = ⚠️ { $count ->
    [one] One sale differs
   *[other] { $count } sales differ
} between gate and store (run `flashsale reconcile --repair` when quiet):
reconcile-drift = • #{ $sale }: store { $store } left, gate { $gate ->
    [-1] none
   *[other] { $gate } left
}

stock-usage = Use /stock or /stock <sale number>.
stock-none = No live or upcoming sales.
stock-title = Stock of { $count ->
    [one] one sale
   *[other] { $count } sales
} (reserved = unpaid, sold = reserved + paid):
stock-row-title = #{ $sale } { $title } · { $phase ->
    [live] live
    [upcoming] upcoming
    [soldout] sold out
    [cancelled] cancelled
   *[ended] ended
}
stock-row-figures = { "  " }stock { $stock } · res { $reserved } · sold { $sold } · paid { $paid } · left { $left } · { $rate }%
stock-orders = Orders: { $count }
stock-gate = Gate: { $left } left
stock-gate-empty = Gate: not loaded yet (loads on the first buy).
stock-gate-down = Gate: not reachable right now.

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
}: { $count } ({ $units } units)
orders-csv = Every order is in the CSV file below.

cancelsale-usage = Use /cancelsale <sale number>, e.g. /cancelsale 12.
cancelsale-already = Sale #{ $sale } is already cancelled.
cancelsale-confirm = Cancel sale #{ $sale } { $title }? It stops selling at once; { $pending } pending orders are cancelled and { $paid } paid orders refunded, and each buyer is told.
button-cancelsale-yes = Yes, cancel the sale
button-cancelsale-no = No, keep it
cancelsale-kept = OK, the sale stays on.
cancelsale-done = ✅ Sale #{ $sale } { $title } is cancelled: { $cancelled } pending orders cancelled, { $refunded } payments refunded.
cancelsale-buyers-told = Each buyer gets a message.
cancelsale-refunds-owed = { $count } refunds could not be made yet; run /cancelsale again later to retry.

chat-document-saved = 📎 File saved: { $path }

tg-cmd-mysales = My sales (merchants)
tg-cmd-stock = Stock of current sales, or /stock <sale>
tg-cmd-orders-sale = /orders <sale>: summary and CSV
tg-cmd-cancelsale = /cancelsale <sale>: cancel a sale
tg-cmd-grant = /grant merchant <id or @username>
tg-cmd-revoke = /revoke <id or @username>
tg-cmd-reconcile = Check the gate against the store
tg-cmd-audit = Recent merchant and admin changes
tg-cmd-users = User counts
staff-private-only = Please use merchant and admin commands in a private chat with the bot.
block-usage = Use /block <user id or @username> or /unblock <user id or @username>.
block-is-admin = User { $user } is an admin (from ADMIN_IDS) and can't be blocked.
block-done = ⛔ User { $user } can no longer buy.
unblock-done = ✅ User { $user } can buy again.
buy-blocked = Sorry, your account can't buy in this shop. Please contact the seller if you think this is a mistake.
alert-hammering = 🚨 User { $user } kept messaging after being told to slow down ({ $count } messages silenced in a minute). Consider /block { $user }.
alert-purchase-errors = 🚨 { $count } buyers in a minute were told to try again because the database or the stock gate failed. Check /readyz and the logs.
alert-throttled = 🚨 Telegram is throttling the bot (429): sending paused for { $secs } s. Broadcasts and reminders will be late.

# Fairness: more anomaly alerts
alert-new-user-burst = 🚨 Sale { $sale }: { $count } brand-new users tried to buy within { $secs } s of the start. Possibly a bot farm; check the orders and consider /block.
alert-captcha-streak = 🚨 User { $user } answered the captcha wrong { $count } times in a row. Consider /block { $user }.
alert-captcha-failures = 🚨 { $count } wrong captcha answers in a minute across users. A script may be guessing.
alert-drift = 🚨 Sale { $sale }: the stock gate says { $gate } left, the database { $store }, in two checks running. Run /reconcile, then `flashsale reconcile --repair` when the sale is quiet.
alert-backend-errors = 🚨 { $backend } failed { $count } times in a minute on the buy path. Check /readyz and the logs.
