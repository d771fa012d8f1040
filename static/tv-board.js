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

  // Minor units in the tournament's currency ({code, decimals}): "1,250 EUR", "12.50 EUR".
  const money = (minor, currency) => {
    const digits = currency && currency.decimals != null ? currency.decimals : 2;
    const unit = 10 ** digits;
    const v = (minor / unit).toLocaleString('en-US', { minimumFractionDigits: minor % unit ? digits : 0, maximumFractionDigits: digits });
    const code = currency && (currency.code || (typeof currency === 'string' ? currency : ''));
    return code ? `${v} ${code}` : v;
  };
  const place = (n) => `${n}${n % 100 >= 11 && n % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] || 'th'}`;

  // GET .../payouts: one row per place, equal amounts over a range folded into one row.
  function payoutRows(p) {
    const amounts = (p && p.amounts) || [];
    const currency = p && p.settings && p.settings.currency;
    const rows = [];
    for (let i = 0; i < amounts.length;) {
      let j = i;
      while (j + 1 < amounts.length && amounts[j + 1] === amounts[i]) j++;
      rows.push({ main: i === j ? place(i + 1) : `${place(i + 1)} – ${place(j + 1)}`, side: money(amounts[i], currency) });
      i = j + 1;
    }
    return rows;
  }

  // GET .../seating: everyone seated, by name, with "T4 · S2" (table 4, seat 2).
  function seatRows(s) {
    const rows = [];
    for (const t of (s && s.tables) || []) {
      for (const seat of t.seats || []) {
        if (!seat.name) continue;
        const table = t.table && typeof t.table === 'object' ? t.table.id : t.table;
        rows.push({ main: seat.name, side: `T${table} · S${seat.seat}` });
      }
    }
    rows.sort((a, b) => a.main.localeCompare(b.main, undefined, { sensitivity: 'base' }));
    return rows;
  }

  // The latest moves, breaks and redraws, newest first.
  function moveRows(s) {
    return ((s && s.announced) || []).slice().reverse().map((m) => ({ main: m.slip }));
  }
  // Hand-for-hand, when on: "Hand for hand · hand 3 · waiting for tables 4, 9".
  function handForHand(s) {
    const h = s && s.hand_for_hand;
    if (!h) return '';
    const w = h.waiting_for || [];
    return `Hand for hand · hand ${h.hand}${w.length ? ` · waiting for table${w.length > 1 ? 's' : ''} ${w.join(', ')}` : ''}`;
  }

  // GET .../results: places in order (a tie shows its range), with the prize.
  function resultRows(list, currency) {
    return (Array.isArray(list) ? list : []).map((x) => {
      const p = x.places || {};
      const where = p.best === p.worst ? place(p.best) : `${place(p.best)} – ${place(p.worst)}`;
      return { main: `${where}  ${x.name || ''}`, side: x.prize ? money(x.prize, currency) : '', best: p.best, name: x.name || '', prize: x.prize || 0 };
    }).sort((a, b) => a.best - b.best);
  }

  root.FeltBoard = { Board, payoutRows, seatRows, moveRows, handForHand, resultRows, money, place };
})(window);
