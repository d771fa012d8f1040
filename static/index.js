// index.js: the venue page: live list of tournaments, clock control buttons, and the new-tournament
// form; in the browser's language (or the one ?lang= asks for), its strings from lang/*.js.
(function () {
  'use strict';
  const F = window.Felt;
  const I = window.FeltI18n;
  const W = window.FeltWords;
  const t = I.t;
  const langParam = new URLSearchParams(location.search).get('lang');
  if (langParam) { const kept = I.storage('felt.lang'); I.setLang(langParam); I.storage('felt.lang', kept); } else I.translate();
  const list = document.getElementById('tournaments');
  const empty = document.getElementById('empty');
  const connection = document.getElementById('connection');
  const form = document.getElementById('new-tournament');
  const formMsg = document.getElementById('form-msg');
  const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  const loginForm = document.getElementById('login');
  const whoami = document.getElementById('whoami');
  const switchUser = document.getElementById('switch-user');
  const logoutButton = document.getElementById('logout');
  const loginMsg = document.getElementById('login-msg');
  const TOKEN_KEY = 'felt.token';

  const rows = new Map();   // id -> { id, summary, el, busy, shown }
  let gotVenue = false;     // the socket's venue list wins over the HTTP one

  // The venue subscription says which tournaments exist; each unfinished one is also subscribed
  // on its own, so its full structure is known and the time left rolls over levels exactly.
  const sock = new F.FeltSocket({
    token: () => localStorage.getItem(TOKEN_KEY),
    onStatus: (st) => { F.setText(connection, t(st === 'live' ? 'conn.live' : 'conn.reconnecting')); document.body.classList.toggle('is-offline', st !== 'live'); },
    onVenue: (summaries) => { gotVenue = true; setList(summaries); },
    onVenueChange: upsert,
    onUpdate: (id) => { const r = rows.get(id); if (r) renderRow(r, sock.now()); },
    onError: (err) => console.warn('felt: server error frame', err),
  });
  sock.subscribeVenue();
  sock.start();
  showStaff();

  getJSON('/api/v1/tournaments')
    .then((arr) => { if (!gotVenue && Array.isArray(arr)) setList(arr); })
    .catch((e) => { if (!gotVenue) empty.textContent = t('ven.load_failed', { error: e.message }); });
  loadStructures();
  setInterval(() => { const now = sock.now(); for (const r of rows.values()) renderRow(r, now); }, 250);

  // ---- the list ---------------------------------------------------------

  function setList(summaries) {
    const ids = new Set(summaries.map((s) => s.id));
    for (const id of [...rows.keys()]) if (!ids.has(id)) removeRow(id);
    for (const s of summaries) upsert(s);
    // Server order, finished ones last (ordered only here, so rows do not jump under the pointer).
    const order = [...summaries.filter((s) => s.status !== 'finished'), ...summaries.filter((s) => s.status === 'finished')];
    for (const s of order) list.append(rows.get(s.id).el.root);
    updateEmpty();
  }

  function upsert(summary) {
    if (!summary || !summary.id) return;
    let r = rows.get(summary.id);
    if (!r) {
      r = { id: summary.id, summary, el: buildRow(summary.id), busy: false, shown: '' };
      rows.set(summary.id, r);
      list.append(r.el.root);
    }
    r.summary = summary;
    if (summary.status !== 'finished' && !sock.subs.has(summary.id)) sock.subscribe(summary.id);
    renderRow(r, sock.now());
    updateEmpty();
    return r;
  }

  function removeRow(id) {
    const r = rows.get(id);
    if (!r) return;
    r.el.root.remove();
    rows.delete(id);
    sock.unsubscribe(id);
  }

  function updateEmpty() {
    empty.hidden = rows.size > 0;
    if (rows.size === 0) empty.textContent = t('ven.none');
    if (!empty.isConnected) list.prepend(empty);
  }

  const BUTTONS = [
    ['start', 'clock.start'], ['pause', 'clock.pause'], ['resume', 'clock.resume'],
    ['previous_level', 'ven.prev_level'], ['next_level', 'ven.next_level'],
    ['minus', 'clock.minus'], ['plus', 'clock.plus'],
  ];

  function buildRow(id) {
    const mk = (tag, cls, text) => { const e = document.createElement(tag); if (cls) e.className = cls; if (text) e.textContent = text; return e; };
    const root = mk('article', 'row'); root.dataset.id = id;
    const title = mk('div', 'row-title');
    const name = mk('span', 'row-name');
    const line = mk('div', 'line');
    const status = mk('span', 'row-status');
    const tv = mk('a', 'tv-link', t('ven.tv_link'));
    tv.href = `/tv/${encodeURIComponent(id)}`; tv.target = '_blank'; tv.rel = 'noopener';
    const floor = mk('a', 'tv-link', t('ven.floor_link'));
    floor.href = `/floor?t=${encodeURIComponent(id)}`;
    line.append(status, tv, floor);
    title.append(name, line);
    const level = mk('div', 'row-level');
    const lv = mk('span', 'lv'); const bl = mk('span', 'bl');
    level.append(lv, bl);
    const time = mk('div', 'row-time');
    const cap = mk('span', 'cap'); const digits = mk('span', 'digits');
    time.append(cap, digits);
    const controls = mk('div', 'row-controls');
    const buttons = {};
    for (const [action, label] of BUTTONS) {
      const b = mk('button', '', t(label)); b.type = 'button'; b.dataset.action = action; b.hidden = true;
      buttons[action] = b; controls.append(b);
    }
    const msg = mk('div', 'row-msg'); msg.setAttribute('role', 'alert');
    root.append(title, level, time, controls, msg);
    return { root, name, status, level: lv, blinds: bl, time, cap, digits, buttons, msg };
  }

  // What a row shows at `now`: from the full state when subscribed, else from the summary.
  function view(r, now) {
    const st = sock.state(r.id);
    if (st && st.structure) {
      const levels = st.structure.levels || [];
      const pos = F.clockAt(st, now);
      return { name: st.name, status: F.displayStatus(st, now), pos, level: levels[pos.level],
        label: W.levelName(levels, pos.level), scheduled_start: st.scheduled_start };
    }
    const s = r.summary;
    let a = s.clock || { level: 0, remaining_ms: 0, at: now, running: false };
    if (!s.started && s.auto_start && s.scheduled_start != null && now >= s.scheduled_start && s.level)
      a = { level: 0, remaining_ms: s.level.duration_secs * 1000, at: s.scheduled_start, running: true };
    const rem = a.remaining_ms - (a.running ? now - a.at : 0);
    const last = a.level >= (s.levels_count || 1) - 1;
    return { name: s.name, status: F.displayStatus(s, now), level: s.level, scheduled_start: s.scheduled_start,
      label: s.level && s.level.kind === 'break' ? t('clock.break') : t('clock.level', { n: a.level + 1 }),
      pos: { level: a.level, remaining_ms: Math.max(rem, 0), overtime_ms: last && rem < 0 ? -rem : 0 } };
  }

  function renderRow(r, now) {
    const v = view(r, now);
    const e = r.el;
    F.setText(e.name, v.name || '');
    F.setText(e.status, W.statusName(v.status));
    e.status.className = 'row-status ' + v.status;

    const finished = v.status === 'finished';
    F.setText(e.level, finished ? '' : v.label);
    F.setText(e.blinds, finished || !v.level ? '' : ' · ' + (v.level.kind === 'break' ? (v.level.note || W.minutes(v.level.duration_secs)) : W.blindsText(v.level)));

    const beforeStart = v.status === 'scheduled' && v.scheduled_start != null && now < v.scheduled_start;
    let cap = '', digits;
    if (finished) digits = t('clock.finished');
    else if (beforeStart) { cap = t('tv.starts_in'); digits = F.formatCountdown(v.scheduled_start - now); }
    else { if (v.status === 'scheduled') cap = t('clock.not_started'); digits = F.formatClock(v.pos); }
    F.setText(e.cap, cap);
    F.setText(e.digits, digits);
    const overtime = !finished && !beforeStart && v.pos.overtime_ms > 0;
    e.time.classList.toggle('finished', finished);
    e.time.classList.toggle('overtime', overtime);
    e.time.classList.toggle('last-minute', !finished && !overtime && (v.status === 'running' || v.status === 'paused') && v.pos.remaining_ms <= 60000);

    // Buttons: only the ones that make sense now.
    if (r.shown !== v.status) {
      r.shown = v.status;
      const on = {
        scheduled: ['start'],
        running: ['pause', 'previous_level', 'next_level', 'minus', 'plus'],
        paused: ['resume', 'previous_level', 'next_level', 'minus', 'plus'],
        finished: [],
      }[v.status] || [];
      for (const [action, b] of Object.entries(e.buttons)) b.hidden = !on.includes(action);
      e.buttons.start.parentElement.hidden = on.length === 0;
    }
  }

  // ---- clock controls ---------------------------------------------------

  list.addEventListener('click', async (ev) => {
    const b = ev.target.closest('button[data-action]');
    if (!b) return;
    const root = b.closest('.row');
    const r = root && rows.get(root.dataset.id);
    if (!r || r.busy) return;
    const action = b.dataset.action;
    const body = action === 'plus' ? { action: 'adjust_time', delta_secs: 60 }
      : action === 'minus' ? { action: 'adjust_time', delta_secs: -60 }
      : { action };
    setBusy(r, true);
    try {
      const res = await postJSON(`/api/v1/tournaments/${encodeURIComponent(r.id)}/clock`, body);
      F.setText(r.el.msg, '');
      if (res && res.state) sock.offer(r.id, res.seq, res.state);
      renderRow(r, sock.now());
    } catch (e) {
      F.setText(r.el.msg, e.message);
    } finally {
      setBusy(r, false);
    }
  });

  function setBusy(r, busy) {
    r.busy = busy;
    for (const b of Object.values(r.el.buttons)) b.disabled = busy;
  }

  // ---- new tournament -----------------------------------------------------

  function loadStructures() {
    const select = form.elements.structure;
    getJSON('/api/v1/structures').then((structures) => {
      select.textContent = '';
      for (const s of structures) {
        const o = document.createElement('option');
        o.value = s.id;
        const levels = (s.structure && s.structure.levels) || s.levels || [];
        const n = levels.filter((l) => l.kind === 'play').length;
        const first = levels[0];
        o.textContent = `${(s.structure && s.structure.name) || s.name || s.id} · ` + (first ? t('ven.levels_of', { n, min: W.minutes(first.duration_secs) }) : t('ven.levels', { n }));
        select.append(o);
      }
    }).catch((e) => formMessage(t('ven.structures_failed', { error: e.message }), 'error'));
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = form.elements;
    const body = {
      name: f.name.value.trim(),
      structure: f.structure.value,
      starting_stack: Number(f.starting_stack.value),
    };
    if (!body.name) return formMessage(t('ven.need_name'), 'error');
    if (!body.structure) return formMessage(t('ven.need_structure'), 'error');
    if (f.scheduled_start.value) {
      const ms = new Date(f.scheduled_start.value).getTime();   // local time of this browser
      if (Number.isNaN(ms)) return formMessage(t('ven.bad_date'), 'error');
      body.scheduled_start = ms;
      body.auto_start = f.auto_start.checked;
    } else if (f.auto_start.checked) {
      return formMessage(t('ven.auto_needs_start'), 'error');
    }
    const submit = form.querySelector('button[type="submit"]');
    submit.disabled = true;
    try {
      const res = await postJSON('/api/v1/tournaments', body);
      const st = res.state;
      const r = upsert(summaryOf(st));
      sock.offer(st.id, res.seq, st);
      formMessage(t('ven.created', { name: st.name }), 'ok');
      f.name.value = '';
      if (r) {
        r.el.root.classList.remove('is-new'); void r.el.root.offsetWidth; r.el.root.classList.add('is-new');
        r.el.root.scrollIntoView({ behavior: reduceMotion ? 'auto' : 'smooth', block: 'nearest' });
      }
    } catch (e) {
      formMessage(e.message, 'error');
    } finally {
      submit.disabled = false;
    }
  });

  function formMessage(text, kind) {
    formMsg.textContent = text;
    formMsg.className = 'form-msg ' + (kind || '');
  }

  // A venue summary made from a full state (for a row shown before the venue_change arrives).
  function summaryOf(st) {
    const levels = (st.structure && st.structure.levels) || [];
    return { id: st.id, name: st.name, status: st.status, scheduled_start: st.scheduled_start, auto_start: st.auto_start,
      started: st.started, clock: st.clock, levels_count: levels.length, level: levels[st.clock ? st.clock.level : 0] };
  }

  // ---- staff login ------------------------------------------------------
  // The controls need a floor (or admin) login; the token stays in this browser until it
  // expires or someone logs out. Switching user on a shared tablet is another login.

  function showStaff() {
    const token = localStorage.getItem(TOKEN_KEY);
    document.body.classList.toggle('is-guest', !token);
    document.body.classList.toggle('is-staff', !!token);
    whoami.hidden = switchUser.hidden = logoutButton.hidden = !token;
    if (!token) { whoami.textContent = ''; setRole(null); return; }
    getJSON('/api/v1/auth/me')
      .then((me) => { setRole(me.role); F.setText(whoami, `${me.name} (${t('ven.role_' + me.role)})`); })
      .catch(() => {});
  }

  function setRole(role) {
    document.body.classList.toggle('can-floor', role === 'floor' || role === 'admin');
    document.body.classList.toggle('can-admin', role === 'admin');
  }

  function forget(message) {
    localStorage.removeItem(TOKEN_KEY);
    loginMsg.textContent = message || '';
    showStaff();
  }

  loginForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = loginForm.elements;
    const body = { name: f.name.value.trim(), pin: f.pin.value };
    f.pin.value = '';
    try {
      const res = await request('/api/v1/auth/login', { method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) }, false);
      localStorage.setItem(TOKEN_KEY, res.token);
      loginMsg.textContent = '';
      f.name.value = '';
      sock.authenticate();
      showStaff();
    } catch (e) {
      loginMsg.textContent = e.message;
    }
  });

  switchUser.addEventListener('click', () => {
    // The form shows again; the current login stays until another one succeeds.
    document.body.classList.remove('is-staff');
    loginForm.elements.name.focus();
  });

  logoutButton.addEventListener('click', async () => {
    try { await request('/api/v1/auth/logout', { method: 'POST' }); } catch (e) { /* gone already */ }
    forget(t('login.logged_out'));
  });

  // ---- HTTP -------------------------------------------------------------

  async function request(url, opts, withToken = true) {
    let res;
    const token = localStorage.getItem(TOKEN_KEY);
    if (withToken && token) opts = { ...opts, headers: { ...(opts.headers || {}), authorization: `Bearer ${token}` } };
    try { res = await fetch(url, opts); } catch (e) { throw new Error(t('ven.unreachable')); }
    const data = res.status === 204 ? null : await res.json().catch(() => null);
    if (withToken && token && res.status === 401) forget(t('login.ended'));
    if (!res.ok) {
      const msg = data && data.error && data.error.message;
      throw new Error(msg || t('ven.server_answered', { status: `${res.status} ${res.statusText}`.trim() }));
    }
    return data;
  }
  function getJSON(url) { return request(url, { headers: { accept: 'application/json' } }); }
  function postJSON(url, body) {
    return request(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });
  }
})();
