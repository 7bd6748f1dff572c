//! Button payloads: what a pressed button asks for, encoded in under 64 bytes.

use crate::app::merchant::sale::draft::DraftPress;
use crate::domain::{AnnouncementId, OfferId, OrderId, SaleId};

/// The things a button can ask the assistant to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Show the sales.
    List,
    /// Show the customer's orders.
    Orders,
    /// Show how to use the bot.
    Help,
    /// Details of one sale.
    Info(SaleId),
    /// When one sale starts or ends.
    Countdown(SaleId),
    /// Remind me when it starts.
    Remind(SaleId),
    /// Show the sale's card as it is now (in place of the card pressed, where possible).
    Refresh(SaleId),
    /// Buy `qty` units; asks for confirmation when the quantity is big.
    Buy(SaleId, u32),
    /// Buy `qty` units, already confirmed.
    Confirm(SaleId, u32),
    /// Drop the pending question.
    Cancel,
    /// Yes to the buy this chat was asked to confirm (the pending buy is in its context).
    Yes,
    /// Send the Stars invoice of a pending order again.
    Pay(OrderId),
    /// Cancel a pending order and give its units back.
    CancelOrder(OrderId),
    /// A merchant or admin confirmed cancelling a sale (roles are checked again).
    CancelSale(SaleId),
    /// A merchant or admin decided to keep the sale.
    KeepSale,
    /// Join the waitlist of a sold-out sale.
    Waitlist(SaleId),
    /// Claim the unit a waitlist offer holds.
    Claim(OfferId),
    /// A button of the `/newsale` preview card or its field picker.
    Draft(DraftPress),
    /// A merchant or admin confirmed sending an announcement; `true` for a paid broadcast.
    Announce(AnnouncementId, bool),
    /// A merchant or admin dropped an announcement before sending it.
    DropAnnouncement(AnnouncementId),
    /// Yes to "tell me when there is a sale of X" (the keyword watch offered).
    Watch(crate::app::customer::keyword_watch::WatchId),
    /// Show a captcha challenge for the sale now ("verify now so you're ready").
    Verify(SaleId),
    /// An answer to captcha challenge `nonce` of the sale: the option at `choice`.
    Answer {
        sale: SaleId,
        nonce: u32,
        choice: u8,
    },
}

impl Action {
    /// The payload put on a button.
    pub fn payload(self) -> String {
        match self {
            Action::List => "list".into(),
            Action::Orders => "orders".into(),
            Action::Help => "help".into(),
            Action::Info(s) => format!("info:{s}"),
            Action::Countdown(s) => format!("cd:{s}"),
            Action::Remind(s) => format!("rem:{s}"),
            Action::Refresh(s) => format!("ref:{s}"),
            Action::Buy(s, q) => format!("buy:{s}:{q}"),
            Action::Confirm(s, q) => format!("ok:{s}:{q}"),
            Action::Cancel => "no".into(),
            Action::Yes => "yes".into(),
            Action::Pay(o) => format!("pay:{o}"),
            Action::CancelOrder(o) => format!("xo:{o}"),
            Action::CancelSale(s) => format!("xs:{s}"),
            Action::KeepSale => "ks".into(),
            Action::Waitlist(s) => format!("wl:{s}"),
            Action::Claim(o) => format!("cl:{o}"),
            Action::Draft(p) => format!("nd:{}", p.payload()),
            Action::Announce(a, paid) => format!("an:{a}:{}", if paid { "p" } else { "f" }),
            Action::DropAnnouncement(a) => format!("anx:{a}"),
            Action::Verify(s) => format!("vfy:{s}"),
            Action::Watch(w) => format!("kw:{}", w.get()),
            Action::Answer {
                sale,
                nonce,
                choice,
            } => format!("cap:{sale}:{nonce}:{choice}"),
        }
    }

    /// The sale a payload is about, if any (read without the rest of the action).
    pub fn sale(self) -> Option<SaleId> {
        match self {
            Action::Info(s)
            | Action::Countdown(s)
            | Action::Remind(s)
            | Action::Refresh(s)
            | Action::Buy(s, _)
            | Action::Confirm(s, _)
            | Action::Waitlist(s)
            | Action::Verify(s)
            | Action::Answer { sale: s, .. } => Some(s),
            Action::List
            | Action::Orders
            | Action::Help
            | Action::Cancel
            | Action::Yes
            | Action::Pay(_)
            | Action::CancelOrder(_)
            | Action::CancelSale(_)
            | Action::KeepSale
            | Action::Claim(_)
            | Action::Draft(_)
            | Action::Announce(..)
            | Action::DropAnnouncement(_)
            | Action::Watch(_) => None,
        }
    }

    /// Reads a payload back; `None` for anything this version did not write.
    pub fn parse(payload: &str) -> Option<Self> {
        if let Some(rest) = payload.strip_prefix("nd:") {
            return DraftPress::parse(rest).map(Action::Draft);
        }
        let mut parts = payload.split(':');
        let verb = parts.next()?;
        let sale = |p: Option<&str>| {
            p.and_then(|s| s.parse::<i64>().ok())
                .and_then(|n| SaleId::parse(n).ok())
        };
        let order = |p: Option<&str>| {
            p.and_then(|s| s.parse::<i64>().ok())
                .and_then(|n| OrderId::parse(n).ok())
        };
        let announcement = |p: Option<&str>| {
            p.and_then(|s| s.parse::<i64>().ok())
                .and_then(|n| AnnouncementId::parse(n).ok())
        };
        let qty = |p: Option<&str>| p.and_then(|s| s.parse::<u32>().ok()).filter(|q| *q > 0);
        let action = match verb {
            "list" => Action::List,
            "orders" => Action::Orders,
            "help" => Action::Help,
            "no" => Action::Cancel,
            "yes" => Action::Yes,
            "info" => Action::Info(sale(parts.next())?),
            "cd" => Action::Countdown(sale(parts.next())?),
            "rem" => Action::Remind(sale(parts.next())?),
            "ref" => Action::Refresh(sale(parts.next())?),
            "buy" => Action::Buy(sale(parts.next())?, qty(parts.next())?),
            "ok" => Action::Confirm(sale(parts.next())?, qty(parts.next())?),
            "pay" => Action::Pay(order(parts.next())?),
            "xo" => Action::CancelOrder(order(parts.next())?),
            "xs" => Action::CancelSale(sale(parts.next())?),
            "ks" => Action::KeepSale,
            "wl" => Action::Waitlist(sale(parts.next())?),
            "vfy" => Action::Verify(sale(parts.next())?),
            "cap" => Action::Answer {
                sale: sale(parts.next())?,
                nonce: parts.next().and_then(|s| s.parse::<u32>().ok())?,
                choice: parts
                    .next()
                    .and_then(|s| s.parse::<u8>().ok())
                    .filter(|c| usize::from(*c) < crate::app::buy::captcha::OPTIONS)?,
            },
            "cl" => Action::Claim(
                parts
                    .next()
                    .and_then(|s| s.parse::<i64>().ok())
                    .and_then(|n| OfferId::parse(n).ok())?,
            ),
            "an" => {
                let id = announcement(parts.next())?;
                match parts.next()? {
                    "p" => Action::Announce(id, true),
                    "f" => Action::Announce(id, false),
                    _ => return None,
                }
            }
            "anx" => Action::DropAnnouncement(announcement(parts.next())?),
            "kw" => Action::Watch(crate::app::customer::keyword_watch::WatchId::parse(
                parts.next()?,
            )?),
            _ => return None,
        };
        parts.next().is_none().then_some(action)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_survives_its_payload_and_fits_telegram() {
        let sale = SaleId::parse(i64::MAX).unwrap();
        for action in [
            Action::List,
            Action::Orders,
            Action::Help,
            Action::Info(sale),
            Action::Countdown(sale),
            Action::Remind(sale),
            Action::Refresh(sale),
            Action::Buy(sale, u32::MAX),
            Action::Confirm(sale, 3),
            Action::Cancel,
            Action::Yes,
            Action::Pay(OrderId::parse(i64::MAX).unwrap()),
            Action::CancelOrder(OrderId::parse(i64::MAX).unwrap()),
            Action::CancelSale(sale),
            Action::KeepSale,
            Action::Waitlist(sale),
            Action::Claim(OfferId::parse(i64::MAX).unwrap()),
            Action::Draft(DraftPress::Confirm),
            Action::Draft(DraftPress::Field(
                crate::app::merchant::sale::fields::Field::Duration,
            )),
            Action::Announce(AnnouncementId::parse(i64::MAX).unwrap(), true),
            Action::Announce(AnnouncementId::parse(1).unwrap(), false),
            Action::DropAnnouncement(AnnouncementId::parse(i64::MAX).unwrap()),
            Action::Verify(sale),
            Action::Watch(crate::app::customer::keyword_watch::WatchId(i64::MAX)),
            Action::Answer {
                sale,
                nonce: u32::MAX,
                choice: 3,
            },
        ] {
            let payload = action.payload();
            // Telegram's budget for a signed payload (`telegram::callback::MAX_PAYLOAD_BYTES`).
            assert!(payload.len() <= 38);
            assert_eq!(Action::parse(&payload), Some(action));
        }
    }

    #[test]
    fn forged_or_stale_payloads_are_refused() {
        for payload in [
            "",
            "buy",
            "buy:0:1",
            "buy:5:0",
            "buy:5:-1",
            "buy:x:1",
            "info:5:9",
            "zap:1",
            "pay:0",
            "xo:",
            "pay:1:2",
            "xs:0",
            "xs:",
            "ks:1",
            "wl:0",
            "cl:",
            "cl:1:2",
            "an:1",
            "an:1:x",
            "an:0:p",
            "anx:",
            "anx:1:p",
            "vfy:",
            "vfy:0",
            "cap:1:2",
            "cap:1:2:9",
            "cap:1:-2:0",
            "cap:1:2:0:0",
        ] {
            assert_eq!(Action::parse(payload), None, "{payload}");
        }
    }
}
