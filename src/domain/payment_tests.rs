//! Unit tests of invoice payloads, charge ids and the payment check.

use chrono::{Duration, TimeZone, Utc};

use super::*;
use crate::domain::{
    Money, PerUserLimit, Quantity, RequestId, SaleDraft, SaleId, SaleStatus, SaleWindow, Stock,
    Title,
};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap()
}

fn sale(currency: Currency) -> Sale {
    let draft = SaleDraft::new(
        Title::parse("Stars mug").unwrap(),
        vec![],
        Money::from_minor(25, currency).unwrap(),
        Stock::parse(10).unwrap(),
        PerUserLimit::parse(3).unwrap(),
        SaleWindow::new(t0(), t0() + Duration::hours(1)).unwrap(),
        UserId::parse(1).unwrap(),
    )
    .unwrap();
    Sale {
        id: SaleId::parse(4).unwrap(),
        draft,
        status: SaleStatus::Active,
    }
}

fn order(state: OrderState) -> Order {
    Order {
        id: OrderId::parse(9).unwrap(),
        sale: SaleId::parse(4).unwrap(),
        buyer: UserId::parse(77).unwrap(),
        quantity: Quantity::parse(2).unwrap(),
        request: RequestId::parse("r1").unwrap(),
        state,
        created_at: t0(),
        updated_at: t0(),
        pay_deadline: t0() + Duration::minutes(10),
    }
}

fn payer() -> UserId {
    UserId::parse(77).unwrap()
}

#[test]
fn invoice_payloads_round_trip_and_junk_is_refused() {
    let p = InvoicePayload::new(OrderId::parse(42).unwrap());
    assert_eq!(p.to_string(), "order:42");
    assert_eq!(InvoicePayload::parse("order:42"), Ok(p));
    for junk in [
        "", "order:", "order:0", "order:-1", "order:+4", "order:4x", "sale:4", "42",
    ] {
        assert!(InvoicePayload::parse(junk).is_err(), "{junk}");
    }
}

#[test]
fn charge_ids_must_be_visible_ascii() {
    assert!(ChargeId::parse("stxAbC123").is_ok());
    assert!(ChargeId::parse("").is_err());
    assert!(ChargeId::parse("a b").is_err());
    assert!(ChargeId::parse(&"x".repeat(257)).is_err());
}

#[test]
fn a_pending_order_paid_in_time_with_the_right_stars_is_accepted() {
    let due = check_payment(
        &order(OrderState::Pending),
        &sale(Currency::Xtr),
        payer(),
        "XTR",
        50,
        t0(),
    );
    assert_eq!(due, Ok(50));
}

#[test]
fn another_users_order_looks_unknown() {
    let other = UserId::parse(78).unwrap();
    let r = check_payment(
        &order(OrderState::Pending),
        &sale(Currency::Xtr),
        other,
        "XTR",
        50,
        t0(),
    );
    assert_eq!(r, Err(Refusal::UnknownOrder));
}

#[test]
fn a_wrong_amount_or_currency_is_refused() {
    let (o, s) = (order(OrderState::Pending), sale(Currency::Xtr));
    assert_eq!(
        check_payment(&o, &s, payer(), "XTR", 49, t0()),
        Err(Refusal::WrongAmount)
    );
    assert_eq!(
        check_payment(&o, &s, payer(), "USD", 50, t0()),
        Err(Refusal::WrongCurrency)
    );
    assert_eq!(
        check_payment(&o, &s, payer(), "xtr", 50, t0()),
        Err(Refusal::WrongCurrency)
    );
}

#[test]
fn an_order_past_its_deadline_or_closed_is_refused() {
    let s = sale(Currency::Xtr);
    let late = t0() + Duration::minutes(10);
    assert_eq!(
        check_payment(&order(OrderState::Pending), &s, payer(), "XTR", 50, late),
        Err(Refusal::Expired)
    );
    for state in [OrderState::Paid, OrderState::Expired, OrderState::Cancelled] {
        assert_eq!(
            check_payment(&order(state), &s, payer(), "XTR", 50, t0()),
            Err(Refusal::Closed(state))
        );
    }
}

#[test]
fn a_sale_priced_in_yuan_takes_no_stars() {
    let r = check_payment(
        &order(OrderState::Pending),
        &sale(Currency::Cny),
        payer(),
        "XTR",
        50,
        t0(),
    );
    assert_eq!(r, Err(Refusal::NotPayable));
    assert_eq!(
        stars_due(&sale(Currency::Cny), &order(OrderState::Pending)),
        None
    );
}
