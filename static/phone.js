// phone.js: a player's phone page (/phone/{id}): the clock (counted down locally from the
// anchor, kept current by the websocket), payouts, seat search by name and results, read
// only; the lists are fetched again every 30 s. It shows no personal data: the public API
// has none.
(function () {
  'use strict';
  const F = window.Felt;
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
  const money = (minor) => (Number(minor) / 100).toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 2 });
  const item = (text) => { const li = document.createElement('li'); li.textContent = text; return li; };

  const sock = new F.FeltSocket({
    onUpdate: (tid, s) => { if (tid === id) { state = s; render(); } },
    onStatus: (st) => { F.setText($('connection'), st === 'live' ? 'live' : 'reconnecting'); document.body.classList.toggle('is-offline', st !== 'live'); },
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
      (p.amounts || []).forEach((a) => list.append(item(money(a))));
    }).catch(() => {});
    api('/seating').then((s) => { seating = s; renderSeats(); }).catch(() => {});
    api('/results').then((rows) => {
      const list = $('results'); list.textContent = '';
      (rows || []).forEach((r) => {
        const place = r.places && r.places.best !== r.places.worst ? `${r.places.best}-${r.places.worst}` : (r.places ? r.places.best : '');
        list.append(item(`${place}. ${r.name}${r.prize ? ' · ' + money(r.prize) : ''}`));
      });
    }).catch(() => {});
  }

  function renderSeats() {
    const list = $('seats'); list.textContent = '';
    const q = $('search').value.trim().toLowerCase();
    if (!seating || q.length < 2) return;
    for (const t of seating.tables || []) {
      for (const s of t.seats || []) {
        if (s.name && s.name.toLowerCase().includes(q)) {
          list.append(item(`${s.name}: table ${t.table.name || t.table.id}, seat ${s.seat}`));
        }
      }
    }
    if (!list.children.length) list.append(item('No seated player by that name.'));
  }

  function render() {
    if (!state) return;
    document.body.classList.remove('is-loading');
    const now = sock.now();
    const levels = (state.structure && state.structure.levels) || [];
    const pos = F.clockAt(state, now);
    F.setText($('name'), state.name || '');
    document.title = `${state.name} · Felt`;
    F.setText($('level'), F.levelName(levels, pos.level));
    F.setText($('time-left'), state.status === 'finished' ? 'Finished' : F.formatClock(pos));
    F.setText($('status'), F.displayStatus(state, now));
    F.setText($('blinds'), F.blindsText(levels[pos.level]));
    const fig = state.figures;
    F.setText($('figures'), fig ? `${fig.players_left} / ${fig.entries} players · average ${F.formatChips(fig.average_stack)}` : '');
  }
})();
