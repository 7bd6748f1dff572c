#!/usr/bin/env python3
"""Writes data/nlu/corpus.jsonl: the intent model's training corpus (deterministic).

Hand-written lines (HAND below) plus templates x products x phrasings, each line with a
`group` naming its kind. Fixed seed, fixed order: rerunning gives the same file.
Never tune on data/nlu/blind.jsonl; it is the held-out check.
"""
import json
import random
import sys

RNG = random.Random(16)

# id -> (English names, Chinese names, Chinese classifier)
PRODUCTS = {
    "iphone-16-pro": (["iphone", "iphone 16", "iphone 16 pro", "iphones", "ifone"], ["苹果手机", "苹果16", "iphone"], "台"),
    "airpods-pro": (["airpods", "airpods pro", "earbuds", "airpod", "air pods"], ["耳机", "airpods", "无线耳机"], "个"),
    "switch-oled": (["switch", "switch oled", "nintendo switch", "swich", "switches"], ["任天堂", "游戏机", "switch"], "台"),
    "dyson-v15": (["dyson", "dyson v15", "vacuum", "dysons", "dison"], ["戴森", "吸尘器", "戴森吸尘器"], "台"),
    "moutai-500": (["moutai", "baijiu", "moutais", "maotai"], ["茅台", "白酒", "飞天茅台"], "瓶"),
    "lego-falcon": (["lego", "lego falcon", "falcon", "legos", "millennium falcon"], ["乐高", "千年隼", "乐高千年隼"], "个"),
    "kindle-pw": (["kindle", "paperwhite", "ereader", "kindles", "kindel"], ["阅读器", "kindle", "电子书阅读器"], "个"),
    "rice-cooker": (["rice cooker", "ricecooker", "rice cookers"], ["电饭煲", "电饭锅", "小米电饭煲"], "个"),
}
EN_NUM = {1: ["1", "one", "a"], 2: ["2", "two", "a couple of"], 3: ["3", "three"], 4: ["4", "four"], 5: ["5", "five"], 6: ["6", "six"], 10: ["10", "ten"], 12: ["12", "a dozen"]}
ZH_NUM = {1: ["一", "1"], 2: ["两", "二", "2"], 3: ["三", "3"], 4: ["四", "4"], 5: ["五", "5"], 6: ["六"], 10: ["十", "10"], 20: ["二十"]}
EMOJI = ["", "", "", " 🙏", " 🔥", " !!", " pls", " plz", " 😅", " 👀", "!", "?"]
# A request is not asked back: no question mark after a buy.
EMOJI_BUY = [e for e in EMOJI if "?" not in e]
ZH_TAIL = ["", "", "", "啊", "呀", "！", "～", " 🙏", "哈"]


def en(p):
    return RNG.choice(PRODUCTS[p][0])


def zh(p):
    return RNG.choice(PRODUCTS[p][1])


def rows(group, intent, templates, n, sale=True, qty=False, lang="en"):
    out = []
    ids = list(PRODUCTS)
    for k in range(n):
        p = ids[k % len(ids)]
        t = templates[RNG.randrange(len(templates))]
        q = RNG.choice(list((EN_NUM if lang == "en" else ZH_NUM).keys())) if qty else 1
        num = RNG.choice((EN_NUM if lang == "en" else ZH_NUM).get(q, [str(q)]))
        if "x{n}" in t:
            num = str(q)
        text = t.format(p=en(p), z=zh(p), n=num, c=PRODUCTS[p][2])
        tails = ZH_TAIL if lang != "en" else (EMOJI_BUY if intent == "buy" else EMOJI)
        text += RNG.choice(tails)
        needs_sale = "{p}" in t or "{z}" in t
        has_n = "{n}" in t
        out.append({
            "text": text.strip(),
            "intent": intent,
            "sale": p if (sale and needs_sale) else None,
            "quantity": (q if has_n else 1) if intent == "buy" else None,
            "group": group,
        })
    return out


T = {}
T["buy-en"] = ["buy {n} {p}", "get me {n} {p}", "i want {n} {p}", "grab {n} {p} for me", "order {n} {p}", "{n} {p} please", "i'll take {n} {p}", "gimme {n} {p}", "add {n} {p} to my cart", "cop {n} {p}", "snag {n} {p}", "purchase {n} {p}", "{p} x{n}", "put me down for {n} {p}", "i need {n} {p} now", "reserve {n} {p} for me", "lemme get {n} {p}", "yes buy {n} {p}", "take {n} {p}", "want {n} {p} asap"]
T["buy-en-noqty"] = ["buy the {p}", "get me the {p}", "i want the {p}", "order the {p}", "{p} pls", "i'll take the {p}", "gimme the {p}", "grab the {p}", "buy {p} now", "{p} for me", "i need the {p}", "checkout {p}"]
T["buy-zh"] = ["我要{n}{c}{z}", "帮我抢{n}{c}{z}", "买{n}{c}{z}", "来{n}{c}{z}", "{z}来{n}{c}", "{z}要{n}{c}", "下单{n}{c}{z}", "给我来{n}{c}{z}", "抢{n}{c}{z}", "我要抢{n}{c}{z}", "帮我买{n}{c}{z}", "{z}我要{n}{c}"]
T["buy-zh-noqty"] = ["我要{z}", "帮我抢{z}", "买{z}", "抢{z}", "下单{z}", "{z}我要了", "给我来个{z}", "冲{z}", "秒杀{z}", "帮我下单{z}"]
T["buy-mixed"] = ["buy {n}{c}{z}", "我要{n} {p}", "帮我抢{n}个{p}", "get me {n}{c}{z}", "{p}来{n}{c}", "抢 {p}", "order {z}", "我要 {p}", "买 {p}"]
T["negation-en"] = ["don't buy the {p}", "dont get me the {p}", "do not order {p}", "i don't want the {p}", "not buying the {p}", "no {p} for me", "never mind the {p}", "no longer want the {p}", "i won't take the {p}", "skip the {p}", "nah not the {p}", "don't order {n} {p}", "i dont need {n} {p}", "stop, don't buy {p}", "not gonna get {p}", "never buying {p}", "pass on the {p}", "forget the {p}"]
T["negation-zh"] = ["我不要{z}了", "别买{z}", "先别抢{z}", "不要{z}", "不用买{z}", "{z}不要了", "不想要{z}", "{z}算了不买了", "先别下单{z}", "不买{z}了", "别帮我抢{z}", "{z}先别买", "我不需要{z}", "{z}不抢了", "取消{z}", "{z}就算了"]
T["negation-mixed"] = ["不要{p}了", "别买{p}", "don't buy {z}", "{p}先别抢", "我不要{p}", "no {z} thx"]
T["deferral-en"] = ["maybe later for the {p}", "hold off on the {p}", "next time for the {p}", "not yet on the {p}", "i'll get the {p} another time", "the {p} can wait, not yet", "hold off on {n} {p} for now"]
T["deferral-zh"] = ["{z}下次再买", "{z}以后再说", "改天再买{z}", "{z}等等再抢", "回头再买{z}", "{z}晚点再下单", "{z}过几天再买"]
T["deliberation-en"] = ["thinking about buying the {p}", "considering the {p}", "maybe i'll get the {p}", "i might buy {n} {p}", "wish i could afford the {p}", "thinking of getting {n} {p}"]
T["deliberation-zh"] = ["我想想再买{z}", "考虑一下{z}", "{z}还在犹豫", "纠结要不要买{z}", "{z}我再考虑考虑"]
T["refusal"] = ["no thanks", "nah", "not now", "nope", "no thx", "i'm good", "maybe later, not now", "nah im ok", "不用了", "算了", "不了谢谢", "不需要", "暂时不要", "先不了", "no 谢谢", "不用 thx"]
T["question-buy-en"] = ["how do i buy the {p}", "how does buying work for the {p}?", "can i buy {n} {p}?", "can i get the {p}", "is the {p} worth buying", "is it worth getting the {p}", "how to order {p}", "should i buy the {p}", "how can i grab the {p}", "could i order {n} {p}?", "do i need to pay for the {p} right away?", "can you get me {n} {p}?"]
T["question-buy-zh"] = ["{z}怎么买", "{z}要怎么抢啊", "能买{n}{c}{z}吗", "{z}值得买吗", "{z}可以买几{c}", "{z}怎么下单", "{z}能抢到吗", "{z}咋买", "{z}要不要买", "{z}值不值得抢", "能不能买{z}"]
T["question-buy-mixed"] = ["{p}怎么买", "how to buy {z}", "{p}值得买吗", "can i buy {z}?", "能买{n}个{p}吗"]
T["reported-en"] = ["my sister got {n} {p}", "my friend bought the {p}", "i bought a {p} last year", "already got the {p}", "my bf ordered {n} {p} yesterday", "mom got the {p} already", "i got {n} {p} last sale", "bought a {p} b4", "my coworker grabbed the {p}", "she bought {n} {p}", "they copped the {p} yesterday", "we already ordered the {p}"]
T["reported-zh"] = ["上次买过{z}了", "我妹抢了{n}{c}{z}", "我朋友买了{z}", "去年买了{z}", "已经买过{z}了", "同事抢到了{z}", "我妈买了{z}", "上回抢了{z}", "我老公买了{z}", "昨天买了{n}{c}{z}", "他买了{z}"]
T["reported-mixed"] = ["my friend买了{z}", "上次买过{p}了", "already 买了{z}", "我妹got {n} {p}"]
T["hypothetical-en"] = ["what if i buy the {p} and it breaks", "suppose i order {n} {p} and skip paying?", "if i get {n} {p} can i return one", "what happens if i order the {p} and dont pay", "if the {p} is cheap ill think about it", "imagine i buy {n} {p}, free shipping?", "in case i order the {p}, can i cancel", "say i buy the {p}, when does it ship"]
T["hypothetical-zh"] = ["如果买了{z}不付款会怎样", "要是抢到{z}不想要了咋办", "假如我买了{z}能退吗", "如果{z}坏了怎么办", "要是{z}降价了我再买", "万一{z}抢不到呢", "假如买{n}{c}{z}能便宜吗"]
T["info-en"] = ["how much is the {p}", "{p} price?", "price of {p}", "how many {p} left", "is the {p} in stock", "tell me about the {p}", "{p} specs", "is the {p} legit", "{p} sold out?", "details on {p}", "whats the discount on {p}", "{p}??", "is the {p} any good", "{p} colors?"]
T["info-zh"] = ["{z}多少钱", "{z}还有货吗", "{z}什么价", "{z}还剩几{c}", "{z}是正品吗", "{z}介绍一下", "{z}卖完了吗", "{z}几块钱", "{z}有什么颜色", "{z}好用吗", "{z}？"]
T["info-mixed"] = ["{p}多少钱", "{z} price", "{p}还有吗", "how much {z}", "{p}还剩几个"]
T["countdown-en"] = ["when does the {p} sale start", "how long until the {p} drop", "how much time left on the {p}", "when does {p} end", "{p} starts when?", "how long till {p} closes", "{p} time left", "when is the {p} live"]
T["countdown-zh"] = ["{z}几点开始", "{z}还有多久结束", "{z}什么时候开卖", "{z}几点开抢", "{z}还剩多长时间", "{z}啥时候开始", "{z}多久开始"]
T["countdown-mixed"] = ["{p}几点开始", "when does {z} start", "{p}还有多久"]
T["remind-en"] = ["remind me when the {p} sale starts", "ping me before the {p} goes live", "notify me about the {p}", "lmk when {p} is live", "alert me for {p}", "remind me about {p}", "tell me when the {p} drops", "set a reminder for {p}"]
T["remind-zh"] = ["{z}开抢前提醒我", "{z}开卖通知我", "{z}开始了叫我", "{z}开抢喊我一声", "{z}开卖前提醒一下", "提醒我抢{z}"]
T["remind-mixed"] = ["{p}开抢提醒我", "remind me {z}", "notify me {z}开卖"]

HAND = [
    # list
    ("what's on sale", "list"), ("show me the deals", "list"), ("any sales today", "list"), ("what do you have", "list"), ("list", "list"), ("deals?", "list"), ("what can i buy", "list"), ("show everything", "list"), ("what's hot", "list"), ("anything on offer", "list"), ("what are today's flash sales", "list"), ("whats available", "list"),
    ("有什么秒杀", "list"), ("今天卖什么", "list"), ("都有啥", "list"), ("有啥活动", "list"), ("秒杀列表", "list"), ("还有什么能抢", "list"), ("看看商品", "list"), ("今天有什么好东西", "list"), ("上新了吗", "list"), ("有哪些在打折", "list"),
    ("show me 秒杀", "list"), ("有什么deal", "list"), ("list一下", "list"), ("今天的sale", "list"),
    # countdown without product
    ("when does it start", "countdown"), ("how long left", "countdown"), ("when does it end", "countdown"), ("time left?", "countdown"), ("how many minutes left", "countdown"), ("is it open yet", "countdown"), ("when's the drop", "countdown"),
    ("几点开始", "countdown"), ("还有多久", "countdown"), ("什么时候结束", "countdown"), ("还剩多久", "countdown"), ("啥时候开抢", "countdown"), ("几点开抢啊", "countdown"),
    # remind without product
    ("remind me", "remind"), ("notify me", "remind"), ("ping me when it starts", "remind"), ("set a reminder", "remind"), ("tell me when it opens", "remind"), ("lmk when it's live", "remind"), ("alert me", "remind"),
    ("提醒我", "remind"), ("开始了叫我", "remind"), ("开卖前提醒", "remind"), ("开抢通知我", "remind"), ("别让我错过", "remind"),
    # orders
    ("my orders", "orders"), ("did my order go through", "orders"), ("did i get it", "orders"), ("have i bought anything", "orders"), ("order status", "orders"), ("where is my order", "orders"), ("what did i buy", "orders"), ("did i win", "orders"), ("have i paid", "orders"), ("did i already buy the airpods", "orders"), ("have i ordered the switch", "orders"), ("show my purchases", "orders"),
    ("我的订单", "orders"), ("我抢到了吗", "orders"), ("我抢到没有", "orders"), ("订单状态", "orders"), ("我买了什么", "orders"), ("我付款了吗", "orders"), ("我的单子呢", "orders"), ("我买过茅台没有", "orders"), ("抢到了没", "orders"), ("我的订单呢", "orders"),
    ("我的order", "orders"), ("did i 抢到", "orders"), ("my 订单", "orders"),
    # help
    ("help", "help"), ("hi", "help"), ("hello", "help"), ("how does this work", "help"), ("what can you do", "help"), ("how do i use this", "help"), ("commands", "help"), ("/help", "help"), ("/start", "help"), ("hey there", "help"), ("how do i buy things here", "help"), ("how do i pay", "help"), ("what if i buy something and don't pay", "help"), ("how to use", "help"),
    ("你好", "help"), ("在吗", "help"), ("怎么用", "help"), ("帮助", "help"), ("这个机器人怎么用", "help"), ("怎么抢", "help"), ("新手不会用", "help"), ("能干什么", "help"), ("怎么玩啊", "help"), ("嗨", "help"), ("如果抢到了不付钱会怎样", "help"),
    ("hi 怎么用", "help"), ("help 不会用", "help"), ("hello 在吗", "help"),
    # unknown
    ("what's the weather", "unknown"), ("tell me a joke", "unknown"), ("asdfgh", "unknown"), ("who won the game", "unknown"), ("i love cats", "unknown"), ("tesla price", "unknown"), ("order me a pizza", "unknown"), ("lol", "unknown"), ("ok", "unknown"), ("🍕", "unknown"), ("how much is bitcoin", "unknown"), ("book a flight", "unknown"),
    ("今天天气怎么样", "unknown"), ("讲个笑话", "unknown"), ("哈哈哈", "unknown"), ("房价多少", "unknown"), ("帮我订外卖", "unknown"), ("吃饭了吗", "unknown"), ("好的", "unknown"), ("嗯嗯", "unknown"), ("我不知道", "unknown"),
    ("lol 哈哈", "unknown"), ("ok 好的", "unknown"),
    # buy referring to context
    ("buy it", "buy", None, 1), ("get me one", "buy", None, 1), ("i want 2", "buy", None, 2), ("take it", "buy", None, 1), ("yes buy it", "buy", None, 1), ("i'll take 3", "buy", None, 3), ("gimme one", "buy", None, 1),
    ("我要两个", "buy", None, 2), ("帮我抢", "buy", None, 1), ("来一个", "buy", None, 1), ("买这个", "buy", None, 1), ("我要了", "buy", None, 1), ("来三个", "buy", None, 3), ("抢它", "buy", None, 1),
    ("buy 两个", "buy", None, 2), ("买it", "buy", None, 1),
    # questions / negations about the sale in context
    ("can i buy it", "info"), ("is it worth it", "info"), ("能买吗", "info"), ("值得买吗", "info"), ("can i get 2?", "info"),
    ("don't buy it", "unknown"), ("not that one", "unknown"), ("不买", "unknown"), ("别买", "unknown"), ("不要这个", "unknown"), ("no don't", "unknown"),
]


def main():
    lines = []
    for key, n in [("buy-en", 180), ("buy-en-noqty", 90), ("buy-zh", 150), ("buy-zh-noqty", 80), ("buy-mixed", 90),
                   ("info-en", 120), ("info-zh", 100), ("info-mixed", 50), ("countdown-en", 80), ("countdown-zh", 70), ("countdown-mixed", 30),
                   ("remind-en", 70), ("remind-zh", 60), ("remind-mixed", 25)]:
        base, lang = key.split("-")[0], key.split("-")[1]
        intent = base
        lines += rows(base if "noqty" not in key else "buy", intent, T[key], n, qty=("buy" in key and "noqty" not in key), lang="en" if lang == "en" else "zh")
    for key, n, intent in [("negation-en", 90, "unknown"), ("negation-zh", 80, "unknown"), ("negation-mixed", 30, "unknown"),
                           ("question-buy-en", 80, "info"), ("question-buy-zh", 70, "info"), ("question-buy-mixed", 30, "info"),
                           ("reported-en", 70, "unknown"), ("reported-zh", 60, "unknown"), ("reported-mixed", 25, "unknown"),
                           ("hypothetical-en", 50, "info"), ("hypothetical-zh", 45, "info"),
                           ("deferral-en", 35, "unknown"), ("deferral-zh", 35, "unknown"),
                           ("deliberation-en", 30, "info"), ("deliberation-zh", 30, "info")]:
        group = key.rsplit("-", 1)[0].replace("question-buy", "question-about-buying")
        # A deferral is a negation for now; a deliberation supposes a purchase.
        group = {"deferral": "negation", "deliberation": "hypothetical"}.get(group, group)
        lang = key.rsplit("-", 1)[1]
        for r in rows(group, intent, T[key], n, lang="en" if lang == "en" else "zh"):
            r["quantity"] = None
            lines.append(r)
    for t in T["refusal"]:
        lines.append({"text": t, "intent": "unknown", "sale": None, "quantity": None, "group": "refusal"})
    prefixes = ["yo ", "hey ", "um ", "ok ", "pls ", "so ", "嗯 ", "那个", "请问", "喂 "]
    suffixes = [" pls", " ?", " thx", " 🙏", " lol", "呀", "啊", "？", " 😅", "!!"]
    for h in HAND:
        text, intent = h[0], h[1]
        q = h[3] if len(h) > 3 else None
        lines.append({"text": text, "intent": intent, "sale": None, "quantity": q, "group": "hand-" + intent})
        for _ in range(3):
            pre = [x for x in prefixes if intent != "buy" or x not in ("请问", "um ")]
            suf = [x for x in suffixes if intent != "buy" or x not in (" ?", "？")]
            variant = RNG.choice(pre) + text + RNG.choice(suf)
            lines.append({"text": variant, "intent": intent, "sale": None, "quantity": q, "group": intent + "-variant"})
    seen, out = set(), []
    for r in lines:
        if r["text"] in seen:
            continue
        seen.add(r["text"])
        out.append(r)
    sys.stdout.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out))


if __name__ == "__main__":
    main()
