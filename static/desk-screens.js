// desk-screens.js: the Screens tab of the desk: pair a TV by the code it shows, then
// rename it, give it a tournament, a layout and a language, or revoke it, over /api/v1/screens. The
// server's refusal (an unknown or expired code, a clock layout without a tournament) is
// shown as it says it.
(function () {
  'use strict';
  const I = window.FeltI18n;
  const t = I.t;
  const U = window.FeltStaff;
  const D = window.FeltDesk;
  const { $, el, button, fillSelect, get, post, request, toast } = U;
  const enc = encodeURIComponent;
  const LAYOUTS = ['clock', 'payouts', 'seating', 'moves', 'break', 'final', 'hfh', 'winner', 'overview'];
  const msg = (text, kind) => D.message('screens-msg', text, kind);

  const tournamentOptions = () => [['', t('sc.no_tournament')], ...D.tournaments().map((x) => [x.id, x.name])];
  const layoutOptions = () => [['', t('sc.layout_auto')], ...LAYOUTS.map((l) => [l, t('sc.layout_' + l)])];
  // '' is the TV browser's own language; the others are the languages the pages have.
  const langOptions = () => [['', t('sc.lang_auto')], ...I.languages().map((l) => [l, I.STRINGS[l]['lang.name']])];

  // The pairing form's language choice, added here so desk.html needs no change.
  (function addLangChoice() {
    const form = $('pair-form');
    if (form.elements.lang) return;
    const label = el('label');
    const span = el('span', '', t('sc.lang'));
    span.dataset.i18n = 'sc.lang';
    const select = el('select');
    select.name = 'lang';
    fillSelect(select, langOptions());
    label.append(span, select);
    form.insertBefore(label, form.querySelector('button[type="submit"]'));
  })();

  document.addEventListener('desk:tab', (ev) => { if (ev.detail === 'screens') load(); });
  document.addEventListener('desk:tournaments', () => {
    const f = $('pair-form').elements;
    const keep = f.tournament.value;
    fillSelect(f.tournament, tournamentOptions());
    f.tournament.value = keep;
    if (!f.layout.options.length) fillSelect(f.layout, layoutOptions());
  });

  async function load() {
    try {
      const screens = await get('/api/v1/screens');
      const list = $('screens');
      list.textContent = '';
      if (!screens.length) list.append(el('li', 'empty', t('sc.none')));
      for (const s of screens) list.append(row(s));
    } catch (e) { msg(e.message, 'error'); }
  }

  function row(s) {
    const li = el('li', 'audit-line' + (s.revoked ? ' undone' : ''));
    li.dataset.screen = s.id;
    li.append(el('span', 'audit-what', s.name));
    if (s.revoked) {
      li.append(el('span', 'tag', t('sc.revoked')));
      return li;
    }
    const name = el('input', 'sc-name');
    name.maxLength = 100; name.value = s.name;
    name.setAttribute('aria-label', t('sc.name_of', { name: s.name }));
    const tour = el('select');
    fillSelect(tour, tournamentOptions());
    tour.value = s.tournament || '';
    tour.setAttribute('aria-label', t('sc.tournament_of', { name: s.name }));
    const layout = el('select');
    fillSelect(layout, [['auto', t('sc.layout_auto')], ...LAYOUTS.map((l) => [l, t('sc.layout_' + l)])]);
    layout.value = s.layout;
    layout.setAttribute('aria-label', t('sc.layout_of', { name: s.name }));
    const lang = el('select');
    fillSelect(lang, langOptions());
    lang.value = s.lang || '';
    lang.setAttribute('aria-label', t('sc.lang_of', { name: s.name }));
    lang.dataset.act = 'lang';
    const save = button(t('sc.save'), '', async () => {
      const body = { name: name.value.trim(), tournament: tour.value || null, layout: layout.value, lang: lang.value };
      try {
        await request('PATCH', `/api/v1/screens/${enc(s.id)}`, body);
        msg(t('sc.saved', { name: body.name }), 'ok');
        load();
      } catch (e) { msg(e.message, 'error'); }
    });
    save.setAttribute('aria-label', t('sc.save_of', { name: s.name }));
    // Two taps: the first asks, the second revokes (the TV goes back to a pairing code).
    const revoke = button(t('sc.revoke'), 'danger-outline', async () => {
      if (revoke.dataset.armed !== 'yes') {
        revoke.dataset.armed = 'yes';
        revoke.textContent = t('sc.revoke_confirm', { name: s.name });
        revoke.setAttribute('aria-label', revoke.textContent);
        return;
      }
      try {
        await post(`/api/v1/screens/${enc(s.id)}/revoke`, {});
        msg(t('sc.revoked_msg', { name: s.name }), 'ok');
        load();
      } catch (e) { msg(e.message, 'error'); }
    });
    revoke.setAttribute('aria-label', t('sc.revoke_of', { name: s.name }));
    revoke.dataset.act = 'revoke';
    li.append(name, tour, layout, lang, save, revoke);
    return li;
  }

  $('pair-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = ev.target.elements;
    const body = { code: f.code.value.trim(), name: f.name.value.trim() };
    if (f.tournament.value) body.tournament = f.tournament.value;
    if (f.layout.value) body.layout = f.layout.value;
    if (f.lang && f.lang.value) body.lang = f.lang.value;
    try {
      const s = await post('/api/v1/screens', body);
      msg(t('sc.paired', { name: s.name }), 'ok');
      toast(t('sc.paired', { name: s.name }), 'ok');
      f.code.value = ''; f.name.value = '';
      load();
    } catch (e) { msg(e.message, 'error'); }
  });
})();
