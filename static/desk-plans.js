// desk-plans.js: the Payout plans tab of the desk: the venue's library of payout plans
// (/api/v1/payout-plans) as editable rows (entries covered, shares in percent). The server
// checks each plan (every row 100.00%, shares never rising, no gaps) and its message,
// naming the row, is shown as it is.
(function () {
  'use strict';
  const I = window.FeltI18n;
  const t = I.t;
  const U = window.FeltStaff;
  const D = window.FeltDesk;
  const { $, el, button, fillSelect, get, post, request } = U;
  const enc = encodeURIComponent;
  let plans = [];
  let current = null;   // {id, name, rows, read_only}; id null for a new plan
  const msg = (text, kind) => D.message('pp-msg', text, kind);

  document.addEventListener('desk:tab', (ev) => { if (ev.detail === 'plans') load(); });

  async function load(selectId) {
    try {
      plans = await get('/api/v1/payout-plans');
      fillSelect($('pp-pick'), plans.map((p) => [p.id, p.name]));
      const pick = plans.find((p) => p.id === selectId) || (current && current.id && plans.find((p) => p.id === current.id)) || plans[0];
      if (pick) { $('pp-pick').value = pick.id; await open(pick.id); }
    } catch (e) { msg(e.message, 'error'); }
  }

  // The list counts rows; the plan itself has them.
  async function open(id) {
    try {
      show(await get(`/api/v1/payout-plans/${enc(id)}`));
    } catch (e) { msg(e.message, 'error'); }
  }

  function show(plan) {
    current = { id: plan.id, name: plan.name, read_only: !!plan.read_only,
      rows: plan.rows.map((r) => ({ min_entries: r.min_entries, max_entries: r.max_entries, shares_bp: [...r.shares_bp] })) };
    $('pp-name').value = plan.name;
    $('pp-delete').disabled = !plan.id || plan.read_only;
    render();
    if (plan.read_only) msg(t('pp.read_only'), '');
  }

  const percent = (bp) => (bp / 100).toFixed(2).replace(/\.?0+$/, '');

  function render() {
    const table = $('pp-rows');
    table.textContent = '';
    const head = el('tr');
    for (const k of ['pp.col_from', 'pp.col_to', 'pp.col_shares', 'pp.col_remove']) head.append(el('th', '', t(k)));
    const thead = el('thead'); thead.append(head); table.append(thead);
    const tbody = el('tbody');
    current.rows.forEach((r, i) => {
      const n = i + 1;
      const tr = el('tr');
      const input = (label, value, onChange, cls) => {
        const x = el('input', cls || 'num');
        x.value = value == null ? '' : String(value);
        x.setAttribute('aria-label', label);
        x.addEventListener('change', () => onChange(x.value.trim()));
        const td = el('td'); td.append(x); tr.append(td);
        return x;
      };
      input(t('pp.from_of', { n }), r.min_entries, (v) => { r.min_entries = Math.round(Number(v)); }).type = 'number';
      input(t('pp.to_of', { n }), r.max_entries, (v) => { r.max_entries = v === '' ? null : Math.round(Number(v)); }).type = 'number';
      input(t('pp.shares_of', { n }), r.shares_bp.map(percent).join(', '), (v) => {
        r.shares_bp = v.split(/[,;\s]+/).filter(Boolean).map((x) => Math.round(Number(x.replace('%', '')) * 100));
      }, 'pp-shares');
      const td = el('td');
      const b = button('✕', 'icon-btn danger-outline', () => { current.rows.splice(i, 1); render(); });
      b.setAttribute('aria-label', t('pp.remove_of', { n }));
      b.title = b.getAttribute('aria-label');
      td.append(b);
      tr.append(td);
      tbody.append(tr);
    });
    table.append(tbody);
  }

  $('pp-pick').addEventListener('change', () => {
    msg('', '');
    if ($('pp-pick').value) open($('pp-pick').value);
  });
  $('pp-new').addEventListener('click', () => {
    show({ id: null, name: t('pp.untitled'), read_only: false, rows: [{ min_entries: 2, max_entries: null, shares_bp: [6500, 3500] }] });
    msg('', '');
  });
  $('pp-add-row').addEventListener('click', () => {
    const last = current.rows[current.rows.length - 1];
    const from = last ? (last.max_entries || last.min_entries) + 1 : 2;
    if (last && last.max_entries == null) last.max_entries = from - 1;
    current.rows.push({ min_entries: from, max_entries: null, shares_bp: last ? [...last.shares_bp] : [10000] });
    render();
  });

  $('pp-save').addEventListener('click', async () => {
    const body = { name: $('pp-name').value.trim(), rows: current.rows };
    try {
      const saved = current.id && !current.read_only
        ? await request('PUT', `/api/v1/payout-plans/${enc(current.id)}`, body)
        : await post('/api/v1/payout-plans', body);
      current.id = (saved && saved.id) || current.id;
      msg(t('pp.saved', { name: body.name }), 'ok');
      await load(current.id);
    } catch (e) { msg(e.message, 'error'); }
  });

  $('pp-delete').addEventListener('click', async () => {
    if (!current.id || current.read_only) return;
    try {
      await request('DELETE', `/api/v1/payout-plans/${enc(current.id)}`);
      msg(t('pp.deleted', { name: current.name }), 'ok');
      current = null;
      load();
    } catch (e) { msg(e.message, 'error'); }
  });
})();
