// desk-results.js: the Results and log tab of the desk: a tournament's results (places,
// prizes, bounties) with the CSV export link, and its audit list (GET .../audit) where any
// action still standing can be undone (POST .../undo, two taps); the server's refusal
// (a later action depends on it) is shown as it words it.
(function () {
  'use strict';
  const I = window.FeltI18n;
  const t = I.t;
  const U = window.FeltStaff;
  const D = window.FeltDesk;
  const { $, el, button, fillSelect, get, post, formatMoney } = U;
  const enc = encodeURIComponent;
  const msg = (text, kind) => D.message('res-msg', text, kind);

  document.addEventListener('desk:tab', (ev) => { if (ev.detail === 'results') load(); });
  document.addEventListener('desk:tournaments', (ev) => {
    const keep = $('res-tournament').value;
    fillSelect($('res-tournament'), ev.detail.map((x) => [x.id, x.name]));
    if (keep) $('res-tournament').value = keep;
  });
  $('res-tournament').addEventListener('change', () => { msg('', ''); load(); });
  // An undo from the keyboard (desk-clock.js) shows in the log at once.
  document.addEventListener('desk:undone', (ev) => {
    if (!$('tab-results').hidden && ev.detail.tournament === $('res-tournament').value) load();
  });

  const whenText = (ms) => new Date(ms).toLocaleTimeString(I.lang(), { hour: '2-digit', minute: '2-digit' });

  async function load() {
    const id = $('res-tournament').value;
    const csv = $('res-csv');
    if (!id) { csv.removeAttribute('href'); return; }
    csv.href = `/api/v1/tournaments/${enc(id)}/results?format=csv`;
    try {
      const [results, audit] = await Promise.all([
        get(`/api/v1/tournaments/${enc(id)}/results`), get(`/api/v1/tournaments/${enc(id)}/audit`),
      ]);
      renderResults(results || []);
      renderAudit(id, audit || []);
    } catch (e) { msg(e.message, 'error'); }
  }

  function renderResults(rows) {
    const table = $('res-table');
    table.textContent = '';
    const head = el('tr');
    for (const k of ['res.col_place', 'res.col_name', 'res.col_prize', 'res.col_bounties']) head.append(el('th', '', t(k)));
    const thead = el('thead'); thead.append(head); table.append(thead);
    const tbody = el('tbody');
    if (!rows.length) {
      const tr = el('tr'); const td = el('td', 'empty', t('res.none')); td.colSpan = 4; tr.append(td); tbody.append(tr);
    }
    for (const r of rows) {
      const p = r.places || {};
      const place = p.best === p.worst ? String(p.best) : `${p.best}–${p.worst}`;
      const tr = el('tr');
      tr.append(el('td', '', place), el('td', '', r.name || `#${r.entry}`), el('td', '', formatMoney(r.prize)), el('td', '', formatMoney(r.bounties_won)));
      tbody.append(tr);
    }
    table.append(tbody);
  }

  function renderAudit(id, lines) {
    const list = $('res-audit');
    list.textContent = '';
    // Newest first; the creation (the first line) cannot be undone.
    for (const l of lines.slice(1).reverse().slice(0, 200)) {
      const what = (l.what || '').replace(/[:_]/g, ' ');
      const li = el('li', 'audit-line' + (l.undone_by != null ? ' undone' : ''));
      li.dataset.seq = l.seq;
      li.append(el('span', 'audit-seq tabular', `#${l.seq}`), el('span', 'audit-what', what),
        el('span', 'audit-by dim', t('res.by', { by: l.by, at: whenText(l.at) })));
      if (l.undone_by != null) {
        li.append(el('span', 'tag', t('res.was_undone', { seq: l.undone_by })));
      } else {
        const b = button(t('res.undo'), 'danger-outline', async () => {
          if (b.dataset.armed !== 'yes') {
            b.dataset.armed = 'yes';
            b.textContent = t('res.undo_confirm', { seq: l.seq });
            b.setAttribute('aria-label', b.textContent);
            return;
          }
          try {
            await post(`/api/v1/tournaments/${enc(id)}/undo`, { seq: l.seq });
            msg(t('res.undone', { seq: l.seq }), 'ok');
            load();
          } catch (e) { msg(e.message, 'error'); }
        });
        b.dataset.act = 'undo';
        b.setAttribute('aria-label', t('res.undo_of', { seq: l.seq, what }));
        li.append(b);
      }
      list.append(li);
    }
  }
})();
