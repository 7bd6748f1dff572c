# Units held for a customer by a waitlist offer (issue 23, item 1).
waitlist-offer-last = 🎉 A unit of { $title } came back and is held for you. Claim it within { $span }, or it goes back on sale.
waitlist-lapsed-released = ⌛ The unit of { $title } held for you went back on sale, as it was not claimed in time.
waitlist-nothing-held = Nothing is held for you right now. When a unit of a sold-out sale comes back to someone on its waitlist, it can be claimed here.
waitlist-held-already = { $units ->
    [one] A unit of { $title } is already held for you from the waitlist. Claim it within { $span }.
   *[other] { $units } units of { $title } are already held for you from the waitlist. Claim them within { $span }.
}
orders-held-header = Held for you (waitlist):
orders-held-item = { $title } × { $units } — held, claim within { $span }
