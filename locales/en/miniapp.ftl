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

# page
