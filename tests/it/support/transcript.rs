//! Golden transcripts: a scripted conversation typed into the real terminal chat (the same
//! `Chat`, screen and outbox `flashsale chat` runs) over the real wiring, on a manual clock
//! started at the current minute. What the screen shows, with the typed lines echoed after
//! "> ", is normalised (calendar dates and clock times become placeholders) and compared
//! with `tests/transcripts/<flow>.<lang>.txt`; `UPDATE_TRANSCRIPTS=1` rewrites the files.

use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use chrono::{Duration, DurationRound, Utc};
use flashsale::app::jobs::expiry::ExpiryWorker;
use flashsale::app::jobs::waitlist_offers::{CLAIM_WINDOW, WaitlistWorker};
use flashsale::app::merchant::announce_status::AnnouncementWorker;
use flashsale::app::{Content, Reply};
use flashsale::chat::screen::Screen;
use flashsale::chat::{Chat, pushed};
use flashsale::clock::Clock;
use flashsale::delivery::OutboxWorker;
use flashsale::domain::{
    Currency, Money, PerUserLimit, SaleDraft, SaleId, SaleWindow, Stock, Title, UserId,
};
use flashsale::i18n::Locale;

use super::conv::{Bot, bot_from};

/// Numbers the directories saved files go to.
static NEXT_DIR: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// The person at the keyboard.
pub const ME: i64 = 1_000_001;

/// Everything printed so far, shared with the screen.
#[derive(Clone, Default)]
struct Printed(Arc<Mutex<Vec<u8>>>);

impl Write for Printed {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Printed {
    fn take(&self) -> String {
        let bytes = std::mem::take(&mut *self.0.lock().unwrap_or_else(|p| p.into_inner()));
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

/// One scripted conversation in one language.
pub struct Session {
    pub bot: Bot,
    pub lang: Locale,
    chat: Chat,
    printed: Printed,
    outbox: OutboxWorker,
    expiry: ExpiryWorker,
    waitlist: WaitlistWorker,
    status: AnnouncementWorker,
    files: PathBuf,
    log: String,
    /// Who owns the sales [`Session::sale`] creates (the shop, user 1, unless changed).
    pub owner: i64,
}

impl Session {
    /// A fresh shop (its own database, embedded gate) and the terminal user [`ME`] in `lang`.
    pub async fn open(lang: Locale) -> Self {
        let start = Utc::now()
            .duration_trunc(Duration::minutes(1))
            .unwrap_or_else(|_| Utc::now());
        let bot = bot_from(start, &[("DEFAULT_TZ", "Asia/Shanghai")]).await;
        let printed = Printed::default();
        let screen = Screen::new(Box::new(printed.clone()));
        let files = std::env::temp_dir().join(format!(
            "flashsale-transcript-{}-{}",
            std::process::id(),
            NEXT_DIR.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&files).expect("a directory for saved files");
        let me = UserId::parse(ME).expect("id");
        let chat = Chat::new(bot.wired.assistant.clone(), screen.clone(), me, lang)
            .saving_files_in(files.clone());
        let clock = bot.clock.clone() as Arc<dyn Clock>;
        let texts = bot.wired.texts.clone();
        let store = bot.wired.store.clone();
        let gate = bot.wired.purchases.gate().clone();
        let outbox = pushed::outbox_worker(
            store.clone(),
            clock.clone(),
            screen.clone(),
            ME,
            texts.clone(),
        );
        let expiry = ExpiryWorker::new(store.clone(), gate.clone(), clock.clone(), texts.clone());
        let waitlist = WaitlistWorker::new(store, gate, clock, texts.clone(), CLAIM_WINDOW);
        let board = Arc::new(pushed::ScreenBoard::new(screen, texts, lang));
        let status = AnnouncementWorker::new(
            bot.wired.assistant.clone(),
            board,
            StdDuration::from_secs(1),
        );
        Self {
            bot,
            lang,
            chat,
            printed,
            outbox,
            expiry,
            waitlist,
            status,
            files,
            log: String::new(),
            owner: 1,
        }
    }

    /// The English or the Chinese of a step, for this session's language.
    pub fn pick<'a>(&self, en: &'a str, zh: &'a str) -> &'a str {
        match self.lang {
            Locale::ZhCn => zh,
            _ => en,
        }
    }

    /// A stage direction: what happens off screen, in square brackets.
    pub fn note(&mut self, text: &str) {
        self.log.push_str(&format!("## {text}\n\n"));
    }

    /// Types `en` (or `zh` in a Chinese session) as the terminal user, and records the screen.
    pub async fn say(&mut self, en: &str, zh: &str) {
        let line = self.pick(en, zh).to_owned();
        self.log.push_str(&format!("> {line}\n"));
        self.chat.type_line(&line).await.expect("typed");
        self.settle().await;
    }

    /// Types the number printed before the button whose label contains `label` (the last
    /// one on screen): the way a terminal user presses it.
    pub async fn press(&mut self, en: &str, zh: &str) {
        let label = self.pick(en, zh).to_owned();
        let buttons: Vec<(String, String)> = self
            .log
            .lines()
            .rev()
            .filter_map(|l| {
                let rest = l.trim_start().strip_prefix('[')?;
                let (n, text) = rest.split_once("] ")?;
                n.chars()
                    .all(|c| c.is_ascii_digit())
                    .then(|| (n.to_owned(), text.to_owned()))
            })
            .collect();
        let number = buttons
            .iter()
            .find(|(_, text)| text == &label)
            .or_else(|| buttons.iter().find(|(_, text)| text.contains(&label)))
            .map(|(n, _)| n.clone())
            .unwrap_or_else(|| panic!("no button {label:?} on screen:\n{}", self.log));
        self.say(&number, &number).await;
    }

    /// Lets `minutes` pass; the background work a running bot would do in that time runs
    /// once (lapsed orders, waitlist offers, announcement status, the outbox).
    pub async fn wait(&mut self, minutes: i64) {
        self.bot.clock.advance(Duration::minutes(minutes));
        self.note(&format!("{minutes} min later"));
        self.expiry.step().await.expect("expiry");
        self.waitlist.step().await.expect("waitlist");
        self.work().await;
    }

    /// Runs the announcement status and the outbox once, and records what they printed.
    pub async fn work(&mut self) {
        self.status.step().await.expect("status");
        self.outbox.step().await.expect("outbox");
        let shown = self.printed.take();
        self.log.push_str(shown.trim_start_matches('\n'));
    }

    async fn settle(&mut self) {
        let shown = self.printed.take();
        self.log.push_str(&shown);
    }

    /// Another customer (`user`) presses Buy `qty` on `sale`, off screen.
    pub async fn other_buys(&mut self, user: i64, sale: SaleId, qty: u32) -> Vec<Reply> {
        self.note(&format!(
            "another customer (user {user}) buys {qty} of sale #{sale}"
        ));
        self.bot
            .send(
                UserId::parse(user).expect("id"),
                Some("en"),
                Content::Button(format!("buy:{sale}:{qty}")),
            )
            .await
    }

    /// A sale of [`Session::owner`]'s created directly, starting `starts_in` minutes
    /// from now (negative: live) and lasting `lasts` minutes; `price` in minor units.
    #[allow(clippy::too_many_arguments)]
    pub async fn sale(
        &mut self,
        title: &str,
        keywords: &[&str],
        price: Money,
        stock: i64,
        limit: i64,
        starts_in: i64,
        lasts: i64,
    ) -> SaleId {
        let now = self.bot.clock.now();
        let starts = now + Duration::minutes(starts_in);
        let draft = SaleDraft::new(
            Title::parse(title).expect("title"),
            keywords.iter().map(|k| k.to_string()).collect(),
            price,
            Stock::parse(stock).expect("stock"),
            PerUserLimit::parse(limit).expect("limit"),
            SaleWindow::new(starts, starts + Duration::minutes(lasts)).expect("window"),
            UserId::parse(self.owner).expect("owner"),
        )
        .expect("draft");
        let id = self
            .bot
            .store
            .create_sale(&draft, now)
            .await
            .expect("sale")
            .id;
        let whose = if self.owner == ME {
            "you have"
        } else {
            "the shop has"
        };
        self.note(&format!(
            "{whose} sale #{id} {title}: stock {stock}, limit {limit} per person, {}",
            match starts_in {
                s if s < 0 => format!("live since {} min, for {lasts} min", -s),
                s => format!("starting in {s} min, for {lasts} min"),
            }
        ));
        id
    }

    /// Compares the transcript with `tests/transcripts/<flow>.<lang>.txt` (or rewrites it
    /// under `UPDATE_TRANSCRIPTS=1`).
    pub fn check(self, flow: &str) {
        let text = normalise(&self.log.replace(&self.files.display().to_string(), "<dir>"));
        let _ = std::fs::remove_dir_all(&self.files);
        let lang = match self.lang {
            Locale::ZhCn => "zh",
            _ => "en",
        };
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/transcripts")
            .join(format!("{flow}.{lang}.txt"));
        if std::env::var("UPDATE_TRANSCRIPTS").is_ok_and(|v| v == "1") {
            std::fs::write(&path, &text).expect("transcript written");
            return;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_else(|_| {
            panic!(
                "{} is missing; run with UPDATE_TRANSCRIPTS=1 to write it. It would be:\n{text}",
                path.display()
            )
        });
        if want != text {
            let line = want
                .lines()
                .zip(text.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(want.lines().count().min(text.lines().count()));
            panic!(
                "{} differs from the conversation now, first at line {}:\n  committed: {:?}\n  now:       {:?}\n\
                 Read the new transcript below; if it is right, rerun with UPDATE_TRANSCRIPTS=1.\n{text}",
                path.display(),
                line + 1,
                want.lines().nth(line),
                text.lines().nth(line),
            );
        }
    }
}

/// Calendar dates and clock times replaced by placeholders (the clock starts at the current
/// minute, so spans such as "in 5 min" are stable and printed as they are).
pub fn normalise(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let digits = |from: usize, n: usize| -> bool {
        (from..from + n).all(|k| chars.get(k).is_some_and(|c| c.is_ascii_digit()))
    };
    let boundary = |at: usize| -> bool { at == 0 || !chars[at - 1].is_ascii_digit() };
    while i < chars.len() {
        if boundary(i) {
            // 2026-12-05 (a full date)
            if digits(i, 4)
                && chars.get(i + 4) == Some(&'-')
                && digits(i + 5, 2)
                && chars.get(i + 7) == Some(&'-')
                && digits(i + 8, 2)
            {
                out.push_str("<date>");
                i += 10;
                continue;
            }
            // 12-05 (month-day before a time)
            if digits(i, 2)
                && chars.get(i + 2) == Some(&'-')
                && digits(i + 3, 2)
                && !digits(i + 5, 1)
                && chars.get(i + 5) == Some(&' ')
                && digits(i + 6, 1)
            {
                out.push_str("<date>");
                i += 5;
                continue;
            }
            // 12月5日
            let month_len = (1..=2).find(|&n| digits(i, n) && chars.get(i + n) == Some(&'月'));
            if let Some(m) = month_len {
                let day_len = (1..=2)
                    .find(|&n| digits(i + m + 1, n) && chars.get(i + m + 1 + n) == Some(&'日'));
                if let Some(d) = day_len {
                    out.push_str("<date>");
                    i += m + 1 + d + 1;
                    continue;
                }
            }
            // 20:05 or 8:05 (and :30 seconds); not a zone's offset (+08:00)
            let offset = i > 0 && matches!(chars[i - 1], '+' | '-');
            let hour_len = (1..=2).rev().find(|&n| {
                digits(i, n)
                    && chars.get(i + n) == Some(&':')
                    && digits(i + n + 1, 2)
                    && !digits(i + n + 3, 1)
            });
            if let Some(h) = hour_len.filter(|_| !offset) {
                out.push_str("<time>");
                i += h + 3;
                if chars.get(i) == Some(&':') && digits(i + 1, 2) {
                    i += 3;
                }
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    // Weekdays next to a date ("Sat <date>", "<date> 周六") follow the calendar too.
    for day in ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] {
        out = out.replace(&format!("{day} <date>"), "<weekday> <date>");
    }
    for day in ["一", "二", "三", "四", "五", "六", "日"] {
        out = out.replace(&format!("<date> 周{day}"), "<date> <weekday>");
    }
    out
}

/// Shorthand for a price in yuan.
pub fn yuan(whole: i64) -> Money {
    Money::from_minor(whole * 100, Currency::Cny).expect("price")
}

/// Shorthand for a price in Telegram Stars.
pub fn stars(n: i64) -> Money {
    Money::from_minor(n, Currency::Xtr).expect("price")
}
