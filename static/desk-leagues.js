// desk-leagues.js: the Leagues tab of the desk: create a league (points formula, best
// results counted), add its seasons, count a tournament in it or stop counting it, and read
// a season's standings with their CSV export, over /api/v1/leagues. The API takes no season
// when counting: a tournament scores in the season its finish falls in, so the season is
// chosen for the standings and each tournament says where it stands in it. Refusals are
// the server's words.
(function () {
  'use strict';
  const I = window.FeltI18n;
  const t = I.t;
  const U = window.FeltStaff;
  const D = window.FeltDesk;
  const { $, el, button, fillSelect, get, post, request } = U;
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
  $('lg-pick').addEventListener('change', () => { msg('', ''); seasons(); });
  $('lg-season-pick').addEventListener('change', () => { msg('', ''); standings(); });

  async function load(selectId) {
    try {
      const leagues = await get('/api/v1/leagues');
      const keep = selectId || $('lg-pick').value;
      fillSelect($('lg-pick'), leagues.map((l) => [l.id, l.name]));
      if (keep && leagues.some((l) => l.id === keep)) $('lg-pick').value = keep;
      await seasons();
    } catch (e) { msg(e.message, 'error'); }
  }

  // The league's seasons to choose from (the one picked stays picked), then its standings.
  async function seasons() {
    const id = $('lg-pick').value;
    const pick = $('lg-season-pick');
    const keep = pick.value;
    let list = [];
    if (id) {
      try { list = (await get(`/api/v1/leagues/${enc(id)}`)).seasons || []; } catch (e) { msg(e.message, 'error'); }
    }
    fillSelect(pick, [['', t('lg.season_now')], ...list.map((x) => [x.name, x.name])]);
    if (list.some((x) => x.name === keep)) pick.value = keep;
    return standings();
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
      f.name.value = '';
      await seasons();
      $('lg-season-pick').value = body.name;
      standings();
    } catch (e) { msg(e.message, 'error'); }
  });

  $('lg-count').addEventListener('click', async () => {
    const id = $('lg-pick').value;
    const tour = $('lg-tournament').value;
    if (!id || !tour) return;
    try {
      await post(`/api/v1/leagues/${enc(id)}/tournaments`, { tournament: tour });
      const name = $('lg-tournament').selectedOptions[0].textContent;
      const s = await standings();
      const line = s && (s.tournaments || []).find((x) => x.id === tour);
      msg(t('lg.counted', { name }) + (line ? ' ' + where(line, s) : ''), 'ok');
    } catch (e) { msg(e.message, 'error'); }
  });

  // A best finish: 3, or 3–4 for places shared by a deal.
  const place = (p) => (p == null ? '—' : typeof p !== 'object' ? String(p) : p.best === p.worst ? String(p.best) : `${p.best}–${p.worst}`);

  // Where a counted tournament stands in the season shown.
  function where(line, s) {
    const season = s.season || t('lg.all');
    if (!line.finished) return s.season ? t('lg.t_pending_season', { season, start: day(s.start), end: day(s.end) }) : t('lg.t_pending');
    return t(line.counted ? 'lg.t_counted' : 'lg.t_outside', { season, at: day(line.finished_at) });
  }
  const day = (ms) => (ms == null ? '—' : new Date(ms).toLocaleDateString(I.lang()));

  function renderTournaments(id, s) {
    const list = $('lg-tournaments');
    list.textContent = '';
    if (!s || !(s.tournaments || []).length) { list.append(el('li', 'empty', t('lg.no_tournaments'))); return; }
    for (const line of s.tournaments) {
      const li = el('li', 'audit-line');
      li.dataset.tournament = line.id;
      li.append(el('span', 'audit-what', line.name), el('span', 'dim', where(line, s)));
      const b = button(t('lg.remove'), 'danger-outline', async () => {
        try {
          await request('DELETE', `/api/v1/leagues/${enc(id)}/tournaments/${enc(line.id)}`);
          msg(t('lg.removed', { name: line.name }), 'ok');
          standings();
        } catch (e) { msg(e.message, 'error'); }
      });
      b.dataset.act = 'remove';
      b.setAttribute('aria-label', t('lg.remove_of', { name: line.name }));
      li.append(b);
      list.append(li);
    }
  }

  // The standings of the season picked (none picked: the season running now, or every
  // tournament when none runs); what the server answered, for the callers.
  async function standings() {
    const id = $('lg-pick').value;
    const season = $('lg-season-pick').value;
    const table = $('lg-table');
    table.textContent = '';
    if (!id) { $('lg-csv').removeAttribute('href'); renderTournaments(id, null); return null; }
    const query = season ? `?season=${enc(season)}` : '';
    $('lg-csv').href = `/api/v1/leagues/${enc(id)}/standings.csv${query}`;
    try {
      const s = await get(`/api/v1/leagues/${enc(id)}/standings${query}`);
      table.textContent = '';
      renderTournaments(id, s);
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
          el('td', '', String(r.events)), el('td', '', String(r.wins)), el('td', '', place(r.best)));
        tbody.append(tr);
      }
      table.append(tbody);
      return s;
    } catch (e) { msg(e.message, 'error'); return null; }
  }
})();
