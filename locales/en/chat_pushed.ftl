# The local chat showing what Telegram would (issue 23, item 2).
chat-invoice = 🧾 Invoice: { $title } — { $description } Total: { $stars } ⭐
chat-pay = Pay { $stars } ⭐ (simulated)
chat-updated = ✏️ (updated)
chat-paid-already = This invoice is already paid.
