# 应对恶意流量的加固（第 21 号议题）：身份明确、列表、已撤销的员工。
grant-ambiguous-username = 有不止一个用户用过 @{ $name }，我不会猜。请使用对方的数字 ID（对方可向 @userinfobot 发送 /start 获取）。
grant-stale-username = 上次看到 @{ $name } 是在 { $seen }，时间太久，无法确定这个用户名仍属于对方。请使用对方的数字 ID。
grant-stale-username-never = 最近没有看到 @{ $name }，无法确定这个用户名仍属于对方。请使用对方的数字 ID。
list-more = ……还有 { $more } 个秒杀未列出。说出名称（例如「……多少钱」）即可查看。
staff-no-longer-merchant = 你已不再是商家，无法再管理秒杀 #{ $sale }。如有误会，请联系管理员。
