## Terminal chat chrome (English).

chat-intro = flashsale local chat — you are a customer. Demo sales are loaded.
chat-try = Try: "what's on sale?", "how much are the airpods", "buy 2 airpods", "buy it", "我要抢两个耳机", "when does the switch start", "remind me", "my orders".
chat-keys = Type a number to press a button. /lang zh for Chinese, /as merchant or /as admin to switch role, /help, /quit.
chat-role = You are now: { $role ->
    [merchant] merchant
    [admin] admin
   *[customer] customer
}.
chat-role-usage = Use /as customer, /as merchant or /as admin.
chat-no-button = There is no button { $n } right now.
chat-seeded = Demo sales created: { $count }.
chat-bye = Bye!
