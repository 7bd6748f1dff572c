# 员工帮助与审计日志（issue #23，员工）
audit-did = { $action ->
    [grant] 把用户 { $id } 设为商家
    [revoke] 撤销了用户 { $id } 的商家身份
    [block] 封禁了用户 { $id }
    [unblock] 解封了用户 { $id }
   *[create-sale] 创建了秒杀 #{ $id }
}
audit-cancel-sale = 取消了秒杀 #{ $id }（取消 { $orders } 笔订单，退款 { $refunded } 笔）
audit-restock = 为秒杀 #{ $id } 补货：库存 { $before } → { $after }
audit-announce = 发布了秒杀 #{ $id } 的通知{ $mode ->
    [paid] （付费广播）
   *[free] { "" }
}
audit-edit-sale = 修改了秒杀 #{ $id }：{ $changes }
audit-change = { $field ->
    [title] 标题
    [keywords] 关键词
    [price_minor] 价格
    [currency] 货币
    [stock] 库存
    [limit] 每人限购
    [start_ms] 开始时间
    [duration_secs] 时长
    [captcha] 验证
   *[other] { $field }
} { $before } → { $after }
audit-other = { $action } { $subject }
stats-all-lapsed = 秒杀 #{ $sale } { $title } 共有 { $count } 笔订单，但都已过期或被取消，没有售出的商品，所以没有图表。
