# Staff help and the audit log in words (issue #23, staff)
audit-did = { $action ->
    [grant] made user { $id } a merchant
    [revoke] took the merchant role from user { $id }
    [block] blocked user { $id }
    [unblock] unblocked user { $id }
   *[create-sale] created sale #{ $id }
}
audit-cancel-sale = cancelled sale #{ $id } ({ $orders ->
    [one] 1 order
   *[other] { $orders } orders
} cancelled, { $refunded } refunded)
audit-restock = restocked sale #{ $id }: stock { $before } → { $after }
audit-announce = announced sale #{ $id } { $mode ->
    [paid] as a paid broadcast
   *[free] to its audience
}
audit-edit-sale = edited sale #{ $id }: { $changes }
audit-change = { $field ->
    [title] title
    [keywords] keywords
    [price_minor] price
    [currency] currency
    [stock] stock
    [limit] limit per person
    [start_ms] start
    [duration_secs] length
    [captcha] captcha
   *[other] { $field }
} { $before } → { $after }
audit-other = { $action } { $subject }
stats-all-lapsed = Sale #{ $sale } { $title } had { $count ->
    [one] 1 order
   *[other] { $count } orders
}, but none was paid in time or kept: all lapsed or were cancelled, so nothing counts as sold and there is no chart.
