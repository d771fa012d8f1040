// desk.js: the director's desk: a new tournament from a built-in structure or a copy of an
// earlier one (buy-in, re-entries, rebuys, add-on, guarantee, payout plan, tables for the
// expected field), the payouts and the deal calculator side by side, staff and the room's
// tables (added, removed, taken back from a tournament). Everything goes through the documented API; staff.js holds what the pages share.
(function () {
  'use strict';
  const I = window.FeltI18n;
  const t = I.t;
  const U = window.FeltStaff;
  const { $, el, button, fillSelect, get, post, request, toast, formatMoney, toMinor } = U;
  const enc = encodeURIComponent;
  let tournaments = [];
  let stacks = new Map();   // built-in structure -> its suggested starting stack

  I.translate();
  document.title = t('desk.page_title');
  U.setupDialogs();
  fillSelect($('lang'), [['', t('settings.lang_auto')], ...I.languages().map((l) => [l, I.STRINGS[l]['lang.name']])]);
  $('lang').value = I.langSetting();
  $('lang').addEventListener('change', (ev) => { I.setLang(ev.target.value); document.title = t('desk.page_title'); });
  $('theme-btn').addEventListener('click', () => {
    I.setTheme(document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark');
  });

  const TABS = ['new', 'structures', 'money', 'plans', 'results', 'leagues', 'staff', 'tables', 'screens'];
  const showTab = U.setupTabs(document.querySelector('.tabs'), TABS, (name) => {
    document.dispatchEvent(new CustomEvent('desk:tab', { detail: name }));
    if (name === 'staff') loadStaff();
    if (name === 'tables') loadTables();
    if (name === 'money') loadPayouts();
  });

  U.setupLogin({
    onLogin: (me) => {
      $('not-admin').hidden = me.role === 'admin';
      loadForm();
      document.dispatchEvent(new CustomEvent('desk:login', { detail: me }));
    },
  });

  // The other desk scripts (desk-structures.js, desk-screens.js) meet this one here.
  window.FeltDesk = {
    showTab,
    tournaments: () => tournaments,
    message,
    // A structure made on the Structures tab becomes the new tournament's.
    useStructure(name, levels, stack) {
      const f = $('new-form').elements;
      const o = el('option', '', t('st.custom', { name }));
      o.value = '';
      f.structure.prepend(o);
      f.structure.value = '';
      f.structure.dataset.copied = JSON.stringify(levels);
      if (stack) f.stack.value = stack;
      if (!f.name.value) f.name.value = name;
      showTab('new');
      message('new-msg', t('st.using', { name, n: levels.length }), 'ok');
    },
  };

  // ---- a new tournament -------------------------------------------------------

  async function loadForm() {
    const f = $('new-form').elements;
    try {
      const [structures, list, plans] = await Promise.all([
        get('/api/v1/structures'), get('/api/v1/tournaments'), get('/api/v1/payout-plans').catch(() => []),
      ]);
      // A built-in structure is {id, structure: {name, levels}, starting_stack}.
      fillSelect(f.structure, structures.map((s) => [s.id, (s.structure && s.structure.name) || s.id]));
      delete f.structure.dataset.copied;
      stacks = new Map(structures.map((s) => [s.id, s.starting_stack]));
      tournaments = list;
      document.dispatchEvent(new CustomEvent('desk:tournaments', { detail: list }));
      fillSelect(f.copy, [['', t('desk.blank')], ...list.map((x) => [x.id, x.name])]);
      fillSelect(f.plan, (plans || []).map((p) => [p.id, p.name]));
      fillSelect($('money-tournament'), list.filter((x) => x.status !== 'finished').map((x) => [x.id, x.name]));
    } catch (e) { toast(e.message, 'error'); }
  }

  // "Start from" an earlier tournament: its settings fill the form (last week's, duplicated).
  $('new-form').elements.copy.addEventListener('change', async (ev) => {
    const id = ev.target.value;
    if (!id) return;
    try {
      // The creation event (the log's first) holds the settings it was made with.
      const log = await get(`/api/v1/tournaments/${enc(id)}/events?after=0&limit=1`);
      const st = (log[0] && log[0].event) || {};
      const f = $('new-form').elements;
      const es = st.entry_settings || {};
      f.name.value = st.name;
      f.stack.value = st.starting_stack;
      if (es.buy_in) { f.prize.value = (es.buy_in.prize || 0) / 100; f.fee.value = (es.buy_in.fee || 0) / 100; }
      f.reentries.value = es.max_reentries_per_player || 0;
      f.late.value = es.late_reg && es.late_reg.level != null ? es.late_reg.level + 1 : 0;
      f.rebuy_price.value = es.rebuy ? (es.rebuy.price.prize || 0) / 100 : 0;
      if (es.rebuy) f.rebuy_until.value = es.rebuy.until_level + 1;
      f.addon_price.value = es.add_on ? (es.add_on.price.prize || 0) / 100 : 0;
      f.addon_chips.value = es.add_on ? es.add_on.chips : 0;
      f.guarantee.value = (es.guarantee || 0) / 100;
      const levels = (st.structure && st.structure.levels) || [];
      f.structure.dataset.copied = JSON.stringify(levels);
      message('new-msg', t('desk.copied', { name: st.name }), 'ok');
    } catch (e) { message('new-msg', e.message, 'error'); }
  });
  $('new-form').elements.structure.addEventListener('change', (ev) => {
    if (ev.target.value) delete ev.target.dataset.copied;
    if (stacks.has(ev.target.value)) $('new-form').elements.stack.value = stacks.get(ev.target.value);
  });

  $('new-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = ev.target.elements;
    const stack = Math.round(Number(f.stack.value));
    const price = (v) => ({ prize: toMinor(v), fee: 0 });
    const entry = {
      buy_in: { prize: toMinor(f.prize.value), fee: toMinor(f.fee.value) },
      starting_chips: stack,
      max_reentries_per_player: Math.round(Number(f.reentries.value) || 0),
      guarantee: toMinor(f.guarantee.value),
    };
    const late = Math.round(Number(f.late.value) || 0);
    if (late > 0) entry.late_reg = { rule: 'end_of_level', level: late - 1 };
    if (toMinor(f.rebuy_price.value) > 0) {
      entry.rebuy = { price: price(f.rebuy_price.value), chips: stack, max_per_player: 99,
        until_level: Math.max(0, Math.round(Number(f.rebuy_until.value) || 1) - 1) };
    }
    if (toMinor(f.addon_price.value) > 0) {
      entry.add_on = { price: price(f.addon_price.value), chips: Math.round(Number(f.addon_chips.value) || stack),
        at_level: Math.max(0, Math.round(Number(f.rebuy_until.value) || 1) - 1) };
    }
    const body = { name: f.name.value.trim(), starting_stack: stack, entry_settings: entry };
    if (f.structure.dataset.copied) body.levels = JSON.parse(f.structure.dataset.copied);
    else body.structure = f.structure.value;
    if (f.start_at.value) body.scheduled_start = new Date(f.start_at.value).getTime();
    try {
      if (f.plan.value && f.plan.value !== 'standard') {
        const plan = await get(`/api/v1/payout-plans/${enc(f.plan.value)}`);
        body.payouts = { plan: { name: plan.name, rows: plan.rows } };
      }
      const res = await post('/api/v1/tournaments', body);
      const id = res.state.id;
      const expected = Math.round(Number(f.expected.value) || 0);
      let tables = '';
      if (expected > 0) {
        const given = await post(`/api/v1/tournaments/${enc(id)}/tables`, { for_players: expected });
        tables = ' ' + t('done.tables', { tables: (given.tables || []).map((x) => (x.id != null ? x.id : x)).join(', ') });
      }
      message('new-msg', t('desk.created', { name: res.state.name }) + tables, 'ok');
      const link = el('a', '', t('desk.open_floor'));
      link.href = `/floor?t=${enc(id)}`;
      $('new-msg').append(' ', link);
      toast(t('desk.created', { name: res.state.name }), 'ok');
      loadForm();
    } catch (e) {
      message('new-msg', e.message, 'error');
    }
  });

  function message(id, text, kind) {
    const m = $(id);
    m.textContent = text;
    m.className = 'form-msg ' + (kind || '');
  }

  // ---- payouts and the deal calculator -------------------------------------------------

  $('money-tournament').addEventListener('change', loadPayouts);
  let dealEntries = [];
  let names = new Map();   // entry -> player's name

  async function loadPayouts() {
    const id = $('money-tournament').value;
    if (!id) return;
    try {
      const [payouts, entries] = await Promise.all([get(`/api/v1/tournaments/${enc(id)}/payouts`), get(`/api/v1/tournaments/${enc(id)}/entries`)]);
      const list = $('payouts');
      list.textContent = '';
      for (const a of payouts.amounts || []) list.append(el('li', '', formatMoney(a)));
      if (!(payouts.amounts || []).length) list.append(el('li', 'empty', t('desk.no_payouts')));
      // The results name every entry.
      names = new Map();
      const results = await get(`/api/v1/tournaments/${enc(id)}/results`).catch(() => []);
      for (const r of Array.isArray(results) ? results : []) names.set(r.entry, r.name);
      dealEntries = (entries.entries || []).filter((e) => e.status && e.status.status === 'active');
      const box = $('deal-stacks');
      box.textContent = '';
      for (const e of dealEntries) {
        const label = el('label', '');
        label.append(el('span', '', names.get(e.id) || e.name || `#${e.id}`));
        const input = el('input', '');
        input.type = 'number'; input.min = '0'; input.step = '1'; input.value = e.chips; input.dataset.entry = e.id;
        label.append(input);
        box.append(label);
      }
      $('deal-table').textContent = '';
    } catch (e) { message('money-msg', e.message, 'error'); }
  }

  $('deal-run').addEventListener('click', async () => {
    const id = $('money-tournament').value;
    const stacks = [...$('deal-stacks').querySelectorAll('input')].map((i) => ({ entry: Number(i.dataset.entry), chips: Math.round(Number(i.value) || 0) }));
    const kinds = ['icm', 'chip_chop', 'even_chop'];
    try {
      const answers = await Promise.all(kinds.map((kind) => post(`/api/v1/tournaments/${enc(id)}/deals/proposal`, { deal: { kind }, stacks, play_for: 0 })));
      const table = $('deal-table');
      table.textContent = '';
      const head = el('tr');
      head.append(el('th', '', t('fig.players')), el('th', '', t('desk.chips')), ...kinds.map((k) => el('th', '', t('desk.deal_' + k))));
      const thead = el('thead'); thead.append(head); table.append(thead);
      const tbody = el('tbody');
      for (const s of stacks) {
        const tr = el('tr');
        tr.append(el('td', '', `${names.get(s.entry) || ''} #${s.entry}`.trim()), el('td', '', s.chips.toLocaleString(I.lang())));
        for (const a of answers) {
          const share = (a.shares || []).find((x) => x.entry === s.entry);
          tr.append(el('td', '', share ? formatMoney(share.amount) : '—'));
        }
        tbody.append(tr);
      }
      table.append(tbody);
      const tr = el('tr');
      tr.append(el('td'), el('td'));
      for (const kind of kinds) {
        const td = el('td');
        td.append(button(t('desk.deal_record'), '', async () => {
          try {
            await post(`/api/v1/tournaments/${enc(id)}/deals`, { deal: { kind }, stacks, play_for: 0 });
            toast(t('desk.deal_recorded'), 'ok');
            loadPayouts();
          } catch (e) { toast(e.message, 'error'); }
        }));
        tr.append(td);
      }
      const tfoot = el('tfoot'); tfoot.append(tr); table.append(tfoot);
      message('money-msg', '', '');
    } catch (e) { message('money-msg', e.message, 'error'); }
  });

  // ---- staff -------------------------------------------------------------------

  async function loadStaff() {
    try {
      const staff = await get('/api/v1/staff');
      const list = $('staff');
      list.textContent = '';
      for (const m of staff) {
        const li = el('li', 'audit-line' + (m.disabled ? ' undone' : ''));
        li.append(el('span', 'audit-what', m.name), el('span', 'tag', m.role));
        li.append(button(t('desk.new_pin'), '', async () => {
          try {
            const r = await post(`/api/v1/staff/${enc(m.name)}/pin`, {});
            message('staff-msg', t('desk.pin_is', { name: m.name, pin: r.pin }), 'ok');
          } catch (e) { message('staff-msg', e.message, 'error'); }
        }));
        li.append(button(t(m.disabled ? 'desk.enable' : 'desk.disable'), m.disabled ? '' : 'danger-outline', async () => {
          try {
            await request('PATCH', `/api/v1/staff/${enc(m.name)}`, { disabled: !m.disabled });
            loadStaff();
          } catch (e) { message('staff-msg', e.message, 'error'); }
        }));
        list.append(li);
      }
    } catch (e) { message('staff-msg', e.message, 'error'); }
  }

  $('staff-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = ev.target.elements;
    const body = { name: f.name.value.trim(), role: f.role.value };
    if (f.pin.value) body.pin = f.pin.value;
    try {
      const r = await post('/api/v1/staff', body);
      message('staff-msg', t('desk.pin_is', { name: body.name, pin: r.pin || f.pin.value }), 'ok');
      f.name.value = ''; f.pin.value = '';
      loadStaff();
    } catch (e) { message('staff-msg', e.message, 'error'); }
  });

  // ---- the room's tables ------------------------------------------------------------

  async function loadTables() {
    try {
      const tables = await get('/api/v1/tables');
      const list = $('venue-tables');
      list.textContent = '';
      for (const tb of tables) {
        const li = el('li', 'audit-line');
        li.append(el('span', 'audit-what', `${t('seat.table')} ${tb.id}` + (tb.name ? ` · ${tb.name}` : '')),
          el('span', 'dim', t('desk.seats_n', { n: tb.seats })),
          el('span', 'tag', tb.held_by ? t('desk.held', { name: nameOf(tb.held_by.tournament) }) : t('desk.free')));
        li.dataset.table = tb.id;
        if (!tb.held_by) {
          li.append(button(t('desk.remove'), 'danger-outline', async () => {
            try { await request('DELETE', `/api/v1/tables/${tb.id}`); loadTables(); } catch (e) { message('tables-msg', e.message, 'error'); }
          }));
        } else {
          // Back to the pool: the server closes it in the tournament's seating first, and
          // refuses while players sit there (its words are shown).
          const holder = nameOf(tb.held_by.tournament);
          const b = button(t('dt.release'), 'danger-outline', async () => {
            try {
              await request('DELETE', `/api/v1/tournaments/${enc(tb.held_by.tournament)}/tables/${tb.id}`);
              message('tables-msg', t('dt.released', { n: tb.id, name: holder }), 'ok');
              loadTables();
            } catch (e) { message('tables-msg', e.message, 'error'); }
          });
          b.dataset.act = 'release';
          b.setAttribute('aria-label', t('dt.release_of', { n: tb.id, name: holder }));
          li.append(b);
        }
        list.append(li);
      }
    } catch (e) { message('tables-msg', e.message, 'error'); }
  }
  const nameOf = (id) => (tournaments.find((x) => x.id === id) || { name: id }).name;

  $('table-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = ev.target.elements;
    const body = { id: Math.round(Number(f.id.value)), seats: Math.round(Number(f.seats.value)) };
    if (f.name.value.trim()) body.name = f.name.value.trim();
    try {
      await post('/api/v1/tables', body);
      message('tables-msg', t('desk.table_added', { n: body.id }), 'ok');
      f.id.value = body.id + 1;
      loadTables();
    } catch (e) { message('tables-msg', e.message, 'error'); }
  });
})();
