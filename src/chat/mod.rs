//! `flashsale chat`: talk to the assistant in a terminal as a customer (or, after `/as`, as
//! a merchant or admin); buttons are numbers, files are saved in the working directory.

pub mod demo;
mod reminders;

use std::io::{IsTerminal, Write};
use std::sync::Arc;

use tokio::io::{AsyncBufRead, AsyncBufReadExt, BufReader};

use crate::app::{Assistant, Button, ChatId, Content, Document, Inbound, Reply, Wired};
use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::domain::{RequestId, UserId};
use crate::i18n::{Locale, Msg};
use crate::store::Role;

/// The terminal user's id (and chat id).
pub const CHAT_USER: i64 = 1_000_001;

/// One terminal conversation: language, role, the buttons on screen, request numbering.
struct Session {
    assistant: Arc<Assistant>,
    locale: Locale,
    buttons: Vec<Button>,
    nonce: String,
    counter: u64,
    user: UserId,
}

/// Runs the chat on stdin/stdout until `/quit` or end of input.
pub async fn run(config: &Config) -> anyhow::Result<()> {
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    // One person at a keyboard, or a script piping lines in: no rate limits here.
    let mut config = config.clone();
    config.limits.enabled = false;
    let wired = Wired::build(&config, clock.clone()).await?;
    let seeded = demo::seed(&wired.store, &wired.purchases, clock.now()).await?;
    let user = UserId::parse(CHAT_USER)?;
    // `LANG` is the terminal's language code, not a choice: what the customer writes (or
    // an explicit `/lang`) decides the answers' language, as on Telegram.
    let locale = Locale::from_code(std::env::var("LANG").ok().as_deref());
    let mut session = Session {
        assistant: wired.assistant.clone(),
        locale,
        buttons: Vec::new(),
        nonce: format!(
            "c{:x}{:x}",
            std::process::id(),
            clock.now().timestamp_millis()
        ),
        counter: 0,
        user,
    };
    let mut out = std::io::stdout();
    let intro = [
        Msg::new("chat-intro"),
        Msg::new("chat-try"),
        Msg::new("chat-keys"),
    ]
    .map(|m| session.say(m));
    writeln!(out, "{}", intro.join("\n"))?;
    if seeded > 0 {
        writeln!(
            out,
            "{}",
            session.say(Msg::new("chat-seeded").arg("count", seeded as i64))
        )?;
    }
    writeln!(out)?;
    let (stop_reminders, reminders) =
        reminders::start(wired.store.clone(), clock.clone(), CHAT_USER);
    // Unpaid demo orders lapse after PAY_WINDOW_SECS and their units go back on sale.
    let expiry = crate::app::expiry::ExpiryWorker::new(
        wired.store.clone(),
        wired.purchases.gate().clone(),
        clock.clone(),
        Arc::new(crate::i18n::Texts::load()),
    );
    let expiry_stopped = stop_reminders.subscribe();
    let expiry_task = tokio::spawn(async move { expiry.run(expiry_stopped).await });
    // Units that come back to a sold-out sale are offered to its waitlist.
    let waitlist = crate::app::waitlist::WaitlistWorker::new(
        wired.store.clone(),
        wired.purchases.gate().clone(),
        clock,
        Arc::new(crate::i18n::Texts::load()),
        crate::app::waitlist::CLAIM_WINDOW,
    );
    let waitlist_stopped = stop_reminders.subscribe();
    let waitlist_task = tokio::spawn(async move { waitlist.run(waitlist_stopped).await });
    let result = session
        .converse(BufReader::new(tokio::io::stdin()), &mut out)
        .await;
    let _ = stop_reminders.send(true);
    let _ = reminders.await;
    let _ = expiry_task.await;
    let _ = waitlist_task.await;
    result
}

impl Session {
    fn say(&self, msg: Msg) -> String {
        self.assistant.texts().render(self.locale, &msg)
    }

    async fn converse(
        &mut self,
        mut input: impl AsyncBufRead + Unpin,
        out: &mut impl Write,
    ) -> anyhow::Result<()> {
        let prompt = std::io::stdin().is_terminal();
        let mut raw = Vec::new();
        loop {
            if prompt {
                write!(out, "> ")?;
                out.flush()?;
            }
            raw.clear();
            if input.read_until(b'\n', &mut raw).await? == 0 {
                return Ok(());
            }
            let line = String::from_utf8_lossy(&raw).trim().to_owned();
            match line.as_str() {
                "/quit" | "/exit" | "/q" => {
                    writeln!(out, "{}", self.say(Msg::new("chat-bye")))?;
                    return Ok(());
                }
                _ => {}
            }
            let text = self.local_command(&line);
            let content = match text {
                Local::Handled(reply) => {
                    writeln!(out, "{reply}\n")?;
                    continue;
                }
                Local::Send(content) => content,
            };
            self.counter += 1;
            let request = RequestId::parse(&format!("{}-{}", self.nonce, self.counter))?;
            let replies = self
                .assistant
                .handle(Inbound {
                    chat: ChatId(CHAT_USER),
                    user: self.user,
                    language_code: Some(self.locale.code().to_owned()),
                    content,
                    request,
                })
                .await;
            self.show(&replies, out)?;
        }
    }

    /// Handles what only the terminal knows: `/as`, `/lang`'s effect on the chrome, numbers.
    fn local_command(&mut self, line: &str) -> Local {
        if let Some(rest) = line.strip_prefix("/as") {
            let role = rest.trim();
            return Local::Handled(match Role::parse(role) {
                Ok(r) => {
                    self.assistant.set_session_role(self.user, r);
                    self.say(Msg::new("chat-role").arg("role", role))
                }
                Err(_) => self.say(Msg::new("chat-role-usage")),
            });
        }
        if let Some(choice) = line.strip_prefix("/lang")
            && let Some(locale) = Locale::from_choice(choice)
        {
            self.locale = locale;
        }
        if !self.buttons.is_empty() && !line.is_empty() && line.chars().all(|c| c.is_ascii_digit())
        {
            let chosen = line
                .parse::<usize>()
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| self.buttons.get(i));
            return match chosen {
                Some(b) => Local::Send(Content::Button(b.payload.clone())),
                None => Local::Handled(self.say(Msg::new("chat-no-button").arg("n", line))),
            };
        }
        Local::Send(Content::Text(line.to_owned()))
    }

    /// Writes a document into the working directory; says where (or why not).
    fn save(&self, doc: &Document) -> String {
        // The name is ours (e.g. orders-sale-3.csv); keep only its last path part anyway.
        let name = std::path::Path::new(&doc.file_name)
            .file_name()
            .map(|n| n.to_owned())
            .unwrap_or_else(|| "flashsale-file".into());
        let path = std::env::current_dir().unwrap_or_default().join(name);
        if let Err(e) = std::fs::write(&path, &doc.bytes) {
            tracing::warn!(error = %e, "document not saved");
            return self.say(Msg::new("error-try-again"));
        }
        self.say(Msg::new("chat-document-saved").arg("path", path.display().to_string()))
    }

    fn show(&mut self, replies: &[Reply], out: &mut impl Write) -> anyhow::Result<()> {
        self.buttons.clear();
        for reply in replies {
            writeln!(out, "{}", reply.text)?;
            for button in &reply.buttons {
                self.buttons.push(button.clone());
                writeln!(out, "  [{}] {}", self.buttons.len(), button.label)?;
            }
            if let Some(doc) = &reply.document {
                writeln!(out, "{}", self.save(doc))?;
            }
        }
        writeln!(out)?;
        out.flush()?;
        Ok(())
    }
}

/// What to do with a typed line.
enum Local {
    /// Answered by the terminal itself.
    Handled(String),
    /// Sent to the assistant.
    Send(Content),
}
