// phone.js: a player's phone page (/phone/{id}): the clock (counted down locally from the
// anchor, kept current by the websocket), payouts, seat search by name and results, read
// only; the lists are fetched again every 30 s. It shows no personal data: the public API
// has none. In the phone's language, or the one ?lang= asks for.
(function () {
  'use strict';
  const F = window.Felt;
  const I = window.FeltI18n;
  const W = window.FeltWords;
  const t = I.t;
  const langParam = new URLSearchParams(location.search).get('lang');
  if (langParam) { const kept = I.storage('felt.lang'); I.setLang(langParam); I.storage('felt.lang', kept); } else I.translate();
  const $ = (id) => document.getElementById(id);
  const match = location.pathname.match(/^\/phone\/([^/]+)\/?$/);
  const id = match ? decodeURIComponent(match[1]) : '';
  let state = null;
  let seating = null;
  const api = (path) => fetch(`/api/v1/tournaments/${encodeURIComponent(id)}${path}`, { headers: { accept: 'application/json' } })
    .then((res) => {
      if (res.status === 401 || res.status === 403) { $('closed').hidden = false; throw new Error('closed'); }
      return res.ok ? res.json() : null;
    });
  let currency = null;
  const money = (minor) => W.money(minor, currency);
  const item = (text) => { const li = document.createElement('li'); li.textContent = text; return li; };

  const sock = new F.FeltSocket({
    onUpdate: (tid, s) => { if (tid === id) { state = s; render(); } },
    onStatus: (st) => { F.setText($('connection'), t(st === 'live' ? 'conn.live' : 'conn.reconnecting')); document.body.classList.toggle('is-offline', st !== 'live'); },
  });
  sock.subscribe(id);
  sock.start();
  api('').then((b) => { if (b && b.state) sock.offer(id, b.seq, b.state, b.server_time); }).catch(() => {});
  refresh();
  setInterval(refresh, 30000);
  setInterval(render, 500);
  $('search').addEventListener('input', renderSeats);

  function refresh() {
    api('/payouts').then((p) => {
      if (!p) return;
      const list = $('payouts'); list.textContent = '';
      currency = (p.settings && p.settings.currency) || currency;
      (p.amounts || []).forEach((a, i) => list.append(item(`${W.place(i + 1)} · ${money(a)}`)));
    }).catch(() => {});
    api('/seating').then((s) => { seating = s; renderSeats(); }).catch(() => {});
    api('/results').then((rows) => {
      const list = $('results'); list.textContent = '';
      (rows || []).forEach((r) => {
        const place = r.places ? W.places(r.places.best, r.places.worst) : '';
        list.append(item(`${place} · ${r.name}${r.prize ? ' · ' + money(r.prize) : ''}`));
      });
    }).catch(() => {});
  }

  function renderSeats() {
    const list = $('seats'); list.textContent = '';
    const q = $('search').value.trim().toLowerCase();
    if (!seating || q.length < 2) return;
    for (const tb of seating.tables || []) {
      for (const s of tb.seats || []) {
        if (s.name && s.name.toLowerCase().includes(q)) {
          list.append(item(t('ph.seat_line', { name: s.name, table: tb.table.name || tb.table.id, seat: s.seat })));
        }
      }
    }
    if (!list.children.length) list.append(item(t('ph.no_match')));
  }

  function render() {
    if (!state) return;
    document.body.classList.remove('is-loading');
    const now = sock.now();
    const levels = (state.structure && state.structure.levels) || [];
    const pos = F.clockAt(state, now);
    F.setText($('name'), state.name || '');
    document.title = `${state.name} · Felt`;
    F.setText($('level'), W.levelName(levels, pos.level));
    F.setText($('time-left'), state.status === 'finished' ? t('clock.finished') : F.formatClock(pos));
    F.setText($('status'), W.statusName(F.displayStatus(state, now)));
    F.setText($('blinds'), W.blindsText(levels[pos.level]));
    const fig = state.figures;
    F.setText($('figures'), fig ? t('ph.figures', { left: fig.players_left, entries: fig.entries, average: F.formatChips(fig.average_stack) }) : '');
  }
})();
