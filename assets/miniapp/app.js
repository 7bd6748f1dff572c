// flashsale Mini App: the storefront page. Talks to /app/api/* with Telegram's initData, keeps
// time by the server's clock, and speaks to Telegram through its own tiny bridge (no external
// scripts). Every visible string comes from GET /app/api/me `texts` (locales/*/miniapp.ftl).
(function () {
  'use strict';

  // The only strings not served by the backend: shown when it cannot be reached before the
  // texts arrive. They are copies of page-error-network / page-error-auth in locales/*/miniapp.ftl
  // (tests/it/miniapp_page_texts.rs checks that they match).
  var FALLBACK = /*fallback*/{
    "en": {
      "page-error-network": "Can't reach the shop. Check your connection and try again.",
      "page-error-auth": "Open this page from the bot in Telegram.",
      "page-retry": "Try again"
    },
    "zh-CN": {
      "page-error-network": "无法连接商店，请检查网络后重试。",
      "page-error-auth": "请在 Telegram 中从机器人打开此页面。",
      "page-retry": "重试"
    }
  }/*end*/;

  var $ = function (id) { return document.getElementById(id); };
  var base = location.pathname.replace(/[^/]*$/, '');
  if (!/\/$/.test(base)) base += '/';

  // ---- Telegram bridge --------------------------------------------------------------------
  var hash = new URLSearchParams(location.hash.replace(/^#/, ''));
  var initData = hash.get('tgWebAppData') || '';
  try {
    if (initData) sessionStorage.setItem('fs_init', initData);
    else initData = sessionStorage.getItem('fs_init') || '';
  } catch (e) { /* storage may be off */ }
  if (!initData && window.Telegram && window.Telegram.WebApp && window.Telegram.WebApp.initData) {
    initData = window.Telegram.WebApp.initData;
  }
  var langHint = (function () {
    try {
      var u = JSON.parse(new URLSearchParams(initData).get('user') || '{}');
      if (/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(u.language_code || '')) return u.language_code;
    } catch (e) { /* unsigned hint only */ }
    return /^[A-Za-z0-9-]{1,35}$/.test(navigator.language || '') ? navigator.language : 'en';
  })();

  function inTelegram() {
    return !!((window.TelegramWebviewProxy && window.TelegramWebviewProxy.postEvent) ||
      (window.external && 'notify' in window.external) || window.parent !== window);
  }
  function postEvent(type, data) {
    var payload = data === undefined ? '' : JSON.stringify(data);
    try {
      if (window.TelegramWebviewProxy && window.TelegramWebviewProxy.postEvent) {
        window.TelegramWebviewProxy.postEvent(type, payload);
      } else if (window.external && 'notify' in window.external) {
        window.external.notify(JSON.stringify({ eventType: type, eventData: data }));
      } else if (window.parent !== window) {
        window.parent.postMessage(JSON.stringify({ eventType: type, eventData: data }), '*');
      }
    } catch (e) { /* not inside Telegram */ }
  }
  function onEvent(type, data) {
    if (type === 'theme_changed' && data && data.theme_params) applyTheme(data.theme_params);
    else if (type === 'invoice_closed') invoiceClosed(data || {});
    else if (type === 'back_button_pressed' && S.view === 'sale') $('back').onclick();
  }
  window.Telegram = window.Telegram || {};
  var webView = window.Telegram.WebView = window.Telegram.WebView || {};
  var previous = webView.receiveEvent;
  webView.receiveEvent = function (type, data) {
    onEvent(type, data);
    if (typeof previous === 'function') previous(type, data);
  };
  window.addEventListener('message', function (e) {
    if (e.source !== window.parent || typeof e.data !== 'string') return;
    try {
      var m = JSON.parse(e.data);
      if (m && m.eventType) onEvent(m.eventType, m.eventData);
    } catch (x) { /* not ours */ }
  });

  // ---- theme ------------------------------------------------------------------------------
  var THEME_VARS = {
    bg_color: '--bg', secondary_bg_color: '--bg2', section_bg_color: '--card', text_color: '--text',
    hint_color: '--hint', link_color: '--link', button_color: '--button', button_text_color: '--button-text'
  };
  function isDark(hex) {
    var m = /^#?([0-9a-f]{6})$/i.exec(hex || '');
    if (!m) return null;
    var n = parseInt(m[1], 16);
    return (0.299 * (n >> 16) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255)) < 128;
  }
  function applyTheme(p) {
    if (!p || typeof p !== 'object') return;
    var root = document.documentElement;
    var dark = isDark(p.bg_color);
    if (dark !== null) {
      root.classList.toggle('dark', dark);
      root.classList.toggle('light', !dark);
    }
    Object.keys(THEME_VARS).forEach(function (k) {
      if (/^#[0-9a-f]{3,8}$/i.test(p[k] || '')) root.style.setProperty(THEME_VARS[k], p[k]);
    });
    if (!p.section_bg_color && p.bg_color) root.style.setProperty('--card', p.bg_color);
  }
  try { applyTheme(JSON.parse(hash.get('tgWebAppThemeParams') || 'null')); } catch (e) { /* default */ }

  // ---- texts ------------------------------------------------------------------------------
  var texts = null;
  function fallbackLang() { return /^zh/i.test(langHint) ? 'zh-CN' : 'en'; }
  function t(key, args) {
    var s = (texts && texts[key]) || FALLBACK[fallbackLang()][key] || key;
    return s.replace(/\u2068?\{\s*\$([A-Za-z0-9_-]+)\s*\}\u2069?/g, function (all, name) {
      return args && args[name] !== undefined ? String(args[name]) : all;
    }).replace(/[\u2068\u2069]/g, '');
  }
  function applyTexts() {
    document.querySelectorAll('[data-t]').forEach(function (el) { el.textContent = t(el.dataset.t); });
    document.title = t('page-title');
  }

  // ---- server clock -----------------------------------------------------------------------
  var offset = 0; // server now_ms minus local time at receipt
  function serverNow() { return Date.now() + offset; }
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function span(ms) {
    var s = Math.max(0, Math.ceil(ms / 1000));
    var d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60);
    var hms = (d || h ? pad(h) + ':' : '') + pad(m) + ':' + pad(s % 60);
    return d ? t('page-days', { n: d }) + ' ' + hms : hms;
  }

  // ---- API --------------------------------------------------------------------------------
  function api(method, path, body) {
    var headers = { 'X-Telegram-Init-Data': initData, 'Accept': 'application/json', 'Accept-Language': langHint };
    var opts = { method: method, headers: headers, cache: 'no-store' };
    if (body) { headers['Content-Type'] = 'application/json'; opts.body = JSON.stringify(body); }
    return fetch(base + 'api/' + path, opts).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (j) {
        if (!r.ok) throw { status: r.status, message: j && j.message };
        if (typeof j.now_ms === 'number') offset = j.now_ms - Date.now();
        hideBanner();
        return j;
      });
    }, function () { throw { status: 0 }; });
  }
  function failText(e) {
    if (e && typeof e.message === 'string' && e.message) return e.message;
    return t(e && e.status === 401 ? 'page-error-auth' : 'page-error-network');
  }
  var retryAction = null;
  function showBanner(text, retry) {
    $('banner-text').textContent = text;
    $('banner-retry').hidden = !retry;
    retryAction = retry || null;
    $('banner').hidden = false;
  }
  function hideBanner() { $('banner').hidden = true; }
  $('banner-retry').onclick = function () { hideBanner(); if (retryAction) retryAction(); };

  // ---- state ------------------------------------------------------------------------------
  var S = { view: 'list', sales: [], sale: null, orders: [], qty: 1, key: null, captcha: null,
    busy: false, joined: {}, polling: false };

  function phase(s) {
    if (s.state === 'sold_out' || s.state === 'ended') return s.state;
    var now = serverNow();
    if (now >= s.ends_at_ms) return 'ended';
    if (s.state === 'upcoming' && now < s.starts_at_ms) return 'upcoming';
    return s.stock_left > 0 ? 'live' : 'sold_out';
  }
  var STATE_KEY = { upcoming: 'page-state-upcoming', live: 'page-state-live',
    sold_out: 'page-state-sold-out', ended: 'page-state-ended' };
  function countdownText(s, ph) {
    if (ph === 'upcoming') return t('page-starts-in', { time: span(s.starts_at_ms - serverNow()) });
    if (ph === 'live') return t('page-ends-in', { time: span(s.ends_at_ms - serverNow()) });
    return '';
  }
  function room(s) {
    var r = Math.max(0, s.per_user_limit - s.held);
    return Math.min(r, s.stock_left);
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // ---- views ------------------------------------------------------------------------------
  function showView(v) {
    S.view = v;
    $('loading').hidden = true;
    $('view-list').hidden = v !== 'list';
    $('view-sale').hidden = v !== 'sale';
    $('view-orders').hidden = v !== 'orders';
    $('tab-sales').classList.toggle('on', v !== 'orders');
    $('tab-orders').classList.toggle('on', v === 'orders');
    postEvent('web_app_setup_back_button', { is_visible: v === 'sale' });
    window.scrollTo(0, 0);
  }

  function renderList() {
    var ul = $('sales');
    ul.textContent = '';
    S.sales.forEach(function (s) {
      var ph = phase(s);
      var li = el('li', 'card tap');
      li.dataset.sale = s.id;
      li.dataset.phase = ph;
      var row = el('div', 'row');
      row.appendChild(el('h3', '', s.title));
      row.appendChild(el('span', 'badge ' + ph, t(STATE_KEY[ph])));
      li.appendChild(row);
      var meta = el('div', 'meta');
      meta.appendChild(el('span', 'price', s.price_text));
      meta.appendChild(el('span', '', t('page-stock', { left: s.stock_left, total: s.stock_total })));
      var cd = el('span', 'cd', countdownText(s, ph));
      meta.appendChild(cd);
      li.appendChild(meta);
      li.onclick = function () { openSale(s.id); };
      ul.appendChild(li);
    });
    $('sales-empty').hidden = S.sales.length > 0;
  }
  function tickList() {
    var stale = false;
    document.querySelectorAll('#sales li').forEach(function (li, i) {
      var s = S.sales[i];
      if (!s) return;
      var ph = phase(s);
      if (ph !== li.dataset.phase) stale = true;
      li.querySelector('.cd').textContent = countdownText(s, ph);
    });
    if (stale) { renderList(); loadSales(); }
  }

  function renderSale() {
    var s = S.sale;
    if (!s) return;
    $('sale-title').textContent = s.title;
    $('sale-desc').textContent = s.description || '';
    $('sale-desc').hidden = !s.description;
    $('sale-price').textContent = s.price_text;
    $('sale-stock').textContent = t('page-stock', { left: s.stock_left, total: s.stock_total });
    $('sale-bar').style.width = (s.stock_total ? 100 * s.stock_left / s.stock_total : 0) + '%';
    var lim = t('page-limit', { limit: s.per_user_limit });
    if (s.held > 0) lim += ' · ' + t('page-held', { held: s.held });
    $('sale-limit').textContent = lim;
    tickSale();
  }
  function tickSale() {
    var s = S.sale;
    if (!s) return;
    var ph = phase(s);
    var badge = $('sale-state');
    badge.className = 'badge ' + ph;
    badge.textContent = t(STATE_KEY[ph]);
    var cd = $('sale-countdown');
    cd.textContent = countdownText(s, ph);
    cd.className = 'countdown ' + ph;
    cd.dataset.phase = ph;
    var max = room(s);
    if (S.qty > Math.max(1, max)) S.qty = Math.max(1, max);
    $('qty').textContent = S.qty;
    $('qty-minus').disabled = S.busy || S.qty <= 1;
    $('qty-plus').disabled = S.busy || S.qty >= max;
    $('qty-row').hidden = ph === 'sold_out' || ph === 'ended' || max <= 0;
    var buy = $('buy');
    var label;
    if (S.busy) label = t('page-buying');
    else if (ph === 'upcoming') label = t('page-starts-in', { time: span(s.starts_at_ms - serverNow()) });
    else if (ph === 'live' && max <= 0) label = t('page-limit-reached');
    else if (ph === 'live') label = t('page-buy');
    else label = t(STATE_KEY[ph]);
    if (buy.textContent !== label) buy.textContent = label;
    buy.disabled = S.busy || ph !== 'live' || max <= 0;
    buy.dataset.phase = ph;
    $('waitlist').hidden = ph !== 'sold_out' || !!S.joined[s.id];
    $('waitlist-join').disabled = !!S.joining;
  }

  function renderOrders() {
    var ul = $('orders');
    ul.textContent = '';
    S.orders.forEach(function (o) {
      var li = el('li', 'card');
      li.dataset.order = o.id;
      li.dataset.status = o.status;
      var row = el('div', 'row');
      row.appendChild(el('h3', '', o.title));
      row.appendChild(el('span', 'badge ' + o.status, o.status_text));
      li.appendChild(row);
      var meta = el('div', 'meta');
      meta.appendChild(el('span', '', t('page-order-qty', { n: o.quantity })));
      meta.appendChild(el('span', 'price', o.total_text));
      if (o.status === 'pending' && o.pay_until_ms) {
        var cd = el('span', 'cd');
        cd.dataset.until = o.pay_until_ms;
        meta.appendChild(cd);
      }
      li.appendChild(meta);
      if (o.can_pay || o.can_cancel) {
        var act = el('div', 'actions');
        if (o.can_pay) {
          var pay = el('button', 'primary small pay', t('page-pay'));
          pay.type = 'button';
          pay.onclick = function () { payOrder(o.id, pay); };
          act.appendChild(pay);
        }
        if (o.can_cancel) {
          var cancel = el('button', 'secondary small cancel', t('page-cancel'));
          cancel.type = 'button';
          cancel.onclick = function () { cancelOrder(o.id, cancel); };
          act.appendChild(cancel);
        }
        li.appendChild(act);
      }
      ul.appendChild(li);
    });
    $('orders-empty').hidden = S.orders.length > 0;
    tickOrders();
  }
  function tickOrders() {
    document.querySelectorAll('#orders [data-until]').forEach(function (e) {
      e.textContent = t('page-pay-until', { time: span(Number(e.dataset.until) - serverNow()) });
    });
  }

  // ---- actions ----------------------------------------------------------------------------
  function loadSales() {
    return api('GET', 'sales').then(function (r) {
      S.sales = Array.isArray(r.sales) ? r.sales : [];
      renderList();
    }, function (e) { showBanner(failText(e), e.status === 401 ? null : loadSales); });
  }
  function loadSale() {
    var id = S.sale && S.sale.id;
    if (id === undefined || id === null) return Promise.resolve();
    return api('GET', 'sales/' + encodeURIComponent(id)).then(function (r) {
      if (r.sale && S.sale && r.sale.id === S.sale.id) { S.sale = r.sale; renderSale(); }
    }, function (e) { showBanner(failText(e), null); });
  }
  function loadOrders() {
    return api('GET', 'orders').then(function (r) {
      S.orders = Array.isArray(r.orders) ? r.orders : [];
      renderOrders();
    }, function (e) { showBanner(failText(e), e.status === 401 ? null : loadOrders); });
  }
  function openSale(id) {
    var s = S.sales.filter(function (x) { return x.id === id; })[0];
    if (!s) return;
    S.sale = s;
    S.qty = 1;
    S.key = null;
    S.captcha = null;
    $('captcha').hidden = true;
    showOutcome('');
    renderSale();
    showView('sale');
    loadSale();
  }
  function newKey() {
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    return Array.prototype.map.call(b, function (x) { return (x < 16 ? '0' : '') + x.toString(16); }).join('');
  }
  function showOutcome(text, kind, outcome) {
    var o = $('outcome');
    o.textContent = text;
    o.className = 'outcome ' + (kind || '');
    o.dataset.outcome = outcome || '';
    $('outcome-box').hidden = !text;
    $('outcome-orders').hidden = kind !== 'won' || outcome === 'waitlist_joined';
    $('outcome-pay').hidden = true;
  }
  var KEEP_KEY = { captcha: 1, captcha_wrong: 1, too_fast: 1, try_again: 1 };
  function buy(answer) {
    var s = S.sale;
    if (!s || S.busy) return;
    if (!S.key) S.key = newKey();
    var body = { sale: s.id, quantity: S.qty, key: S.key };
    if (answer !== undefined && S.captcha) body.captcha = { token: S.captcha.token, answer: answer };
    S.busy = true;
    tickSale();
    api('POST', 'buy', body).then(function (r) {
      S.busy = false;
      if (!KEEP_KEY[r.outcome]) S.key = null;
      if (typeof r.stock_left === 'number' && S.sale) S.sale.stock_left = r.stock_left;
      S.captcha = r.captcha && r.captcha.token ? r.captcha : (KEEP_KEY[r.outcome] ? S.captcha : null);
      var asking = r.outcome === 'captcha' || (r.outcome === 'captcha_wrong' && S.captcha);
      $('captcha').hidden = !asking;
      if (asking) {
        $('captcha-question').textContent = S.captcha.question;
        $('captcha-answer').value = '';
        $('captcha-answer').focus();
      }
      if (asking) $('captcha-question').hidden = (r.message || '').indexOf(S.captcha.question) >= 0;
      var won = r.outcome === 'won' || r.outcome === 'already_ordered';
      showOutcome(r.message || '', won ? 'won' : (r.outcome === 'captcha' ? '' : 'bad'), r.outcome);
      S.payable = won && r.order && r.order.can_pay ? r.order.id : null;
      $('outcome-pay').hidden = S.payable === null;
      if (won) postEvent('web_app_trigger_haptic_feedback', { type: 'notification', notification_type: 'success' });
      renderSale();
      loadSale();
    }, function (e) {
      S.busy = false; // the key is kept: a retry of the same request never buys twice
      showOutcome(failText(e), 'bad', 'error');
      tickSale();
    });
  }
  function joinWaitlist() {
    var s = S.sale;
    if (!s) return;
    S.joining = true;
    tickSale();
    api('POST', 'waitlist', { sale: s.id }).then(function (r) {
      S.joining = false;
      if (r.joined) S.joined[s.id] = true;
      showOutcome(r.message || '', r.joined ? 'won' : 'bad', r.joined ? 'waitlist_joined' : 'waitlist');
      tickSale();
    }, function (e) { S.joining = false; showOutcome(failText(e), 'bad', 'error'); tickSale(); });
  }
  function note(text) {
    $('orders-note').textContent = text;
    $('orders-note').hidden = !text;
  }
  function payOrder(id, btn) {
    btn.disabled = true;
    api('POST', 'orders/' + id + '/pay').then(function (r) {
      btn.disabled = false;
      var link = String(r.invoice_link || '');
      var m = /t\.me\/(?:\$|invoice\/)([^/?#]+)/.exec(link);
      if (m && inTelegram()) postEvent('web_app_open_invoice', { slug: m[1] });
      else if (/^https?:\/\//.test(link)) window.open(link, '_blank');
    }, function (e) { btn.disabled = false; note(failText(e)); });
  }
  function invoiceClosed(d) {
    if (d.status === 'paid') note(t('page-invoice-paid'));
    else if (d.status === 'failed') note(t('page-invoice-failed'));
    loadOrders();
  }
  function cancelOrder(id, btn) {
    btn.disabled = true;
    api('POST', 'orders/' + id + '/cancel').then(function (r) {
      note(r.message || '');
      loadOrders();
    }, function (e) { btn.disabled = false; note(failText(e)); });
  }

  // ---- wiring -----------------------------------------------------------------------------
  $('tab-sales').onclick = function () { showView('list'); loadSales(); };
  $('tab-orders').onclick = function () { note(''); showView('orders'); loadOrders(); };
  $('back').onclick = function () { showView('list'); loadSales(); };
  $('buy').onclick = function () { buy(); };
  $('outcome-pay').onclick = function () { if (S.payable !== null) payOrder(S.payable, $('outcome-pay')); };
  $('outcome-orders').onclick = function () { $('tab-orders').onclick(); };
  $('qty-minus').onclick = function () { S.qty = Math.max(1, S.qty - 1); if ($('captcha').hidden) S.key = null; tickSale(); };
  $('qty-plus').onclick = function () { S.qty += 1; if ($('captcha').hidden) S.key = null; tickSale(); };
  $('captcha').onsubmit = function (e) { e.preventDefault(); buy($('captcha-answer').value.trim()); };
  $('waitlist-join').onclick = joinWaitlist;

  setInterval(function () {
    if (S.view === 'list') tickList();
    else if (S.view === 'sale') tickSale();
    else tickOrders();
  }, 250);
  setInterval(function () {
    if (document.hidden || S.polling || !texts) return;
    S.polling = true;
    var p = S.view === 'sale' ? loadSale() : (S.view === 'list' && ++S.listTicks % 5 === 0 ? loadSales() : null);
    Promise.resolve(p).then(function () { S.polling = false; });
  }, 2000);
  S.listTicks = 0;

  // A link straight to one sale: `?sale=ID` on the page's URL, or Telegram's start parameter
  // `sale-ID` (t.me/<bot>/<app>?startapp=sale-ID).
  function startSale() {
    var m = /^(\d{1,18})$/.exec(new URLSearchParams(location.search).get('sale') || '') ||
      /^sale-(\d{1,18})$/.exec(hash.get('tgWebAppStartParam') || '');
    return m ? Number(m[1]) : null;
  }

  function start() {
    postEvent('web_app_ready');
    postEvent('web_app_expand');
    $('loading').hidden = false;
    api('GET', 'me').then(function (me) {
      texts = me.texts || {};
      if (me.lang) document.documentElement.lang = me.lang;
      applyTexts();
      $('tabs').hidden = false;
      return loadSales().then(function () {
        showView('list');
        var wanted = startSale();
        if (wanted !== null) openSale(wanted);
        document.body.dataset.ready = '1';
      });
    }, function (e) {
      $('loading').hidden = true;
      document.documentElement.lang = fallbackLang();
      $('banner-retry').textContent = t('page-retry');
      showBanner(failText(e), e.status === 401 ? null : start);
      document.body.dataset.ready = 'error';
    });
  }
  start();
})();
