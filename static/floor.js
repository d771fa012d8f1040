// floor.js: the floor tablet: login, one tournament live over the websocket, and the floor's
// actions over the HTTP API (docs/API.md); every action says what it did or shows the
// server's error message. Strings come from i18n.js, clock arithmetic from clock.js.
(function () {
  'use strict';
  const F = window.Felt;
  const I = window.FeltI18n;
  const t = I.t;
  const U = window.FeltStaff;
  const { $, el, button, fillSelect, get, post, toast } = U;
  const TOUR_KEY = 'felt.floor.tournament';
  const SETTINGS_KEY = 'felt.floor.settings';
  const enc = encodeURIComponent;

  // ---- settings (per screen) ----------------------------------------------

  const DEFAULTS = { call_secs: 25, call_countdown: 5, paper: 'receipt' };
  function settings() {
    let s = {};
    try { s = JSON.parse(I.storage(SETTINGS_KEY) || '{}') || {}; } catch (e) { s = {}; }
    return Object.assign({}, DEFAULTS, s);
  }
  function saveSettings(s) { I.storage(SETTINGS_KEY, JSON.stringify(s)); }

  // ---- what the page knows ------------------------------------------------

  const S = {
    id: null,           // the tournament shown
    me: null,           // {name, role}
    state: null,        // the tournament's state (from the socket)
    entries: [],        // GET .../entries
    figures: null,
    seating: null,      // GET .../seating
    audit: [],          // GET .../audit
    seatOf: new Map(),  // entry -> {table, seat}
    nameOf: new Map(),  // entry -> name
    placeOf: new Map(), // entry -> {best, worst}, from the results
    resultOf: new Map(), // entry -> its results row (places, prize, bounties won)
    summaries: [],      // the venue's tournaments
  };

  const sock = new F.FeltSocket({
    token: U.token,
    onStatus: showConnection,
    onVenue: (list) => { S.summaries = list; fillPicker(); },
    onVenueChange: (summary) => {
      const i = S.summaries.findIndex((s) => s.id === summary.id);
      if (i >= 0) S.summaries[i] = summary; else S.summaries.push(summary);
      fillPicker();
    },
    onUpdate: (id, state, frame) => {
      if (id !== S.id) return;
      S.state = state;
      if (state.figures) S.figures = state.figures;
      renderClock();
      renderFigures();
      renderWinner();
      // Seats, entries and the log are read over HTTP after every change, so a second
      // tablet shows what the first one did.
      if (frame) refreshSoon();
    },
    onError: (err) => { if (err && err.message) toast(err.message, 'error'); },
  });

  // ---- connection -------------------------------------------------------------

  let offlineTimer = null;
  function showConnection(st) {
    F.setText($('connection'), t(st === 'live' ? 'conn.live' : 'conn.reconnecting'));
    document.body.classList.toggle('is-offline', st !== 'live');
    clearTimeout(offlineTimer);
    if (st === 'live') {
      $('offline').hidden = true;
      if (S.id) refreshSoon();   // catch up on whatever happened while away
    } else {
      // A short blip is not worth a banner; a real loss is.
      offlineTimer = setTimeout(() => { $('offline').hidden = false; }, 1500);
    }
  }

  // ---- HTTP ---------------------------------------------------------------------

  const tour = (path) => `/api/v1/tournaments/${enc(S.id)}${path}`;

  // Runs one action: buttons off while it is in flight, its outcome in the toast.
  let busy = false;
  async function act(fn) {
    if (busy) return null;
    busy = true;
    document.body.classList.add('is-busy');
    try {
      const result = await fn();
      await refresh();
      return result;
    } catch (e) {
      toast(e.message, 'error');
      return null;
    } finally {
      busy = false;
      document.body.classList.remove('is-busy');
    }
  }

  // ---- login ----------------------------------------------------------------------

  function loggedIn(me) {
    S.me = me;
    sock.authenticate();
    if (S.id) refresh();
    loadTournaments();
  }

  $('logout').addEventListener('click', () => { $('settings-dialog').close(); S.me = null; U.logout(); });

  // ---- the tournament picker ----------------------------------------------------------

  async function loadTournaments() {
    try {
      const list = await get('/api/v1/tournaments');
      if (Array.isArray(list) && S.summaries.length === 0) { S.summaries = list; fillPicker(); }
    } catch (e) { toast(e.message, 'error'); }
  }

  function fillPicker() {
    const select = $('tournament');
    const open = S.summaries.filter((s) => s.status !== 'finished');
    const key = open.map((s) => s.id + s.name).join('|');
    if (select.dataset.key !== key) {
      select.dataset.key = key;
      select.textContent = '';
      for (const s of open) {
        const o = el('option', '', s.name);
        o.value = s.id;
        select.append(o);
      }
    }
    $('no-tournament').hidden = open.length > 0;
    const asked = new URLSearchParams(location.search).get('t');
    let want = S.id || asked || I.storage(TOUR_KEY);
    if (!open.some((s) => s.id === want)) {
      const running = open.find((s) => s.status === 'running');
      want = running ? running.id : (open[0] && open[0].id);
    }
    if (want) { select.value = want; if (want !== S.id) choose(want); }
  }

  $('tournament').addEventListener('change', (ev) => choose(ev.target.value));

  function choose(id) {
    if (S.id && S.id !== id) sock.unsubscribe(S.id);
    S.id = id;
    S.state = null; S.entries = []; S.seating = null; S.audit = []; S.figures = null;
    lastKey = '';
    I.storage(TOUR_KEY, id);
    sock.subscribe(id);
    renderAll();
    refresh();
  }

  // ---- reading the tournament -------------------------------------------------------

  let refreshTimer = null;
  function refreshSoon() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(refresh, 120);
  }

  let refreshing = null;
  let lastKey = '';
  // Reads entries, seating and the log again; a read asked for while one is in flight starts
  // after it (so an action's own outcome is always in what the page shows next).
  async function refresh() {
    if (!S.id || !S.me) return;
    clearTimeout(refreshTimer);
    while (refreshing) await refreshing;
    refreshing = load(S.id);
    try { await refreshing; } finally { refreshing = null; }
  }

  async function load(id) {
    try {
      const [entries, seating, audit, results] = await Promise.all([
        get(tour('/entries')), get(tour('/seating')), get(tour('/audit')), get(tour('/results')).catch(() => []),
      ]);
      if (id !== S.id) return;
      // The results name every entry (the seating only those seated) and place those out.
      S.placeOf = new Map();
      S.resultOf = new Map();
      for (const r of Array.isArray(results) ? results : []) {
        if (r.name) S.nameOf.set(r.entry, r.name);
        if (r.places) S.placeOf.set(r.entry, r.places);
        S.resultOf.set(r.entry, r);
      }
      S.entries = entries.entries || [];
      S.figures = entries.figures || S.figures;
      S.seating = seating;
      S.audit = audit || [];
      // Redraw only what changed: a list redrawn under a finger loses the tap.
      const key = JSON.stringify([entries, seating, S.audit.length && S.audit[S.audit.length - 1], results, I.lang()]);
      if (key === lastKey) return;
      lastKey = key;
      index();
      renderAll();
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  // entry -> name and entry -> seat, from the entries and the seating.
  function index() {
    S.seatOf = new Map();
    for (const tl of (S.seating && S.seating.tables) || []) {
      for (const s of tl.seats) {
        if (s.entry != null) {
          S.seatOf.set(s.entry, { table: tl.table.id, seat: s.seat });
          if (s.name) S.nameOf.set(s.entry, s.name);
        }
      }
    }
    for (const e of S.entries) if (e.name) S.nameOf.set(e.id, e.name);
  }

  const nameOf = (entry) => S.nameOf.get(entry) || `#${entry}`;
  const isActive = (e) => e.status && e.status.status === 'active';
  const seatText = (entry) => {
    const s = S.seatOf.get(entry);
    return s ? t('seat.where', { table: s.table, seat: s.seat }) : t('entry.unseated');
  };

  // ---- rendering --------------------------------------------------------------------

  function renderAll() {
    renderClock();
    renderFigures();
    renderWinner();
    renderEntries();
    renderFound();
    renderTables();
    renderMoves();
    renderLog();
  }

  function clockStatus() { return S.state ? F.displayStatus(S.state, sock.now()) : ''; }

  function renderClock() {
    const st = S.state;
    if (!st) { F.setText($('clock-time'), '--:--'); return; }
    const now = sock.now();
    const levels = (st.structure && st.structure.levels) || [];
    const status = clockStatus();
    const pos = F.clockAt(st, now);
    const level = levels[pos.level];
    const label = !level ? '' : level.kind === 'break' ? t('clock.break')
      : t('clock.level', { n: levels.slice(0, pos.level + 1).filter((l) => l.kind !== 'break').length });
    F.setText($('clock-level'), status === 'finished' ? t('clock.finished') : label);
    F.setText($('clock-blinds'), level && level.kind === 'play' ? F.blindsText(level) : (level && level.note) || '');
    F.setText($('clock-status'), status ? t('status.' + status) : '');
    $('clock-status').className = 'row-status ' + status;
    F.setText($('clock-time'), status === 'finished' ? '' : status === 'scheduled' && !st.started ? t('clock.not_started') : F.formatClock(pos));
    $('clock-time').classList.toggle('last-minute', status === 'running' && pos.remaining_ms <= 60000 && pos.overtime_ms === 0);
    const on = { scheduled: ['start'], running: ['pause', 'previous_level', 'next_level', 'minus', 'plus'],
      paused: ['resume', 'previous_level', 'next_level', 'minus', 'plus'], finished: [] }[status] || [];
    for (const b of document.querySelectorAll('[data-clock]')) b.hidden = !on.includes(b.dataset.clock);
  }

  function renderFigures() {
    const box = $('figures');
    const f = S.figures;
    box.textContent = '';
    if (!f) return;
    const items = [
      [t('fig.players'), `${f.players_left} / ${f.entries}`],
      [t('fig.average'), F.formatChips(f.average_stack)],
      [t('fig.pool'), money(f.prize_pool && f.prize_pool.pool)],
      [t('fig.paid'), String(f.places_paid)],
      [t('fig.rebuys'), String(f.rebuys)],
      [t('fig.addons'), String(f.add_ons)],
    ];
    for (const [k, v] of items) {
      const d = el('div', 'fig');
      d.append(el('span', 'fig-k', k), el('span', 'fig-v', v));
      box.append(d);
    }
    if (f.on_the_bubble) box.append(el('div', 'fig bubble', t('fig.bubble')));
  }

  // The entries list, filtered by the search box: in play first (by table and seat), then out.
  function renderEntries() {
    const list = $('entries');
    list.textContent = '';
    const q = $('search').value.trim().toLowerCase();
    const shown = S.entries.filter((e) => e.status && e.status.status !== 'unregistered')
      .filter((e) => !q || nameOf(e.id).toLowerCase().includes(q));
    const key = (e) => { const s = S.seatOf.get(e.id); return s ? s.table * 100 + s.seat : 1e9 + e.id; };
    const active = shown.filter(isActive).sort((a, b) => key(a) - key(b));
    const out = shown.filter((e) => !isActive(e)).sort((a, b) => b.id - a.id);
    if (S.entries.length === 0) { list.append(el('li', 'empty', t('players.none'))); return; }
    if (active.length) list.append(el('li', 'list-head', `${t('players.in_play')} (${active.length})`));
    for (const e of active) list.append(entryRow(e));
    if (out.length) list.append(el('li', 'list-head', `${t('players.out')} (${out.length})`));
    for (const e of out) list.append(entryRow(e));
  }

  function entryRow(e) {
    const li = el('li', 'entry' + (isActive(e) ? '' : ' out'));
    li.dataset.entry = e.id;
    const who = el('div', 'entry-who');
    who.append(el('span', 'entry-name', nameOf(e.id)), el('span', 'entry-id tabular', `#${e.id}`));
    const where = el('div', 'entry-seat tabular', isActive(e) ? seatText(e.id) : placeText(e));
    const actions = el('div', 'entry-actions');
    const act = (name, label, cls, fn) => { const b = button(label, cls, fn); b.dataset.act = name; actions.append(b); };
    if (isActive(e)) {
      const es = entrySettings();
      act('bust', t('entry.bust'), 'danger', () => openBust(e.id));
      // Rebuy and add-on only where the tournament has them (the server has the last word).
      if (!es || es.rebuy) act('rebuy', t('entry.rebuy'), '', () => simple({ action: 'rebuy', entry: e.id }, 'done.rebuy', e.id));
      if (!es || es.add_on) act('add_on', t('entry.addon'), '', () => simple({ action: 'add_on', entry: e.id }, 'done.addon', e.id));
      act('move', t('entry.move'), '', () => openMove(e.id));
      act('ticket', t('entry.ticket'), '', () => printTicket(e.id));
      // The prize of a player still in play is only what they would get now, except for the
      // winner once everyone else is out.
      if (isWinner(e.id) && winnings(e.id)) act('receipt', t('entry.receipt'), '', () => printReceipt(e.id));
    } else {
      if (winnings(e.id)) act('receipt', t('entry.receipt'), '', () => printReceipt(e.id));
      act('revive', t('entry.revive'), '', () => simple({ action: 'revive', entry: e.id }, 'done.revive', e.id));
    }
    li.append(who, where, actions);
    return li;
  }

  // The tournament's entry settings, from its log: the creation's, or the latest change
  // still standing (null: not known yet).
  function entrySettings() {
    let settings = null;
    for (const l of S.audit) {
      if (l.undone_by != null) continue;
      const ev = l.event || {};
      if (ev.type === 'tournament_created') settings = ev.entry_settings || null;
      else if (ev.type === 'entry' && ev.change && ev.change.type === 'settings_changed') settings = ev.change.settings || settings;
    }
    return settings;
  }

  function placeText(e) {
    const p = S.placeOf && S.placeOf.get(e.id);
    if (!p) return t('players.out');
    const place = p.best === p.worst ? I.ordinal(p.best) : `${I.ordinal(p.best)}–${I.ordinal(p.worst)}`;
    return t('entry.place', { place });
  }

  async function simple(body, done, entry) {
    const res = await act(() => post(tour('/entries'), body));
    if (res) toast(t(done, { name: nameOf(entry) }), 'ok');
  }

  // ---- find or add a player, register ---------------------------------------------------

  let found = [];      // venue players matching the search
  let searchTimer = null;
  $('search').addEventListener('input', () => {
    $('add-btn').hidden = true;   // until the search for what is typed now answers
    renderEntries();
    clearTimeout(searchTimer);
    searchTimer = setTimeout(search, 200);
  });

  async function search() {
    const q = $('search').value.trim();
    if (!q) { found = []; renderFound(); return; }
    try {
      const res = await get(`/api/v1/players?q=${enc(q)}&limit=8`);
      if ($('search').value.trim() !== q) return;
      found = Array.isArray(res) ? res : (res && res.players) || [];
    } catch (e) { found = []; toast(e.message, 'error'); }
    renderFound();
  }

  function renderFound() {
    const list = $('found');
    list.textContent = '';
    const q = $('search').value.trim();
    const add = $('add-btn');
    const exact = exactMatch(q);
    add.hidden = !q || !!exact;
    add.textContent = t('players.add_register', { name: q });
    for (const p of found) {
      const mine = S.entries.filter((e) => e.player === p.id && e.status && e.status.status !== 'unregistered');
      const inPlay = mine.find(isActive);
      const li = el('li', 'found');
      li.append(el('span', 'entry-name', p.name + (p.nickname ? ` “${p.nickname}”` : '')));
      if (p.member_id) li.append(el('span', 'entry-id', t('players.member', { id: p.member_id })));
      if (inPlay) li.append(el('span', 'entry-seat', `${t('players.in_play')} · ${seatText(inPlay.id)}`));
      else {
        const again = mine.length > 0;
        const b = button(t(again ? 'players.reenter' : 'players.register'), 'primary', () => register(p, again));
        b.dataset.act = 'register';
        li.append(b);
      }
      list.append(li);
    }
  }

  $('find').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const q = $('search').value.trim();
    if (!q) return;
    const exact = exactMatch(q);
    if (exact) {
      const mine = S.entries.filter((e) => e.player === exact.id && e.status && e.status.status !== 'unregistered');
      if (!mine.some(isActive)) register(exact, mine.length > 0);
      return;
    }
    const added = await act(() => post('/api/v1/players', { name: q }));
    if (added && added.player) register(added.player, false);
  });

  // The player the search names exactly: by name, or by member id (a card read at the desk
  // must never add a player called "M-17").
  function exactMatch(q) {
    const low = q.toLowerCase();
    return found.find((p) => p.name.toLowerCase() === low)
      || found.find((p) => p.member_id && p.member_id.toLowerCase() === low);
  }

  async function register(player, again) {
    const res = await act(() => post(tour('/entries'), { action: again ? 'reenter' : 'register', player: player.id }));
    if (!res) return;
    const entry = S.entries.filter((e) => e.player === player.id).sort((a, b) => b.id - a.id)[0];
    S.nameOf.set(entry ? entry.id : -1, player.name);
    $('search').value = '';
    found = [];
    renderEntries();
    renderFound();
    if (entry) showSeat(entry.id, player.name);
  }

  function showSeat(entry, name) {
    const seat = S.seatOf.get(entry);
    F.setText($('seat-name'), name);
    F.setText($('seat-table'), seat ? String(seat.table) : '—');
    F.setText($('seat-seat'), seat ? String(seat.seat) : '—');
    F.setText($('seat-note'), seat ? t('seat.registered', { name, entry }) : t('seat.no_seat'));
    $('seat-print').onclick = () => printTicket(entry);
    $('seat-dialog').dataset.entry = entry;
    openDialog('seat-dialog');
    toast(t('seat.registered', { name, entry }) + (seat ? ' ' + t('seat.where', seat) : ''), 'ok');
  }

  // ---- bust ---------------------------------------------------------------------------

  let bustEntry = null;
  function openBust(entry) {
    bustEntry = entry;
    const f = $('bust-form').elements;
    F.setText($('bust-name'), `${nameOf(entry)} (${seatText(entry)})`);
    const others = S.entries.filter((e) => isActive(e) && e.id !== entry)
      .sort((a, b) => (S.seatOf.get(a.id) || { table: 1e6 }).table - (S.seatOf.get(b.id) || { table: 1e6 }).table || a.id - b.id);
    const mine = S.seatOf.get(entry);
    fillSelect(f.eliminator, [['', t('bust.unknown')], ...others.map((e) => [String(e.id), `${nameOf(e.id)} · ${seatText(e.id)}`])]);
    // The eliminator is most often at the same table: those first.
    if (mine) {
      const same = others.filter((e) => (S.seatOf.get(e.id) || {}).table === mine.table);
      const rest = others.filter((e) => (S.seatOf.get(e.id) || {}).table !== mine.table);
      fillSelect(f.eliminator, [['', t('bust.unknown')], ...[...same, ...rest].map((e) => [String(e.id), `${nameOf(e.id)} · ${seatText(e.id)}`])]);
    }
    fillSelect(f.also, [['', t('bust.nobody')], ...others.map((e) => [String(e.id), `${nameOf(e.id)} · ${seatText(e.id)}`])]);
    f.stack_a.value = 0; f.stack_b.value = 0;
    $('bust-stacks').hidden = true;
    openDialog('bust-dialog');
  }

  $('bust-form').elements.also.addEventListener('change', (ev) => {
    const also = Number(ev.target.value);
    $('bust-stacks').hidden = !also;
    F.setText($('bust-stack-a-name'), nameOf(bustEntry));
    F.setText($('bust-stack-b-name'), also ? nameOf(also) : '');
  });

  $('bust-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = ev.target.elements;
    const also = Number(f.also.value) || null;
    const elim = Number(f.eliminator.value) || null;
    if (also && elim === also) { toast(t('bust.also') + ' ≠ ' + t('bust.eliminator'), 'error'); return; }
    const busted = [{ entry: bustEntry, stack: also ? Number(f.stack_a.value) || 0 : 0 }];
    if (also) busted.push({ entry: also, stack: Number(f.stack_b.value) || 0 });
    $('bust-dialog').close();
    const names = busted.map((b) => nameOf(b.entry)).join(', ');
    const res = await act(() => post(tour('/entries'), { action: 'bust', busted, eliminators: elim ? [elim] : [] }));
    if (!res) return;
    await load(S.id);
    const e = S.entries.find((x) => x.id === bustEntry);
    const place = e && !isActive(e) ? placeText(e) : null;
    toast(place && place !== t('players.out') ? t('bust.done', { names, place: place }) : t('bust.done_noplace', { names }), 'ok');
    // Whoever went out in the money is paid now: the amount big, and the receipt to print.
    // The last bust also makes a winner, paid at the same time.
    const winner = S.entries.find((x) => isWinner(x.id));
    const paid = [...busted.map((b) => b.entry), ...(winner ? [winner.id] : [])].filter((x) => winnings(x));
    if (paid.length) showPayout(paid);
  });

  // ---- the end: one player left, the director finishes the tournament -------------------------

  function renderWinner() {
    const winner = S.entries.find((x) => isWinner(x.id));
    const finished = S.state && S.state.status === 'finished';
    $('winner-bar').hidden = !winner || finished;
    if (!winner || finished) return;
    const admin = S.me && S.me.role === 'admin';
    F.setText($('winner-text'), t(admin ? 'finish.last' : 'finish.last_floor', { name: nameOf(winner.id) }));
    $('finish-btn').hidden = !admin;
  }

  $('finish-btn').addEventListener('click', async () => {
    const winner = S.entries.find((x) => isWinner(x.id));
    if (!winner || !(await confirmDialog(t('finish.confirm', { name: nameOf(winner.id) })))) return;
    const res = await act(() => post(tour('/finish'), {}));
    if (res) { toast(t('finish.done', { name: nameOf(winner.id) }), 'ok'); $('winner-bar').hidden = true; }
  });

  // ---- payouts: what a player out in the money is paid --------------------------------------

  // The winner: the last entry in play once everyone else is out.
  function isWinner(entry) {
    const left = S.entries.filter(isActive);
    return S.entries.length > 1 && left.length === 1 && left[0].id === entry;
  }

  // The bounties an entry is paid: those it won, and the winner's own.
  function bounties(entry) {
    const r = S.resultOf.get(entry) || {};
    return (r.bounties_won || 0) + (isWinner(entry) ? r.bounty_kept || 0 : 0);
  }

  // Prize and bounties an entry is paid, in minor units (0: nothing to pay).
  function winnings(entry) {
    const r = S.resultOf.get(entry);
    return r ? (r.prize || 0) + bounties(entry) : 0;
  }

  // Minor units in the tournament's currency: "1,250.00 EUR".
  function money(minor) {
    if (minor == null || typeof minor === 'object') return '—';
    const c = (S.state && S.state.currency) || { code: '', decimals: 2 };
    const d = Number(c.decimals) || 0;
    const v = (Number(minor) / 10 ** d).toLocaleString(I.lang(), { minimumFractionDigits: d, maximumFractionDigits: d });
    return c.code ? `${v} ${c.code}` : v;
  }

  function payoutLines(entry) {
    const r = S.resultOf.get(entry) || {};
    const lines = [nameOf(entry), `#${entry} · ${placeText({ id: entry })}`];
    if (bounties(entry)) {
      lines.push(t('pay.prize', { amount: money(r.prize || 0) }), t('pay.bounties', { amount: money(bounties(entry)) }));
    }
    return lines;
  }

  function showPayout(entries) {
    const box = $('pay-list');
    box.textContent = '';
    for (const entry of entries) {
      const li = el('li', 'slip');
      li.dataset.entry = entry;
      li.append(el('span', 'entry-name', payoutLines(entry).join(' · ')), el('b', 'fig-v tabular', money(winnings(entry))));
      const b = button(t('pay.print'), '', () => printReceipt(entry));
      b.dataset.act = 'receipt';
      li.append(b);
      box.append(li);
    }
    openDialog('pay-dialog');
  }

  // ---- move and swap ---------------------------------------------------------------------

  let moveEntry = null;
  function openMove(entry) {
    moveEntry = entry;
    const f = $('move-form').elements;
    F.setText($('move-title'), t('move.title', { name: `${nameOf(entry)} (${seatText(entry)})` }));
    const free = [];
    const seated = [];
    for (const tl of (S.seating && S.seating.tables) || []) {
      for (const s of tl.seats) {
        if (s.entry == null && !s.reserved) free.push([`${tl.table.id}:${s.seat}`, t('seat.where', { table: tl.table.id, seat: s.seat })]);
        else if (s.entry != null && s.entry !== entry) seated.push([String(s.entry), `${nameOf(s.entry)} · ${t('seat.where', { table: tl.table.id, seat: s.seat })}`]);
      }
    }
    fillSelect(f.to, free);
    fillSelect(f.swap, seated);
    openDialog('move-dialog');
  }

  $('move-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = ev.target.elements;
    const how = ev.submitter ? ev.submitter.value : 'move';
    $('move-dialog').close();
    const name = nameOf(moveEntry);
    if (how === 'swap') {
      const other = Number(f.swap.value);
      if (!other) return;
      const res = await act(() => post(tour('/seating'), { action: 'swap', a: moveEntry, b: other }));
      if (res) toast(t('move.swapped', { a: name, b: nameOf(other) }), 'ok');
      return;
    }
    const [table, seat] = String(f.to.value).split(':').map(Number);
    if (!table) return;
    const res = await act(() => post(tour('/seating'), { action: 'move', entry: moveEntry, to: { table, seat } }));
    if (res) {
      const slip = lastSlip(moveEntry);
      toast(t('move.moved', { name, slip: slip || t('seat.where', { table, seat }) }), 'ok');
    }
  });

  function lastSlip(entry) {
    const a = ((S.seating && S.seating.announced) || []).filter((x) => x.entry === entry);
    return a.length ? a[a.length - 1].slip : null;
  }

  // ---- tables ------------------------------------------------------------------------------

  function renderTables() {
    const box = $('tables');
    box.textContent = '';
    const tables = (S.seating && S.seating.tables) || [];
    $('draw-seats').hidden = !(S.seating && S.seating.unseated && S.seating.unseated.length && tables.length);
    if (!tables.length) { box.append(el('p', 'empty', t('tables.none'))); return; }
    const waiting = new Set((S.seating.hand_for_hand && S.seating.hand_for_hand.waiting_for) || []);
    for (const tl of tables) {
      const card = el('article', 'table-card');
      card.dataset.table = tl.table.id;
      const head = el('header', 'table-head');
      head.append(el('h3', '', `${t('seat.table')} ${tl.table.id}` + (tl.table.name ? ` · ${tl.table.name}` : '')),
        el('span', 'dim', t('tables.players', { n: tl.players })));
      if (waiting.has(tl.table.id)) head.append(button(t('hfh.done'), 'primary', () => handDone(tl.table.id)));
      card.append(head);
      const ol = el('ol', 'seats');
      for (const s of tl.seats) {
        const li = el('li', 'seat' + (s.entry == null ? ' free' : '') + (s.reserved ? ' reserved' : ''));
        li.append(el('span', 'seat-no tabular', String(s.seat)));
        if (s.entry != null) {
          const b = button(nameOf(s.entry), 'seat-player', () => openMove(s.entry));
          li.append(b);
          if (tl.button === s.seat) li.append(el('span', 'dealer', 'D'));
        } else {
          li.append(el('span', 'dim', s.reserved ? t('tables.reserved') : t('tables.empty_seat')));
        }
        ol.append(li);
      }
      card.append(ol);
      box.append(card);
    }
  }

  $('give-tables').addEventListener('click', async () => {
    const players = S.entries.filter(isActive).length || 10;
    const res = await act(() => post(tour('/tables'), { for_players: players }));
    if (res) toast(t('done.tables', { tables: (res.tables || []).map((x) => (x.id != null ? x.id : x)).join(', ') }), 'ok');
  });
  $('draw-seats').addEventListener('click', async () => {
    const res = await act(() => post(tour('/seating'), { action: 'draw_seats' }));
    if (res) toast(t('done.drawn'), 'ok');
  });

  async function handDone(table) {
    const res = await act(() => post(tour('/seating'), { action: 'hand_done', table }));
    if (res) toast(t('hfh.reported', { table }), 'ok');
  }

  // ---- moves: balancing and hand for hand -----------------------------------------------------

  function renderMoves() {
    const list = $('plan');
    list.textContent = '';
    const plan = S.seating && S.seating.plan;
    const moves = (plan && plan.moves) || [];
    const badge = $('moves-badge');
    badge.hidden = moves.length === 0;
    F.setText(badge, String(moves.length));
    if (plan && plan.step) list.append(el('li', 'plan-step', stepText(plan.step)));
    if (!moves.length) list.append(el('li', 'empty', t('moves.none')));
    for (const m of moves) list.append(moveRow(m));
    for (const s of (plan && plan.short_tables) || []) list.append(el('li', 'warn', t('moves.short', { table: s.table, n: s.short_by })));

    const h = S.seating && S.seating.hand_for_hand;
    const hfh = $('hfh-tables');
    hfh.textContent = '';
    F.setText($('hfh-status'), h ? t('hfh.hand', { n: h.hand, tables: h.waiting_for.join(', ') || '—' }) : '');
    if (h) for (const table of h.waiting_for) hfh.append(button(`${t('hfh.done')} · ${t('seat.table')} ${table}`, 'primary big', () => handDone(table)));
    const toggle = $('hfh-toggle');
    toggle.textContent = t(h ? 'hfh.stop' : 'hfh.start');
    toggle.dataset.on = h ? '1' : '';

    const ann = $('announced');
    ann.textContent = '';
    for (const a of [...((S.seating && S.seating.announced) || [])].reverse().slice(0, 20)) {
      const li = el('li', 'slip');
      li.append(el('span', '', a.slip), button(t('moves.print'), '', () => printSlip(a)));
      ann.append(li);
    }
  }

  // A plan step: {"break": 5} or {"final_table": {"host": 3}}.
  function stepText(step) {
    if (step.break != null) return t('moves.break', { table: step.break });
    if (step.final_table) return t('moves.final');
    return JSON.stringify(step);
  }

  function moveRow(m) {
    const li = el('li', 'plan-move');
    const to = m.to || {};
    const who = m.player != null ? m.player : null;
    const text = who != null
      ? t('moves.from_to_who', { name: nameOf(who), from: m.from, to: to.table, seat: to.seat })
      : t('moves.from_to', { from: m.from, to: to.table, seat: to.seat });
    li.append(el('span', 'plan-text', text));
    let pick = null;
    if (who == null) {
      pick = el('select', 'plan-pick');
      pick.setAttribute('aria-label', t('moves.pick_player'));
      const at = ((S.seating.tables || []).find((x) => x.table.id === m.from) || { seats: [] }).seats.filter((s) => s.entry != null);
      fillSelect(pick, [['', t('moves.pick_player')], ...at.map((s) => [String(s.entry), `${s.seat}: ${nameOf(s.entry)}`])]);
      li.append(pick);
    }
    const b = button(t('moves.confirm'), 'primary big', async () => {
      const body = { action: 'confirm_move', from: m.from };
      if (pick) { if (!pick.value) { pick.focus(); toast(t('moves.pick_player'), 'error'); return; } body.entry = Number(pick.value); }
      const res = await act(() => post(tour('/seating'), body));
      if (res) {
        const a = (S.seating.announced || [])[S.seating.announced.length - 1];
        toast(t('moves.done', { slip: a ? a.slip : text }), 'ok');
      }
    });
    b.dataset.act = 'confirm-move';
    li.append(b);
    return li;
  }

  $('hfh-toggle').addEventListener('click', async (ev) => {
    const on = !!ev.target.dataset.on;
    const res = await act(() => post(tour('/seating'), { action: on ? 'stop_hand_for_hand' : 'start_hand_for_hand' }));
    if (res) toast(t(on ? 'hfh.stop' : 'hfh.start'), 'ok');
  });

  // ---- the log and undo ---------------------------------------------------------------------

  // What one audit line was, in words.
  function describe(line) {
    const ev = line.event || {};
    const what = line.what || ev.type || '';
    const kind = what.startsWith('entry:') ? what.slice(6) : what;
    const ids = entriesIn(ev);
    const name = ids.map(nameOf).join(', ');
    const map = { registered: 'what.registered', busted: 'what.busted', rebuy_bought: 'what.rebuy',
      add_on_bought: 'what.add_on', revived: 'what.revived' };
    if (map[kind] && name) return t(map[kind], { name });
    if (what === 'seating' && ev.change) {
      const c = ev.change;
      const k = c.type || c.kind || Object.keys(c)[0];
      if ((k === 'moved' || k === 'swapped') && name) return t(k === 'moved' ? 'what.moved' : 'what.swapped', { name });
      return `seating: ${k}`;
    }
    if (what.startsWith('clock') || ['level_changed', 'time_set', 'time_adjusted'].includes(what)) return t('what.clock', { what: what.replace(/_/g, ' ') });
    return (what.replace(/[:_]/g, ' ') + (name ? ` (${name})` : '')).trim();
  }

  // The entry numbers an event names (for the description).
  function entriesIn(ev) {
    const out = [];
    const c = ev.change || ev;
    const walk = (v, key) => {
      if (out.length > 3 || v == null) return;
      if (typeof v === 'number' && ['entry', 'a', 'b', 'player'].includes(key)) { if (!out.includes(v)) out.push(v); return; }
      if (Array.isArray(v)) {
        if (key === 'busted') { for (const b of v) { const id = Array.isArray(b) ? b[0] : b && b.entry; if (typeof id === 'number' && !out.includes(id)) out.push(id); } return; }
        return;
      }
      if (typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
    };
    walk(c, '');
    return out;
  }

  // The last action still standing (staff.js says how it is found).
  const lastAction = () => U.lastAction(S.audit);

  function whenText(ms) { return new Date(ms).toLocaleTimeString(I.lang(), { hour: '2-digit', minute: '2-digit' }); }

  function renderLog() {
    const last = lastAction();
    F.setText($('last-action'), last ? `${describe(last)} · ${t('log.by', { by: last.by, at: whenText(last.at) })}` : t('log.nothing'));
    $('undo-btn').disabled = !last;
    const list = $('audit');
    list.textContent = '';
    const lines = S.audit.slice(1).reverse().slice(0, 60);
    for (const l of lines) {
      const li = el('li', 'audit-line' + (l.undone_by != null ? ' undone' : ''));
      li.append(el('span', 'audit-seq tabular', `#${l.seq}`),
        el('span', 'audit-what', describe(l)),
        el('span', 'audit-by dim', t('log.by', { by: l.by, at: whenText(l.at) })));
      if (l.undone_by != null) li.append(el('span', 'tag', t('log.was_undone')));
      else li.append(button(t('log.undo'), 'danger-outline', () => undo(l)));
      list.append(li);
    }
  }

  async function undo(line) {
    if (!line) { toast(t('log.nothing'), 'error'); return; }
    const what = describe(line);
    if (!await confirmDialog(t('log.undo_confirm', { what }))) return;
    const res = await act(() => post(tour('/undo'), { seq: line.seq }));
    if (res) toast(t('log.undone', { what }), 'ok');
  }
  $('undo-btn').addEventListener('click', () => undo(lastAction()));

  // ---- clock --------------------------------------------------------------------------------

  async function clock(action) {
    const body = action === 'plus' ? { action: 'adjust_time', delta_secs: 60 }
      : action === 'minus' ? { action: 'adjust_time', delta_secs: -60 } : { action };
    const res = await act(() => post(tour('/clock'), body));
    if (res) {
      if (res.state) sock.offer(S.id, res.seq, res.state);
      const b = document.querySelector(`[data-clock="${action}"]`);
      toast(t('done.clock', { what: b ? b.textContent : action }), 'ok');
      renderClock();
    }
  }
  $('clock-buttons').addEventListener('click', (ev) => {
    const b = ev.target.closest('[data-clock]');
    if (b) clock(b.dataset.clock);
  });

  // ---- call the clock (TDA Rule 29) ---------------------------------------------------------

  let callTimer = null;
  function callClock() {
    const s = settings();
    const ends = Date.now() + (s.call_secs + s.call_countdown) * 1000;
    const countdownFrom = s.call_countdown * 1000;
    clearInterval(callTimer);
    const tick = () => {
      const left = ends - Date.now();
      const dlg = $('call-dialog');
      if (left <= 0) {
        F.setText($('call-phase'), t('call.time'));
        F.setText($('call-secs'), '0');
        dlg.dataset.phase = 'time';
        clearInterval(callTimer);
        return;
      }
      const inCountdown = left <= countdownFrom;
      dlg.dataset.phase = inCountdown ? 'countdown' : 'act';
      F.setText($('call-phase'), t(inCountdown ? 'call.countdown' : 'call.act'));
      F.setText($('call-secs'), String(Math.ceil((inCountdown ? left : left - countdownFrom) / 1000)));
    };
    tick();
    callTimer = setInterval(tick, 100);
    openDialog('call-dialog');
  }
  $('call-btn').addEventListener('click', callClock);
  $('call-restart').addEventListener('click', callClock);
  $('call-dialog').addEventListener('close', () => clearInterval(callTimer));

  // ---- printing: seat tickets, move slips, payout receipts -------------------------------------------------

  function printOut(title, lines, big) {
    const area = $('print-area');
    area.textContent = '';
    area.className = 'print-area ' + (settings().paper === 'a4' ? 'a4' : 'receipt');
    const name = (S.state && S.state.name) || '';
    area.append(el('p', 'p-tournament', name), el('h1', 'p-title', title));
    if (big) area.append(el('p', 'p-big', big));
    for (const l of lines) area.append(el('p', 'p-line', l));
    area.append(el('p', 'p-time', new Date().toLocaleString(I.lang())));
    window.print();
  }

  function printTicket(entry) {
    const seat = S.seatOf.get(entry);
    printOut(t('ticket.title'), [nameOf(entry), `#${entry}`], seat ? t('seat.where', seat) : t('entry.unseated'));
  }
  function printReceipt(entry) {
    const by = S.me ? S.me.name : '';
    printOut(t('pay.title'), [...payoutLines(entry), t('pay.paid_by', { name: by }), t('pay.signature')], money(winnings(entry)));
  }
  function printSlip(a) {
    printOut(t('slip.title'), [a.slip], a.to ? t('seat.where', { table: a.to.table, seat: a.to.seat }) : '');
  }

  // ---- dialogs ------------------------------------------------------------------------------

  // One mechanism for every staff page (staff.js): [data-close] buttons, the confirmation.
  const { openDialog, confirmDialog } = U;
  U.setupDialogs();

  // ---- settings and help ---------------------------------------------------------------------

  $('settings-btn').addEventListener('click', () => {
    const f = $('settings-form').elements;
    fillSelect(f.lang, [['', t('settings.lang_auto')], ...I.languages().map((l) => [l, I.STRINGS[l]['lang.name']])]);
    f.lang.value = I.langSetting();
    f.theme.value = I.themeSetting();
    const s = settings();
    f.call_secs.value = s.call_secs;
    f.call_countdown.value = s.call_countdown;
    f.paper.value = s.paper;
    openDialog('settings-dialog');
  });
  $('settings-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const f = ev.target.elements;
    const clamp = (v, lo, hi, d) => { const n = Math.round(Number(v)); return Number.isFinite(n) ? Math.min(Math.max(n, lo), hi) : d; };
    saveSettings({ call_secs: clamp(f.call_secs.value, 5, 300, 25), call_countdown: clamp(f.call_countdown.value, 0, 60, 5),
      paper: f.paper.value === 'a4' ? 'a4' : 'receipt' });
    I.setTheme(f.theme.value);
    I.setLang(f.lang.value);
    $('settings-dialog').close();
    document.title = t('floor.page_title');
    showConnection(sock.status);
    renderAll();
  });
  $('help-btn').addEventListener('click', () => openDialog('help-dialog'));

  // ---- tabs and keyboard ---------------------------------------------------------------------

  const showTab = U.setupTabs(document.querySelector('.tabs'), ['players', 'tables', 'moves', 'log']);

  U.shortcuts({
    active: () => S.me && S.id,
    undo: () => undo(lastAction()),
    keys: {
      ' ': () => { const status = clockStatus(); if (status === 'running') clock('pause'); else if (status === 'paused') clock('resume'); else if (status === 'scheduled') clock('start'); },
      n: () => clock('next_level'), p: () => clock('previous_level'),
      '+': () => clock('plus'), '=': () => clock('plus'), '-': () => clock('minus'),
      u: () => undo(lastAction()),
      '/': () => { showTab('players'); $('search').focus(); },
      c: callClock,
      '?': () => openDialog('help-dialog'),
      1: () => showTab('players'), 2: () => showTab('tables'), 3: () => showTab('moves'), 4: () => showTab('log'),
    },
  });

  // ---- start -------------------------------------------------------------------------------

  I.translate();
  document.title = t('floor.page_title');
  showConnection('reconnecting');
  $('offline').hidden = true;
  sock.subscribeVenue();
  sock.start();
  U.setupLogin({ onLogin: loggedIn, onLogout: () => { S.me = null; } });
  setInterval(renderClock, 250);
  // Exposed for tests and the console.
  window.FeltFloor = { state: S, refresh };
})();
