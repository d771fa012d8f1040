// tv.js: the TV page (/tv/{id}?layout=...&lang=...): subscribes to one tournament, counts down
// locally from the clock anchor and draws the layout asked for; `auto` (the default) follows the
// moment: the clock (with the starting countdown before the start), the break screen on a break,
// hand-for-hand, the moves for a minute after they happen, the final table, the winner.
// Every string is in the screen's language: ?lang=, else a paired screen's setting, else the
// browser's; a paired screen switches live when the director changes it.
(function () {
  'use strict';
  const F = window.Felt;
  const B = window.FeltBoard;
  const I = window.FeltI18n;
  const W = window.FeltWords;
  const t = I.t;
  const LAYOUTS = ['auto', 'clock', 'payouts', 'seating', 'moves', 'break', 'final', 'hfh', 'winner', 'overview'];
  const BOARD_LAYOUTS = ['payouts', 'seating', 'moves', 'final', 'hfh', 'winner', 'overview'];
  const TOP_PAYOUTS = 5;          // places shown under the clock
  const MOVES_SHOWN_MS = 60000;   // auto: how long new moves stay on screen
  const REFRESH_MS = 30000;       // the lists are fetched again at least this often
  const LIST_EVENTS = new Set(['entry', 'seating', 'tournament_finished']);
  const params = new URLSearchParams(location.search);
  const asked = LAYOUTS.includes(params.get('layout')) ? params.get('layout') : 'auto';
  const $ = (id) => document.getElementById(id);

  // ---- language: ?lang=, a paired screen's setting, or the browser's; never stored as the
  // device's setting (the staff pages on the same browser keep theirs) ----
  const SCREEN_LANG_KEY = 'felt.screen.lang';
  const langParam = params.get('lang') || '';
  let screenLang = (I.storage('felt.screen.token') && I.storage(SCREEN_LANG_KEY)) || '';
  function useLang() {
    const wanted = screenLang || langParam;
    const kept = I.storage('felt.lang');
    I.setLang(wanted);
    I.storage('felt.lang', kept === null ? null : kept);
    $('qr').alt = t('tv.qr_alt');
    document.body.dataset.lang = I.lang();
  }
  // The TV is dark whatever the theme setting of this browser.
  I.applyTheme('dark');
  useLang();

  const el = {
    name: $('name'), status: $('status'), connection: $('connection'), banner: $('reconnecting'),
    level: $('level'), paused: $('paused'), time: $('time-left'), caption: $('time-caption'), digits: $('time-digits'),
    blinds: $('blinds'), next: $('next-level'), nextBreak: $('next-break'),
    players: $('players'), average: $('average'), prizePool: $('prize-pool'), missing: $('missing'), missingDetail: $('missing-detail'),
  };
  const body = document.body;

  let state = null;
  let missing = false;
  let everLive = false;   // the reconnecting banner shows once the page has been live (or after 2 s)
  let sock = null;
  // The lists: seating (always: auto watches its moves), payouts, results.
  const lists = { seating: null, payouts: null, results: null, movesKey: null, movesUntil: 0 };
  let refreshTimer = null;
  let flashTimer = null;

  // ---- paired screens (/tv): a pairing code, then whatever the director assigns ----
  const SCREEN_KEY = 'felt.screen.token';
  const screenToken = () => { try { return localStorage.getItem(SCREEN_KEY); } catch (e) { return null; } };
  // Unpaired: the screen's language goes with its token.
  const setScreenToken = (tok) => {
    try { if (tok) localStorage.setItem(SCREEN_KEY, tok); else { localStorage.removeItem(SCREEN_KEY); localStorage.removeItem(SCREEN_LANG_KEY); } } catch (e) { /* private mode */ }
  };
  // Goes where the assignment says, unless already there (a tournament's layouts at
  // /tv/{id}?layout=..., the overview at /tv).
  const follow = (screen) => {
    const lang = typeof screen.lang === 'string' ? screen.lang : '';
    if (lang !== screenLang) {
      screenLang = lang;
      I.storage(SCREEN_LANG_KEY, lang || null);
      useLang();
      if (typeof render === 'function') render();
    }
    const layout = LAYOUTS.includes(screen.layout) ? screen.layout : 'auto';
    const target = layout !== 'overview' && screen.tournament ? `/tv/${screen.tournament}` : '/tv';
    const want = target === '/tv' || layout === 'auto' ? 'auto' : layout;
    if (location.pathname.replace(/\/$/, '') !== target || (target !== '/tv' && asked !== want))
      location.replace(target + (want === 'auto' ? '' : `?layout=${want}`));
    return target === '/tv';
  };
  // A socket that authenticates as the screen, follows `screen` frames and, once revoked, pairs again.
  const screenSocket = (opts) => {
    const s = new F.FeltSocket(Object.assign({}, opts, {
      token: screenToken,
      onError: (err) => {
        if (/^token_/.test(String(err.code || ''))) { setScreenToken(null); location.replace('/tv'); return; }
        if (opts.onError) opts.onError(err);
      },
    }));
    const read = s._onMessage.bind(s);
    s._onMessage = (data) => {
      try { const f = JSON.parse(data); if (f && f.type === 'screen' && f.screen) follow(f.screen); } catch (e) { /* not ours */ }
      read(data);
    };
    return s;
  };

  const board = new B.Board($('board'));
  const sound = window.FeltSound;
  el.flash = $('flash');
  showSoundState();
  addEventListener('keydown', (e) => { if (e.key === 'm' || e.key === 'M') { sound.settings.toggle(); showSoundState(); } });

  if (/^\/tv\/?$/.test(location.pathname)) {
    if (asked === 'overview' && !screenToken()) overview(); else screenMode();
    return;
  }

  const match = location.pathname.match(/^\/tv\/([^/]+)\/?$/);
  const id = match ? safeDecode(match[1]) : '';
  if (!id) { showMissing(t('tv.no_id')); return; }
  el.qr = $('qr');
  el.qr.src = `/api/v1/tournaments/${encodeURIComponent(id)}/qr.svg`;
  el.qr.onload = () => { el.qr.hidden = false; };

  sock = (screenToken() ? screenSocket : (o) => new F.FeltSocket(o))({
    onUpdate: (tid, s, frame) => {
      if (tid !== id) return;
      state = s;
      render();
      // Only the changes that touch the lists fetch them (the clock's never do).
      if (frame && frame.type === 'change') { if (frame.event && LIST_EVENTS.has(frame.event.type)) refreshSoon(); }
      else if (frame) refresh();   // a snapshot: on connecting, or after a change it could not fold
    },
    onStatus: (st) => { showConnection(st); if (st === 'live') refreshSoon(); },
    onError: (err) => {
      // The only subscription here is ours: a "not found" error before any state means a wrong id.
      if (!state && /not_found|unknown/.test(String(err.code || ''))) showMissing(err.message);
      else console.warn('felt: server error frame', err);
    },
  });
  sock.subscribe(id);
  sock.start();

  // Initial fill over HTTP (and the clear answer for an unknown id); the socket takes over.
  fetch(`/api/v1/tournaments/${encodeURIComponent(id)}`, { headers: { accept: 'application/json' } })
    .then(async (res) => {
      // 404: no such tournament; 400: the address holds no tournament id at all (the
      // socket only answers invalid_frame then, so without this the page stays blank).
      if (res.status === 404 || res.status === 400) {
        const body = await res.json().catch(() => null);
        showMissing(body && body.error && body.error.message);
        return;
      }
      if (!res.ok) return;
      const body = await res.json();
      if (body && body.state) sock.offer(id, body.seq, body.state, body.server_time);
    })
    .catch(() => { /* the socket will fill in */ });

  showConnection(sock.status);
  // The banner is held back briefly at load so a normal first connect does not flash it.
  setTimeout(() => { everLive = true; showConnection(sock.status); }, 2000);
  setInterval(render, 250);
  document.addEventListener('visibilitychange', render);
  setInterval(refresh, REFRESH_MS);
  const announcer = new sound.Announcer(F, id, flash);
  refresh();

  // /tv: with a screen token, what it is assigned (the overview is shown here); without,
  // a pairing code until the director pairs it.
  function screenMode() {
    body.classList.add('is-missing');
    $('pairing').hidden = false;
    const token = screenToken();
    if (!token) { pair(); return; }
    fetch('/api/v1/screens/me', { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } })
      .then(async (res) => {
        if (res.status === 401 || res.status === 404) { setScreenToken(null); pair(); return; }
        if (!res.ok) throw new Error(String(res.status));
        if (follow(await res.json())) overview();
      })
      .catch(() => setTimeout(screenMode, 5000));
  }

  function pair() {
    F.setText($('pairing-title'), t('tv.pair_title'));
    fetch('/api/v1/screens/pairing', { method: 'POST', headers: { accept: 'application/json' } })
      .then(async (res) => {
        if (!res.ok) throw new Error(String(res.status));
        const p = await res.json();
        F.setText($('pairing-code'), p.code);
        poll(p.secret);
      })
      .catch(() => { F.setText($('pairing-code'), '…'); setTimeout(pair, 15000); });
  }

  function poll(secret) {
    setTimeout(() => {
      fetch(`/api/v1/screens/pairing/${encodeURIComponent(secret)}`, { headers: { accept: 'application/json' } })
        .then(async (res) => {
          if (res.status === 404 || res.status === 409 || res.status === 410) { pair(); return; }  // expired or gone: a new code
          if (!res.ok) { poll(secret); return; }
          const p = await res.json();
          if (p.status === 'paired' && p.token) { setScreenToken(p.token); if (follow(p.screen)) overview(); return; }
          poll(secret);
        })
        .catch(() => poll(secret));
    }, 2000);
  }

  // The venue overview: every tournament with its level and time, for a screen assigned no tournament.
  function overview() {
    $('pairing').hidden = true;
    body.classList.remove('is-missing', 'is-loading');
    setLayout('overview');
    F.setText(el.name, t('tv.tournaments'));
    const rows = new Map();
    const show = () => {
      const now = sock ? sock.now() : Date.now();
      const order = { running: 0, paused: 1, scheduled: 2, finished: 3 };
      const list = [...rows.values()].filter((t) => t.status !== 'finished')
        .sort((a, b) => (order[a.status] ?? 4) - (order[b.status] ?? 4) || String(a.name).localeCompare(String(b.name)));
      F.setText(el.name, t('tv.tournaments'));
      board.empty = t('tv.none_running');
      board.show('overview', t('tv.tournaments'), '', list.map((x) => {
        const c = x.clock || {};
        const left = c.remaining_ms != null ? c.remaining_ms - (c.running ? now - c.at : 0) : null;
        const time = x.started && left != null ? ` · ${F.formatCountdown(left)}` : '';
        const what = x.level ? W.blindsText(x.level) : '';
        return { main: x.name, side: `${x.status === 'running' ? '' : W.statusName(x.status) + ' · '}${what}${time}`, cls: 'is-' + x.status };
      }), 1);
    };
    sock = screenSocket({
      onVenue: (all) => { rows.clear(); for (const t of all) rows.set(t.id, t); show(); },
      onVenueChange: (t) => { rows.set(t.id, t); show(); },
      onStatus: showConnection,
    });
    sock.subscribeVenue();
    sock.start();
    showConnection(sock.status);
    setTimeout(() => { everLive = true; showConnection(sock.status); }, 2000);
    setInterval(show, 1000);
  }

  function safeDecode(s) { try { return decodeURIComponent(s); } catch (e) { return ''; } }

  function showMissing(message) {
    missing = true;
    if (sock) sock.stop();
    body.classList.add('is-missing');
    el.missing.hidden = false;
    el.missingDetail.textContent = id ? t('tv.unknown_id', { id }) : message;
    document.title = `${t('tv.unknown')} · Felt`;
  }

  function showConnection(status) {
    if (missing) return;
    const live = status === 'live';
    if (live) everLive = true;
    F.setText(el.connection, t(live ? 'conn.live' : 'conn.reconnecting'));
    body.classList.toggle('is-offline', !live);
    el.banner.hidden = live || !everLive;
  }

  // ---- the lists ----
  // (Function declarations: the socket may call them before this point of the script has run.)
  // A burst of changes makes one fetch, 300 ms after the first of them.
  function refreshSoon() {
    if (!refreshTimer) refreshTimer = setTimeout(() => { refreshTimer = null; refresh(); }, 300);
  }
  function getJson(path) {
    return fetch(`/api/v1/tournaments/${encodeURIComponent(id)}/${path}`, { headers: { accept: 'application/json' } })
      .then((r) => (r.ok ? r.json() : null)).catch(() => null);
  }
  function refresh() {
    if (missing) return;
    // Seating can be large (a big field): fetched only by the layouts that show or watch it.
    if (['auto', 'seating', 'moves', 'final', 'hfh'].includes(asked)) getJson('seating').then((s) => {
      if (!s) return;
      // New moves or table breaks since the last look: auto shows them for a while (not
      // the ones already there when the page loaded).
      const an = s.announced || [];
      const key = `${an.length}|${an.length ? an[an.length - 1].slip : ''}`;
      if (lists.movesKey !== null && key !== lists.movesKey && an.length) lists.movesUntil = Date.now() + MOVES_SHOWN_MS;
      lists.movesKey = key;
      lists.seating = s;
      render();
    });
    // The clock layouts' top payouts come with the state's figures; the payouts layout lists them all.
    if (asked === 'payouts') getJson('payouts').then((p) => { if (p) { lists.payouts = p; render(); } });
    if (asked === 'winner' || (state && state.status === 'finished'))
      getJson('results').then((r) => { if (r) { lists.results = r; render(); } });
  }

  // The layout shown now: the one asked for, or for `auto` the one the moment calls for:
  // the winner, a break, hand-for-hand, new moves (for a minute), the final table, the clock
  // (which counts down to the start before it).
  function layoutNow(status, lv) {
    if (asked !== 'auto') return asked;
    if (status === 'finished') return 'winner';
    if (lv && lv.kind === 'break' && state.started) return 'break';
    const started = state.started || status === 'running';
    if (started && lists.seating && lists.seating.hand_for_hand) return 'hfh';
    if (Date.now() < lists.movesUntil) return 'moves';
    if (started && B.finalTable(lists.seating, state.figures)) return 'final';
    return 'clock';
  }

  function setLayout(layout) {
    if (body.dataset.layout === layout) return;
    for (const l of LAYOUTS) body.classList.toggle('layout-' + l, l === layout);
    body.dataset.layout = layout;
    board.el.hidden = !BOARD_LAYOUTS.includes(layout);
    board.key = null;
  }

  // A level change or the last minute: shown big for a few seconds on every screen.
  function flash(kind, text) {
    el.flash.textContent = kind === 'level' ? text.replace(/, /, ' · ') : text;
    el.flash.className = 'tv-flash show ' + kind;
    body.classList.add('flash-' + kind);
    clearTimeout(flashTimer);
    flashTimer = setTimeout(() => { el.flash.className = 'tv-flash'; body.classList.remove('flash-level', 'flash-minute'); }, 8000);
  }

  function showSoundState() {
    const on = sound.settings.sound();
    const e = $('sound-state');
    e.hidden = !on;
    F.setText(e, on ? t(sound.settings.speech() ? 'tv.sound_voice' : 'tv.sound') : '');
  }

  function render() {
    if (missing || !state) return;
    body.classList.remove('is-loading');
    const now = sock.now();
    const levels = (state.structure && state.structure.levels) || [];
    const status = F.displayStatus(state, now);
    const pos = F.clockAt(state, now);
    const lv = levels[pos.level];
    if (status !== 'finished' && lv) announcer.observe(levels, pos, status === 'running', true);
    const layout = layoutNow(status, lv);
    setLayout(layout);
    if (layout === 'winner' && !lists.results && state.status === 'finished') refreshSoon();

    F.setText(el.name, state.name || '');
    if (document.title !== `${state.name} · Felt`) document.title = `${state.name} · Felt`;
    F.setText(el.status, W.statusName(status));
    showSoundState();
    F.setText(el.connection, t(sock.status === 'live' ? 'conn.live' : 'conn.reconnecting'));
    for (const s of ['running', 'paused', 'scheduled', 'finished']) body.classList.toggle('is-' + s, s === status);
    el.paused.hidden = status !== 'paused';
    renderBoard(layout, status, levels, pos);

    if (status === 'finished' || !lv) {
      F.setText(el.level, '');
      F.setText(el.caption, '');
      F.setText(el.digits, status === 'finished' ? t('clock.finished') : t('tv.no_levels'));
      F.setText(el.blinds, '');
      F.setText(el.next, '—');
      F.setText(el.nextBreak, '—');
      setTimeClasses(false, false, false);
      renderTopPayouts(layout);
      return;
    }

    // Current level and its blinds (a break shows its note instead).
    F.setText(el.level, W.levelName(levels, pos.level));
    body.classList.toggle('on-break', lv.kind === 'break');
    if (lv.kind === 'break') F.setText(el.blinds, lv.note || (lv.color_up ? t('tv.color_up') : ''));
    else W.fillBlinds(el.blinds, lv);

    // The big time: a countdown to a scheduled start, or the level's time left / overtime
    // (the break screen says when play resumes; asked for off a break, when the break comes).
    const beforeStart = status === 'scheduled' && state.scheduled_start != null && now < state.scheduled_start;
    const toBreak = F.msToNextBreak(levels, pos);
    let digits, caption = '';
    if (beforeStart) {
      caption = t('tv.starts_in') + ' ';
      digits = F.formatCountdown(state.scheduled_start - now);
    } else if (layout === 'break' && lv.kind === 'break') {
      caption = t('tv.resumes_in') + ' ';
      digits = F.formatClock(pos);
    } else if (layout === 'break' && toBreak) {
      caption = t('tv.break_in') + ' ';
      digits = F.formatCountdown(toBreak);
    } else {
      if (status === 'scheduled') caption = t('tv.waiting_start') + ' ';
      digits = F.formatClock(pos);
    }
    F.setText(el.caption, caption);
    F.setText(el.digits, digits);
    const overtime = !beforeStart && pos.overtime_ms > 0;
    const lastMinute = !beforeStart && !overtime && status !== 'scheduled' && lv.kind === 'play' && pos.remaining_ms <= 60000;
    setTimeClasses(overtime, lastMinute, digits.length > 6);
    body.classList.toggle('last-minute', lastMinute && status === 'running');

    // Next level and time to the next break.
    const next = levels[pos.level + 1];
    if (!next) F.setText(el.next, t('tv.last_level'));
    else if (next.kind === 'break') F.setText(el.next, `${t('clock.break')} · ${W.minutes(next.duration_secs)}`);
    else W.fillBlinds(el.next, next);
    renderFigures(state.figures, lv, state.currency);
    renderTopPayouts(layout);
    F.setText(el.nextBreak, toBreak === null ? t('tv.no_breaks') : toBreak === 0 ? t('tv.on_break') : F.formatCountdown(toBreak));
  }

  // Under the clock: the first places with their amounts and how many are paid; on the
  // final table, the payouts still to be won (from the next place out up to first).
  function renderTopPayouts(layout) {
    const box = $('top-payouts');
    const fig = state.figures;
    const amounts = (fig && fig.payouts) || [];
    const final = layout === 'final';
    const left = fig ? Math.min(fig.players_left, amounts.length) : 0;
    const shown = final ? left : Math.min(TOP_PAYOUTS, amounts.length);
    box.hidden = !(layout === 'clock' || final) || shown === 0;
    if (box.hidden) return;
    const paid = fig.places_paid != null ? fig.places_paid : amounts.length;
    F.setText($('top-payouts-title'), final ? t('tv.payouts_left') : t('tv.top_payouts_paid', { n: paid }));
    const items = B.topPayouts(amounts, state.currency, shown);
    if (final) items.reverse();
    const key = JSON.stringify([I.lang(), items, innerWidth, innerHeight]);
    const list = $('top-payouts-list');
    if (list.dataset.key === key) return;
    list.dataset.key = key;
    list.textContent = '';
    for (const it of items) {
      const d = document.createElement('span'); d.className = 'tv-payout';
      const p = document.createElement('span'); p.className = 'place'; p.textContent = it.place;
      const a = document.createElement('span'); a.className = 'amount'; a.textContent = it.amount;
      d.append(p, ' ', a);
      list.append(d);
    }
    // The places that do not fit the line(s) are left out rather than cut.
    const bottom = list.getBoundingClientRect().bottom + 1;
    for (const d of list.children) d.hidden = d.getBoundingClientRect().bottom > bottom;
  }

  // The lists beside or instead of the clock.
  function renderBoard(layout, status, levels, pos) {
    if (board.el.hidden) return;
    const seating = lists.seating;
    const lv = levels[pos.level];
    // Off the clock layouts a line keeps the time in view.
    const mini = status === 'finished' || !lv ? '' :
      `${W.levelName(levels, pos.level)} · ${lv.kind === 'break' ? t('clock.break') : W.blindsText(lv)} · ${F.formatClock(pos)}`;
    switch (layout) {
      case 'payouts': {
        const p = lists.payouts;
        const fig = state.figures;
        board.empty = p ? t('tv.no_payouts') : '…';
        const pool = p ? B.money(p.prize_pool != null && typeof p.prize_pool === 'object' ? p.prize_pool.pool : p.prize_pool, state.currency) : '';
        const lead = p ? `${t('tv.pool_lead', { pool })}${fig ? ` · ${t('tv.paid', { n: fig.places_paid != null ? fig.places_paid : (p.amounts || []).length })}` : ''}` : '';
        board.show('payouts', t('tv.payouts'), lead, B.payoutRows(p), (p && p.amounts && p.amounts.length > 12) ? 2 : 1);
        break;
      }
      case 'seating':
        board.empty = seating ? t('tv.nobody_seated') : '…';
        board.show('seating', t('tv.find_seat'), mini, B.seatRows(seating), 2);
        break;
      case 'moves': {
        const h = B.handForHand(seating);
        board.empty = seating ? t('tv.no_moves') : '…';
        board.show('moves', t('tv.moves'), h || mini, B.moveRows(seating), 1);
        break;
      }
      case 'final': {
        const tb = B.finalTable(seating, state.figures);
        const inPlay = ((seating && seating.tables) || []).filter((x) => x.players > 0);
        const table = tb || (inPlay.length === 1 ? inPlay[0] : null);
        board.empty = seating ? t('tv.final_none') : '…';
        board.show('final', t('tv.final_title'), mini, B.finalRows(table), 1);
        break;
      }
      case 'hfh': {
        const h = seating && seating.hand_for_hand;
        const w = h ? (h.waiting_for || []) : [];
        board.empty = seating ? t('tv.hfh_off') : '…';
        const title = h ? `${t('tv.hfh_title')} · ${t('tv.hfh_hand', { hand: h.hand })}` : t('tv.hfh_title');
        const lead = h ? `${w.length ? t('tv.hfh_still', { n: w.length }) : t('tv.hfh_all_done')} · ${mini}` : mini;
        const rows = B.handForHandRows(seating);
        board.show('hfh', title, lead, rows, rows.length > 6 ? 2 : 1);
        break;
      }
      case 'winner': {
        const rows = B.resultRows(lists.results, state.currency);
        const first = status === 'finished' ? rows.find((r) => r.best === 1) : null;
        board.empty = '';
        if (first) board.show('winner', t('tv.winner'), `${first.name}${first.side ? ' · ' + first.side : ''}`, rows.filter((r) => r !== first).slice(0, 40), 2);
        else board.show('winner', status === 'finished' ? t('clock.finished') : t('tv.results_so_far'), mini, rows, 2);
        break;
      }
    }
  }

  // Players left of entries, average stack (and in big blinds), prize pool.
  function renderFigures(fig, lv, currency) {
    if (!fig) {
      for (const e of [el.players, el.average, el.prizePool]) F.setText(e, '—');
      return;
    }
    F.setText(el.players, `${F.formatChips(fig.players_left)} / ${F.formatChips(fig.entries)}`);
    const bb = lv && lv.kind === 'play' && lv.big_blind > 0 ? ` · ${t('tv.bb', { n: Math.floor(fig.average_stack / lv.big_blind) })}` : '';
    F.setText(el.average, fig.players_left > 0 ? `${F.formatChips(fig.average_stack)}${bb}` : '—');
    F.setText(el.prizePool, W.money(fig.prize_pool.pool, currency));
  }

  function setTimeClasses(overtime, lastMinute, long) {
    el.time.classList.toggle('overtime', overtime);
    el.time.classList.toggle('last-minute', lastMinute);
    el.time.classList.toggle('long', long);
  }
})();
