// desk-leagues.js: the Leagues tab of the desk: create a league (points formula, best
// results counted), add its seasons, count a tournament in it, and read the standings with
// their CSV export, over /api/v1/leagues. Refusals are the server's words.
(function () {
  'use strict';
  const I = window.FeltI18n;
  const t = I.t;
  const U = window.FeltStaff;
  const D = window.FeltDesk;
  const { $, el, fillSelect, get, post } = U;
  const enc = encodeURIComponent;
  const FORMULAS = ['fixed', 'sqrt', 'outlasted', 'participation'];
  const msg = (text, kind) => D.message('lg-msg', text, kind);

  document.addEventListener('desk:login', () => {
    fillSelect($('lg-form').elements.formula, FORMULAS.map((f) => [f, t('lg.f_' + f)]));
  });
  document.addEventListener('desk:tab', (ev) => { if (ev.detail === 'leagues') load(); });
  document.addEventListener('desk:tournaments', (ev) => {
    fillSelect($('lg-tournament'), ev.detail.map((x) => [x.id, x.name]));
  });
  $('lg-pick').addEventListener('change', () => { msg('', ''); standings(); });

  async function load(selectId) {
    try {
      const leagues = await get('/api/v1/leagues');
      const keep = selectId || $('lg-pick').value;
      fillSelect($('lg-pick'), leagues.map((l) => [l.id, l.name]));
      if (keep && leagues.some((l) => l.id === keep)) $('lg-pick').value = keep;
      standings();
    } catch (e) { msg(e.message, 'error'); }
  }

  function formula(kind, text) {
    const nums = text.split(/[,;\s]+/).filter(Boolean).map((x) => Math.round(Number(x)));
    const first = nums[0] || 1;
    if (kind === 'fixed') return { fixed_per_place: nums };
    if (kind === 'sqrt') return { sqrt_entries_over_place: { factor: first } };
    if (kind === 'outlasted') return { players_outlasted: { per_player: first } };
    return { participation: { points: first } };
  }

  $('lg-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = ev.target.elements;
    const body = { name: f.name.value.trim(), formula: formula(f.formula.value, f.numbers.value) };
    if (f.best.value) body.best_results = Math.round(Number(f.best.value));
    try {
      const league = await post('/api/v1/leagues', body);
      msg(t('lg.created', { name: league.name }), 'ok');
      f.name.value = '';
      load(league.id);
    } catch (e) { msg(e.message, 'error'); }
  });

  $('lg-season').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const id = $('lg-pick').value;
    if (!id) return;
    const f = ev.target.elements;
    // Dates are the venue's local midnight.
    const at = (d) => new Date(`${d}T00:00`).getTime();
    const body = { name: f.name.value.trim(), start: at(f.start.value), end: at(f.end.value) };
    try {
      await post(`/api/v1/leagues/${enc(id)}/seasons`, body);
      msg(t('lg.season_added', { name: body.name }), 'ok');
      standings();
    } catch (e) { msg(e.message, 'error'); }
  });

  $('lg-count').addEventListener('click', async () => {
    const id = $('lg-pick').value;
    const tour = $('lg-tournament').value;
    if (!id || !tour) return;
    try {
      await post(`/api/v1/leagues/${enc(id)}/tournaments`, { tournament: tour });
      msg(t('lg.counted', { name: $('lg-tournament').selectedOptions[0].textContent }), 'ok');
      standings();
    } catch (e) { msg(e.message, 'error'); }
  });

  async function standings() {
    const id = $('lg-pick').value;
    const table = $('lg-table');
    table.textContent = '';
    if (!id) { $('lg-csv').removeAttribute('href'); return; }
    $('lg-csv').href = `/api/v1/leagues/${enc(id)}/standings.csv`;
    try {
      const s = await get(`/api/v1/leagues/${enc(id)}/standings`);
      const caption = el('caption', '', s.season ? t('lg.of', { league: s.name, season: s.season }) : s.name);
      table.append(caption);
      const head = el('tr');
      for (const k of ['lg.col_rank', 'lg.col_name', 'lg.col_points', 'lg.col_events', 'lg.col_wins', 'lg.col_best']) head.append(el('th', '', t(k)));
      const thead = el('thead'); thead.append(head); table.append(thead);
      const tbody = el('tbody');
      if (!(s.rows || []).length) {
        const tr = el('tr'); const td = el('td', 'empty', t('lg.none')); td.colSpan = 6; tr.append(td); tbody.append(tr);
      }
      for (const r of s.rows || []) {
        const tr = el('tr');
        tr.append(el('td', '', String(r.rank)), el('td', '', r.name), el('td', '', String(r.points)),
          el('td', '', String(r.events)), el('td', '', String(r.wins)), el('td', '', r.best == null ? '—' : String(r.best)));
        tbody.append(tr);
      }
      table.append(tbody);
    } catch (e) { msg(e.message, 'error'); }
  }
})();
