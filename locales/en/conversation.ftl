# Acting only on what the customer asked (docs/conversation.md).
policy-nothing-bought = Got it — that message doesn't order anything. Whenever you want one, just say "buy" or tap Buy on a sale; orders you already placed are under My orders.
policy-how-to-buy = Nothing is bought until you ask: tap Buy on the card below, or write e.g. "buy 2". It's first come, first served while stock lasts.
policy-confirm = Your message didn't clearly say to buy, so I'm checking. Buy { $qty } × { $title } for { $total }?
policy-reported = Noted — that doesn't order anything. Here is that sale as it stands for you; your own orders are one tap away.
policy-thanks = You're welcome! Anything else, just ask.
policy-nothing-pending = There's nothing waiting for your confirmation.
