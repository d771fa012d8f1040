// tv-board.js: the TV's lists (payouts, find your seat, moves, winner, overview): rows in
// columns, paged automatically every few seconds so the screen never scrolls.
(function (root) {
  'use strict';
  const PAGE_MS = 8000;

  // One board: a title, a lead line, a body of rows and a page counter.
  class Board {
    constructor(el) {
      this.el = el;
      this.title = el.querySelector('.board-title');
      this.lead = el.querySelector('.board-lead');
      this.body = el.querySelector('.board-body');
      this.pageEl = el.querySelector('.board-page');
      this.key = null; this.rows = []; this.cols = 1; this.page = 0; this.pages = 1; this.perPage = 0;
      this.timer = setInterval(() => this._turn(), PAGE_MS);
      addEventListener('resize', () => { this.key = null; this._draw(); });
    }

    // Shows `rows` ([{main, side, cls}]) in `cols` columns; redraws only when something changed.
    show(kind, title, lead, rows, cols) {
      // The lead (often a ticking clock line) is set alone: it does not move the rows.
      const key = JSON.stringify([kind, title, !lead, rows, cols, innerWidth, innerHeight]);
      this.el.dataset.kind = kind;
      if (this.lead.textContent !== (lead || '')) this.lead.textContent = lead || '';
      if (key === this.key) return;
      const same = this.key && JSON.parse(this.key)[0] === kind;
      this.key = key;
      this.title.textContent = title;
      this.lead.textContent = lead || '';
      this.lead.hidden = !lead;
      this.rows = rows; this.cols = cols;
      if (!same) this.page = 0;
      this._draw();
    }

    _turn() { if (this.pages > 1) { this.page = (this.page + 1) % this.pages; this._draw(); } }

    _row(r) {
      const d = document.createElement('div');
      d.className = 'board-row' + (r.cls ? ' ' + r.cls : '');
      const a = document.createElement('span'); a.className = 'main'; a.textContent = r.main;
      d.append(a);
      if (r.side != null) { const b = document.createElement('span'); b.className = 'side'; b.textContent = r.side; d.append(b); }
      return d;
    }

    // How many rows fit: measured with one real row in the body as it is laid out now.
    _fit() {
      this.body.style.setProperty('--cols', this.cols);
      this.body.textContent = '';
      if (this.rows.length === 0) return 1;
      const probe = this._row(this.rows[0]);
      this.body.append(probe);
      const h = probe.getBoundingClientRect().height;
      const gap = parseFloat(getComputedStyle(this.body).rowGap) || 0;
      const room = this.body.clientHeight;
      probe.remove();
      return Math.max(1, Math.floor((room + gap) / (h + gap)));
    }

    _draw() {
      if (this.el.hidden) return;
      const perCol = this._fit();
      this.perPage = perCol * this.cols;
      this.pages = Math.max(1, Math.ceil(this.rows.length / this.perPage));
      if (this.page >= this.pages) this.page = 0;
      this.body.style.setProperty('--rows', perCol);
      const start = this.page * this.perPage;
      for (const r of this.rows.slice(start, start + this.perPage)) this.body.append(this._row(r));
      // A long name is made smaller to fit its row (to half size; past that it is cut with an ellipsis).
      for (const m of this.body.querySelectorAll('.board-row .main')) {
        if (m.scrollWidth > m.clientWidth + 1 && getComputedStyle(m).whiteSpace === 'nowrap')
          m.style.fontSize = `${Math.max(0.5, Math.floor((m.clientWidth / m.scrollWidth) * 100) / 100)}em`;
      }
      if (this.rows.length === 0) {
        const e = document.createElement('div'); e.className = 'board-empty'; e.textContent = this.empty || '';
        this.body.append(e);
      }
      this.pageEl.textContent = this.pages > 1 ? `${this.page + 1} / ${this.pages}` : '';
    }
  }

  // ---- what each layout lists --------------------------------------------------------
  // (In the page's language: the words come from clock-words.js.)

  const W = root.FeltWords;
  const t = W.t;
  const money = W.money;
  const place = W.place;
  const tableOf = (x) => (x && typeof x === 'object' ? x.id : x);

  // GET .../payouts (or the figures' payouts): one row per place, equal amounts over a range
  // folded into one row.
  function payoutRows(p, currencyOf) {
    const amounts = (p && p.amounts) || [];
    const currency = currencyOf || (p && p.settings && p.settings.currency);
    const rows = [];
    for (let i = 0; i < amounts.length;) {
      let j = i;
      while (j + 1 < amounts.length && amounts[j + 1] === amounts[i]) j++;
      rows.push({ main: W.places(i + 1, j + 1), side: money(amounts[i], currency) });
      i = j + 1;
    }
    return rows;
  }

  // The first `n` places, one each: [{place: "1st", amount: "5,000"}].
  function topPayouts(amounts, currency, n) {
    return (amounts || []).slice(0, n).map((a, i) => ({ place: place(i + 1), amount: money(a, currency) }));
  }

  // GET .../seating: everyone seated, by name, with "T4 · S2" (table 4, seat 2).
  function seatRows(s) {
    const rows = [];
    for (const tb of (s && s.tables) || []) {
      for (const seat of tb.seats || []) {
        if (!seat.name) continue;
        rows.push({ main: seat.name, side: t('tv.table_seat', { table: tableOf(tb.table), seat: seat.seat }) });
      }
    }
    rows.sort((a, b) => a.main.localeCompare(b.main, undefined, { sensitivity: 'base' }));
    return rows;
  }

  // One move, break or redraw in words: "Ann Lee (#12): table 4 seat 2 → table 9 seat 3 (balancing)".
  function moveText(m) {
    const who = m.name ? (m.entry != null ? `${m.name} (#${m.entry})` : m.name) : (m.entry != null ? `#${m.entry}` : t('tv.move_player'));
    const to = m.to || {};
    const from = m.from_seat != null ? t('tv.table_seat_long', { table: tableOf(m.from), seat: m.from_seat }) : t('tv.table_long', { table: tableOf(m.from) });
    const why = t('tv.reason_' + (m.reason || 'balance'));
    return t('tv.move', { who, from, to: t('tv.table_seat_long', { table: tableOf(to.table), seat: to.seat }), why });
  }
  // The latest moves, breaks and redraws, newest first.
  function moveRows(s) {
    return ((s && s.announced) || []).slice().reverse().map((m) => ({ main: m.to ? moveText(m) : m.slip }));
  }
  // Hand-for-hand, when on: "Hand for hand · hand 3 · waiting for tables 4, 9".
  function handForHand(s) {
    const h = s && s.hand_for_hand;
    if (!h) return '';
    const w = h.waiting_for || [];
    const head = t('tv.hfh_lead', { hand: h.hand });
    return w.length ? `${head} · ${t('tv.hfh_waiting_for', { tables: w.join(', ') })}` : head;
  }
  // Hand-for-hand, table by table: the ones still playing the hand first.
  function handForHandRows(s) {
    const h = s && s.hand_for_hand;
    if (!h) return [];
    const waiting = new Set((h.waiting_for || []).map(String));
    const rows = ((s && s.tables) || []).filter((tb) => tb.players > 0).map((tb) => {
      const id = tableOf(tb.table);
      const playing = waiting.has(String(id));
      return { main: t('tv.table_title', { table: id }), side: t(playing ? 'tv.hfh_playing' : 'tv.hfh_done'), cls: playing ? 'is-waiting' : 'is-done', id: Number(id) };
    });
    rows.sort((a, b) => (a.cls === b.cls ? a.id - b.id : a.cls === 'is-waiting' ? -1 : 1));
    return rows.map(({ main, side, cls }) => ({ main, side, cls }));
  }

  // The final table: one table left in play, after a multi-table field came down to it (or
  // its redraw was announced). Its players by seat.
  function finalTable(s, figures) {
    const inPlay = ((s && s.tables) || []).filter((tb) => tb.players > 0);
    if (inPlay.length !== 1) return null;
    const tb = inPlay[0];
    const seats = (tb.table && tb.table.seats) || (tb.seats || []).length;
    const redrawn = ((s && s.announced) || []).some((m) => m.reason === 'final_table');
    if (!redrawn && !(figures && figures.entries > seats)) return null;
    return tb;
  }
  function finalRows(tb) {
    return ((tb && tb.seats) || []).filter((x) => x.name)
      .sort((a, b) => a.seat - b.seat)
      .map((x) => ({ main: x.name, side: t('tv.seat_n', { n: x.seat }), cls: tb.button === x.seat ? 'is-button' : '' }));
  }

  // GET .../results: places in order (a tie shows its range), with the prize.
  function resultRows(list, currency) {
    return (Array.isArray(list) ? list : []).map((x) => {
      const p = x.places || {};
      return { main: `${W.places(p.best, p.worst)}  ${x.name || ''}`, side: x.prize ? money(x.prize, currency) : '', best: p.best, name: x.name || '', prize: x.prize || 0 };
    }).sort((a, b) => a.best - b.best);
  }

  root.FeltBoard = {
    Board, payoutRows, topPayouts, seatRows, moveRows, moveText, handForHand, handForHandRows,
    finalTable, finalRows, resultRows, money, place,
  };
})(window);
