use super::*;

fn check(cases: &[(&str, Option<Topic>)]) {
    let wrong: Vec<String> = cases
        .iter()
        .filter(|(text, want)| question_topic(text) != *want)
        .map(|(text, want)| format!("{text:?}: want {want:?}, got {:?}", question_topic(text)))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn english_everyday_questions_are_read_as_their_topic() {
    use Topic::*;
    check(&[
        ("is it genuine?", Some(Authenticity)),
        ("are these authentic or replicas", Some(Authenticity)),
        ("can I pay later", Some(Payment)),
        ("do you take paypal", Some(Payment)),
        ("how do i pay", Some(Payment)),
        ("cash on delivery possible?", Some(Payment)),
        ("do you ship to canada", Some(Shipping)),
        ("can i pick it up in person", Some(Shipping)),
        ("how much is postage", Some(Shipping)),
        ("how long is delivery", Some(Delivery)),
        ("when will it arrive", Some(Delivery)),
        ("how long does shipping take", Some(Delivery)),
        ("can i return it if it doesnt fit", Some(Returns)),
        ("what's your refund policy", Some(Returns)),
        ("is there a warranty", Some(Warranty)),
        ("how do i contact the seller", Some(Contact)),
        ("can i talk to a real person", Some(Contact)),
    ]);
}

#[test]
fn typos_still_find_the_topic() {
    use Topic::*;
    check(&[
        ("is it genuin", Some(Authenticity)),
        ("do u do free shiping", Some(Shipping)),
        ("refnud possible?", Some(Returns)),
        ("whats the warrenty", Some(Warranty)),
        ("paymnet options?", Some(Payment)),
        ("how long for delivary", Some(Delivery)),
    ]);
}

#[test]
fn chinese_everyday_questions_are_read_as_their_topic() {
    use Topic::*;
    check(&[
        ("怎么付款", Some(Payment)),
        ("可以货到付款吗", Some(Payment)),
        ("能用支付宝吗", Some(Payment)),
        ("发货要多久", Some(Delivery)),
        ("几天能到", Some(Delivery)),
        ("包邮吗", Some(Shipping)),
        ("可以自提吗", Some(Shipping)),
        ("是正品吗", Some(Authenticity)),
        ("是不是高仿", Some(Authenticity)),
        ("能退吗", Some(Returns)),
        ("支持七天无理由退货吗", Some(Returns)),
        ("保修多久", Some(Warranty)),
        ("怎么联系客服", Some(Contact)),
        ("發貨要多久", Some(Delivery)),
    ]);
}

#[test]
fn shopping_messages_without_such_a_question_have_no_topic() {
    check(&[
        ("buy 2 airpods", None),
        ("when does the switch start", None),
        ("what's on sale?", None),
        ("my orders", None),
        ("我要抢两个耳机", None),
        ("还剩多少", None),
        ("shop", None),
        ("how much are the airpods", None),
    ]);
}
