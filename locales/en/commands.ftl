## The one command table (src/app/turn/commands.rs): menus and /help per role.
tg-cmd-faq = /faq [sale] [topic=answer]: answers to shoppers' questions
tg-cmd-block = /block <id or @username>: stop a user from buying
tg-cmd-unblock = /unblock <id or @username>: let a blocked user buy again
help-merchant = 🧑‍💼 As a merchant:
help-admin = 🛡 As an admin, also:
help-command = · { $about }
