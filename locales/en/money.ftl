# How a customer reaches the seller of a reservation (issue #23, money)
seller-contact = 👤 Seller: @{ $username } (message them with your order number).
seller-contact-unknown = 👤 The seller has no public Telegram @username yet, so the bot can't link you; ask the shop where you found this sale, quoting your order number.
