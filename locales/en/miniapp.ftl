# The Mini App (issue #22): the API's answers first, then the page's own texts below "# page".

miniapp-unauthorized = Please open this page from the bot in Telegram: your sign-in could not be checked.
miniapp-bad-request = Sorry, that request could not be read. Please try again.
miniapp-too-large = That request is too large.
miniapp-not-found = Not found: it may have been removed.
miniapp-try-again = Something went wrong on our side. Please try again in a moment.
miniapp-order-status = { $state ->
    [pending] awaiting payment
    [paid] paid
    [expired] expired
   *[cancelled] cancelled
}
button-open = 🛍 Open
miniapp-menu-button = 🛍 Shop
miniapp-local-ready = The Mini App runs at { $url } (user { $user }, { $lang }). Open it in a browser; Ctrl-C stops it.
miniapp-captcha-before-buy = 🔐 Before your first buy of { $title }, please answer a quick check. Nothing is bought yet: send the answer and your buy goes through.

# page
page-title = Flash sales
page-tab-sales = Sales
page-tab-orders = My orders
page-empty-sales = No sales right now. Check back soon.
page-empty-orders = You have no orders yet.
page-state-upcoming = Upcoming
page-state-live = Live now
page-state-sold-out = Sold out
page-state-ended = Ended
page-starts-in = Starts in { $time }
page-ends-in = Ends in { $time }
page-days = { $n }d
page-stock = { $left } of { $total } left
page-limit = Limit { $limit } per person
page-held = you hold { $held }
page-quantity = Quantity
page-buy = Buy now
page-buying = Buying…
page-see-orders = Open my orders →
page-limit-reached = You have reached the limit
page-back = ← All sales
page-captcha-title = Answer to continue
page-captcha-submit = Send answer
page-waitlist-hint = Sold out. Join the waitlist and the bot will message you if units come back.
page-waitlist-join = Join the waitlist
page-order-qty = Quantity: { $n }
page-pay-until = Pay within { $time }
page-pay = Pay
page-cancel = Cancel order
page-invoice-paid = Payment received. Thank you!
page-invoice-failed = The payment did not go through. You can try again.
page-error-network = Can't reach the shop. Check your connection and try again.
page-error-auth = Open this page from the bot in Telegram.
page-retry = Try again
