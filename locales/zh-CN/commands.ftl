## 统一命令表（src/app/turn/commands.rs）：按角色生成菜单和 /help。
tg-cmd-faq = /faq [编号] [主题=回答]：回答顾客的常见问题
tg-cmd-block = /block <ID 或 @用户名>：禁止用户购买
tg-cmd-unblock = /unblock <ID 或 @用户名>：恢复用户购买
help-merchant = 🧑‍💼 商家命令：
help-admin = 🛡 管理员另外可用：
help-command = · { $about }
