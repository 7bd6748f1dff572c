//! Two assistants (two instances behind one load balancer) on one Redis and one PostgreSQL
//! database: a Buy button that bought on A is refused as a replay on B, a captcha shown by
//! one is answered on the other and the solve counts on both, a `/block` on A stops buying on
//! B within the stated second, a `/newsale` dialogue opened on A is answered on B, and "buy it"
//! or "yes" on B refers to the sale A just showed or asked about. Replays, captchas and the
//! conversation are also checked with both instances on a Redis Cluster.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{Duration, Utc};
use flashsale::app::{Action, Assistant, ChatId, Content, Inbound, Press, Reply, Wired};
use flashsale::clock::{Clock, SystemClock};
use flashsale::config::Config;
use flashsale::domain::{
    Currency, Money, PerUserLimit, RequestId, SaleDraft, SaleId, SaleWindow, Stock, Title, UserId,
};
use flashsale::store::Store;

use crate::support::conv::join;
use crate::support::db::fresh_postgres_url;
use crate::support::fair::answers;
use crate::support::gates::redis_cluster_url;
use crate::support::unique;

const ADMIN: i64 = 900;

/// Two instances sharing one database and one Redis key prefix.
struct Pair {
    a: Wired,
    b: Wired,
    store: Store,
    n: std::sync::atomic::AtomicU64,
}

async fn pair() -> Pair {
    pair_on("redis://127.0.0.1:6379").await
}

/// Two instances on the Redis at `redis` (one server, or a cluster's seed nodes).
async fn pair_on(redis: &str) -> Pair {
    let url = fresh_postgres_url("shared").await;
    let prefix = unique("fs-shared-") + ":";
    let config = Config::from_lookup(|k| match k {
        "DATABASE_URL" => Some(url.clone()),
        "REDIS_URL" => Some(redis.to_owned()),
        "REDIS_KEY_PREFIX" => Some(prefix.clone()),
        "ADMIN_IDS" => Some(ADMIN.to_string()),
        "LIMIT_MESSAGES_PER_MIN" => Some("100000".into()),
        "LIMIT_BUY_BURST" => Some("1000".into()),
        _ => None,
    })
    .expect("config");
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let a = Wired::build(&config, clock.clone()).await.expect("A");
    let b = Wired::build(&config, clock).await.expect("B");
    Pair {
        store: a.store.clone(),
        a,
        b,
        n: std::sync::atomic::AtomicU64::new(1),
    }
}

fn user(n: i64) -> UserId {
    UserId::parse(n).expect("id")
}

impl Pair {
    async fn sale(&self, stock: i64, limit: i64, captcha: bool) -> SaleId {
        self.sale_of("Switch OLED", "switch", stock, limit, captcha)
            .await
    }

    async fn sale_of(
        &self,
        title: &str,
        keyword: &str,
        stock: i64,
        limit: i64,
        captcha: bool,
    ) -> SaleId {
        let now = Utc::now();
        let draft = SaleDraft::new(
            Title::parse(title).expect("title"),
            vec![keyword.into()],
            Money::from_minor(199_900, Currency::Cny).expect("price"),
            Stock::parse(stock).expect("stock"),
            PerUserLimit::parse(limit).expect("limit"),
            SaleWindow::new(now - Duration::minutes(1), now + Duration::hours(1)).expect("window"),
            user(1),
        )
        .expect("draft")
        .with_captcha(captcha);
        self.store.create_sale(&draft, now).await.expect("sale").id
    }

    fn inbound(&self, who: i64, content: Content, request: Option<&str>) -> Inbound {
        let n = self.n.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let request = request.map_or_else(|| format!("t-{n}"), str::to_owned);
        Inbound {
            chat: ChatId(who),
            user: user(who),
            language_code: Some("en".into()),
            content,
            request: RequestId::parse(&request).expect("request"),
        }
    }

    async fn says(&self, on: &Assistant, who: i64, text: &str) -> String {
        join(
            &on.handle(self.inbound(who, Content::Text(text.into()), None))
                .await,
        )
    }

    async fn presses(&self, on: &Assistant, who: i64, payload: &str) -> Vec<Reply> {
        on.handle(self.inbound(who, Content::Button(payload.into()), None))
            .await
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_buy_button_used_on_one_instance_is_refused_as_a_replay_on_the_other() {
    a_buy_button_used_on_one_instance_is_refused_as_a_replay_on_the_other_on(pair().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_buy_button_used_on_one_instance_is_refused_as_a_replay_on_the_other_on_a_cluster() {
    a_buy_button_used_on_one_instance_is_refused_as_a_replay_on_the_other_on(
        pair_on(&redis_cluster_url()).await,
    )
    .await;
}

async fn a_buy_button_used_on_one_instance_is_refused_as_a_replay_on_the_other_on(p: Pair) {
    let sale = p.sale(10, 5, false).await;
    // Minted after both instances started: neither may look it up in SQL, only Redis knows.
    let press = Press {
        minted_at: Utc::now() + Duration::seconds(1),
        token: Some(unique("tok-")),
        on_card: true,
        source: None,
        shown_in: None,
    };
    let buy = Content::Button(Action::Buy(sale, 1).payload());
    let won =
        p.a.assistant
            .handle_press(p.inbound(41, buy.clone(), Some("cb-a")), press.clone())
            .await;
    assert!(join(&won.replies).contains("You got it"), "{won:?}");
    let replayed =
        p.b.assistant
            .handle_press(p.inbound(41, buy.clone(), Some("cb-b")), press.clone())
            .await;
    let orders = p.store.orders_for_sale(sale).await.expect("orders");
    assert_eq!(
        orders.len(),
        1,
        "the replay on B bought nothing: {replayed:?}"
    );
    // A's win is settled in Redis in the background: until then B finds the press in
    // flight and refuses the replay as in use; after, it names the order it bought.
    let said = join(&replayed.replies);
    assert!(
        said.contains(&format!("it bought order #{}", orders[0].id.get()))
            || said.contains("already being used"),
        "{said}"
    );
    // Telegram redelivering the first press to B is no replay: it gets its order back.
    let again =
        p.b.assistant
            .handle_press(p.inbound(41, buy, Some("cb-a")), press)
            .await;
    assert_eq!(
        p.store.orders_for_sale(sale).await.expect("orders").len(),
        1,
        "{again:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_captcha_shown_by_one_instance_is_answered_on_the_other_and_counts_on_both() {
    a_captcha_shown_by_one_instance_is_answered_on_the_other_and_counts_on_both_on(pair().await)
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_captcha_shown_by_one_instance_is_answered_on_the_other_and_counts_on_both_on_a_cluster()
{
    a_captcha_shown_by_one_instance_is_answered_on_the_other_and_counts_on_both_on(
        pair_on(&redis_cluster_url()).await,
    )
    .await;
}

async fn a_captcha_shown_by_one_instance_is_answered_on_the_other_and_counts_on_both_on(p: Pair) {
    let sale = p.sale(10, 2, true).await;
    let buy = Action::Buy(sale, 1).payload();
    // B shows the challenge (and loads the sale's solvers: nobody yet).
    let held = p.presses(&p.b.assistant, 42, &buy).await;
    assert!(join(&held).contains("Nothing was bought yet"), "{held:?}");
    let (right, _) = answers(&held);
    // Answered through A.
    let solved = join(&p.presses(&p.a.assistant, 42, &right).await);
    assert!(solved.contains("Verified"), "{solved}");
    // B, whose solver list is fresh and lacks the buyer, lets them buy at once.
    let bought = join(&p.presses(&p.b.assistant, 42, &buy).await);
    assert!(bought.contains("You got it"), "{bought}");
    // The answered challenge is used up on every instance.
    let stale = join(&p.presses(&p.b.assistant, 42, &right).await);
    assert!(!stale.contains("You got it"), "{stale}");
    assert_eq!(
        p.store.orders_for_sale(sale).await.expect("orders").len(),
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_block_on_one_instance_stops_buying_on_the_other_within_a_second() {
    let p = pair().await;
    let sale = p.sale(50, 10, false).await;
    let buy = Action::Buy(sale, 1).payload();
    // B has loaded its blocklist (and read the generation) before the block.
    let first = join(&p.presses(&p.b.assistant, 43, &buy).await);
    assert!(first.contains("You got it"), "{first}");
    let blocked = p.says(&p.a.assistant, ADMIN, "/block 43").await;
    assert!(blocked.contains("43"), "{blocked}");
    // The stated delay: B reads the shared generation at most once a second (its SQL
    // reload alone would take 10 s).
    tokio::time::sleep(StdDuration::from_millis(1_200)).await;
    let refused = join(&p.presses(&p.b.assistant, 43, &buy).await);
    assert!(refused.contains("can't buy in this shop"), "{refused}");
    assert_eq!(
        p.store.orders_for_sale(sale).await.expect("orders").len(),
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_newsale_dialogue_opened_on_one_instance_is_answered_on_the_other() {
    let p = pair().await;
    // B has read its set of users in a dialogue (nobody) just now.
    let hello = p.says(&p.b.assistant, ADMIN, "hello").await;
    assert!(!hello.contains("What is the sale's title?"), "{hello}");
    let asked = p.says(&p.a.assistant, ADMIN, "/newsale").await;
    assert!(asked.contains("What is the sale's title?"), "{asked}");
    let next = p.says(&p.b.assistant, ADMIN, "AirPods Pro 2").await;
    assert!(next.contains("Keywords"), "{next}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn buy_it_on_one_instance_refers_to_the_sale_the_other_just_showed() {
    buy_it_on_one_instance_refers_to_the_sale_the_other_just_showed_on(pair().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn buy_it_on_one_instance_refers_to_the_sale_the_other_just_showed_on_a_cluster() {
    buy_it_on_one_instance_refers_to_the_sale_the_other_just_showed_on(
        pair_on(&redis_cluster_url()).await,
    )
    .await;
}

async fn buy_it_on_one_instance_refers_to_the_sale_the_other_just_showed_on(p: Pair) {
    let switch = p.sale_of("Switch OLED", "switch", 20, 10, false).await;
    let kindle = p.sale_of("Kindle Paperwhite", "kindle", 10, 5, false).await;
    // Two sales are live: "buy it" with no context has to ask which.
    let unsure = p.says(&p.b.assistant, 44, "buy it").await;
    assert!(
        p.store
            .orders_for_sale(switch)
            .await
            .expect("orders")
            .is_empty()
            && p.store
                .orders_for_sale(kindle)
                .await
                .expect("orders")
                .is_empty(),
        "nothing is bought without a sale in context: {unsure}"
    );
    // A shows the Kindle; the next message reaches B.
    let shown = p.says(&p.a.assistant, 45, "tell me about the kindle").await;
    assert!(shown.contains("Kindle"), "{shown}");
    let bought = p.says(&p.b.assistant, 45, "buy it").await;
    assert!(bought.contains("You got it"), "{bought}");
    assert_eq!(
        p.store.orders_for_sale(kindle).await.expect("orders").len(),
        1
    );
    assert!(
        p.store
            .orders_for_sale(switch)
            .await
            .expect("orders")
            .is_empty(),
        "{bought}"
    );
    // A confirmation asked by B (7 is above the stated confirm rule) is answered on A.
    let asked = p.says(&p.b.assistant, 46, "buy 7 switch").await;
    assert!(
        p.store
            .orders_for_sale(switch)
            .await
            .expect("orders")
            .is_empty(),
        "7 units are confirmed first: {asked}"
    );
    let yes = p.says(&p.a.assistant, 46, "yes").await;
    assert!(yes.contains("You got it"), "{asked} / {yes}");
    let orders = p.store.orders_for_sale(switch).await.expect("orders");
    assert_eq!(orders.len(), 1, "{yes}");
    assert_eq!(orders[0].quantity.get(), 7, "{yes}");
}
