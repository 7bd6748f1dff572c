//! How a sale being written is shown: the question for each field, the preview card with
//! Confirm / Edit / Cancel, the field picker, and instants written out unambiguously.

use chrono::{DateTime, Datelike, Duration, Utc};
use chrono_tz::Tz;

use crate::app::browse::present::price;
use crate::app::merchant::sale::fields::{Field, Fields};
use crate::app::merchant::sale::values::example_start;
use crate::app::turn::action::Action;
use crate::app::turn::answer::Answer;
use crate::domain::{Currency, Money, Span};
use crate::i18n::Msg;

/// A button on the preview card or the field picker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftPress {
    /// Create the sale.
    Confirm,
    /// Pick a field to answer again.
    Edit,
    /// Drop the draft.
    Cancel,
    /// Answer this field again.
    Field(Field),
}

impl DraftPress {
    /// The part of the payload after `nd:`.
    pub(crate) fn payload(self) -> String {
        match self {
            DraftPress::Confirm => "ok".into(),
            DraftPress::Edit => "ed".into(),
            DraftPress::Cancel => "no".into(),
            DraftPress::Field(f) => format!("f:{}", f.name()),
        }
    }

    /// Reads the part after `nd:` back.
    pub(crate) fn parse(rest: &str) -> Option<Self> {
        Some(match rest {
            "ok" => DraftPress::Confirm,
            "ed" => DraftPress::Edit,
            "no" => DraftPress::Cancel,
            _ => DraftPress::Field(Field::parse(rest.strip_prefix("f:")?)?),
        })
    }
}

/// `key` with an instant's parts: date, weekday (1 = Monday), 24 h time, zone and offset.
pub(crate) fn when_msg(key: &'static str, at: DateTime<Utc>, tz: Tz) -> Msg {
    let local = at.with_timezone(&tz);
    Msg::new(key)
        .arg("date", local.format("%Y-%m-%d").to_string())
        .arg("weekday", i64::from(local.weekday().number_from_monday()))
        .arg("time", local.format("%H:%M").to_string())
        .arg("zone", tz.name())
        .arg("offset", local.format("%:z").to_string())
}

/// The question for `field`, with the examples that show how to answer.
pub(crate) fn ask(field: Field, tz: Tz, now: DateTime<Utc>) -> Answer {
    let msg = match field {
        Field::Title => Msg::new("newsale-ask-title").arg("max", 120_i64),
        Field::Keywords => Msg::new("newsale-ask-keywords"),
        Field::Price => Msg::new("newsale-ask-price"),
        Field::Stock => Msg::new("newsale-ask-stock"),
        Field::Limit => Msg::new("newsale-ask-limit"),
        Field::Start => Msg::new("newsale-ask-start")
            .arg("zone", tz.name())
            .arg("example", example_start(now, tz)),
        Field::Duration => Msg::new("newsale-ask-duration"),
        Field::Captcha => Msg::new("newsale-ask-captcha"),
    };
    Answer::new(msg).line(Msg::new("newsale-cancel-hint"))
}

/// The preview card of a complete draft, with Confirm / Edit / Cancel.
pub(crate) fn preview(f: &Fields, tz: Tz) -> Answer {
    let mut answer = Answer::new(Msg::new("newsale-preview"));
    answer = answer.lines(field_lines(f, tz));
    answer
        .button(
            Msg::new("button-newsale-confirm"),
            draft(DraftPress::Confirm),
        )
        .button(Msg::new("button-newsale-edit"), draft(DraftPress::Edit))
        .button(Msg::new("button-newsale-cancel"), draft(DraftPress::Cancel))
}

/// The lines describing a sale's fields (the preview card and `/editsale`'s answer).
pub(crate) fn field_lines(f: &Fields, tz: Tz) -> Vec<Msg> {
    let shown_price = f
        .price_minor
        .zip(f.currency.as_deref().and_then(|c| Currency::parse(c).ok()))
        .and_then(|(m, c)| Money::from_minor(m, c).ok())
        .map_or_else(|| "-".to_owned(), price);
    let keywords = f
        .keywords
        .as_ref()
        .filter(|k| !k.is_empty())
        .map_or_else(|| "-".to_owned(), |k| k.join(", "));
    let mut lines = vec![
        Msg::new("newsale-card-title").arg("title", f.title.clone().unwrap_or_default()),
        Msg::new("newsale-card-keywords").arg("keywords", keywords),
        Msg::new("newsale-card-price").arg("price", shown_price),
        Msg::new("newsale-card-stock")
            .arg("stock", f.stock.unwrap_or(0))
            .arg("limit", f.limit.unwrap_or(0)),
    ];
    let start = f.start_ms.and_then(DateTime::from_timestamp_millis);
    if let (Some(start), Some(secs)) = (start, f.duration_secs) {
        let end = start + Duration::seconds(secs);
        lines.push(when_msg("newsale-card-start", start, tz));
        lines.push(when_msg("newsale-card-end", end, tz).arg("span", Span::until(start, end)));
    }
    let captcha = if f.captcha.unwrap_or(false) {
        "yes"
    } else {
        "no"
    };
    lines.push(Msg::new("newsale-card-captcha").arg("captcha", captcha));
    lines
}

/// "Which field?" with one button per field.
pub(crate) fn field_picker() -> Answer {
    Field::ALL
        .into_iter()
        .fold(Answer::new(Msg::new("newsale-pick-field")), |a, f| {
            let label = Msg::new("button-newsale-field").arg("field", f.name());
            a.button(label, draft(DraftPress::Field(f)))
        })
}

fn draft(p: DraftPress) -> Action {
    Action::Draft(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_press_survives_its_payload() {
        let mut all = vec![DraftPress::Confirm, DraftPress::Edit, DraftPress::Cancel];
        all.extend(Field::ALL.map(DraftPress::Field));
        for p in all {
            assert_eq!(DraftPress::parse(&p.payload()), Some(p));
        }
        assert_eq!(DraftPress::parse("f:colour"), None);
        assert_eq!(DraftPress::parse(""), None);
    }
}
