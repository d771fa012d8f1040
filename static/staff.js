// staff.js: what the staff pages (floor tablet, director's desk) share: DOM helpers, the
// HTTP client that sends the login's token and turns the API's JSON errors into messages,
// the toast that confirms every action, the PIN login, tabs, dialogs (a confirmation that
// says what it will do), keyboard shortcuts and the last action still standing in a log.
(function (root) {
  'use strict';
  const I = root.FeltI18n;
  const t = I.t;
  const TOKEN_KEY = 'felt.token';
  const $ = (id) => document.getElementById(id);

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function button(text, cls, onClick) {
    const b = el('button', cls, text);
    b.type = 'button';
    if (onClick) b.addEventListener('click', onClick);
    return b;
  }
  function fillSelect(select, options) {
    select.textContent = '';
    for (const [value, text] of options) {
      const o = el('option', '', text);
      o.value = value;
      select.append(o);
    }
  }

  const token = () => I.storage(TOKEN_KEY);
  let onLoggedOut = null;

  // One API call: the token sent, the JSON read; a refusal throws an Error carrying the
  // server's message (and its code), a network failure says nothing was done.
  async function request(method, url, body, withToken = true) {
    const headers = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const tok = token();
    if (withToken && tok) headers.authorization = `Bearer ${tok}`;
    let res;
    try {
      res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      throw new Error(t('error.unreachable'));
    }
    const data = res.status === 204 ? null : await res.json().catch(() => null);
    if (withToken && tok && res.status === 401) forget(t('login.ended'));
    if (!res.ok) {
      const err = new Error((data && data.error && data.error.message) || t('error.status', { status: res.status }));
      err.code = data && data.error && data.error.code;
      throw err;
    }
    return data;
  }
  const get = (url) => request('GET', url);
  const post = (url, body) => request('POST', url, body);

  let toastTimer = null;
  function toast(text, kind) {
    const box = $('toast');
    box.textContent = text;
    box.className = 'toast show ' + (kind || 'ok');
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { box.className = 'toast ' + (kind || 'ok'); }, kind === 'error' ? 9000 : 5000);
  }

  // ---- login ----------------------------------------------------------------

  function showLogin(message) {
    document.body.classList.add('is-guest');
    document.body.classList.remove('can-floor', 'can-admin');
    $('login-view').hidden = false;
    $('app').hidden = true;
    $('login-msg').textContent = message || '';
    $('whoami').textContent = '';
  }

  function forget(message) {
    I.storage(TOKEN_KEY, null);
    showLogin(message);
    if (onLoggedOut) onLoggedOut();
  }

  // Wires the page's #login form; `onLogin(me)` runs once a token is known good.
  function setupLogin(opts) {
    onLoggedOut = opts.onLogout || null;
    async function whoAmI() {
      if (!token()) { showLogin(); return; }
      let me;
      try {
        me = await get('/api/v1/auth/me');
      } catch (e) {
        if (token()) showLogin(e.message);
        return;
      }
      document.body.classList.remove('is-guest');
      document.body.classList.toggle('can-floor', me.role === 'floor' || me.role === 'admin');
      document.body.classList.toggle('can-admin', me.role === 'admin');
      $('whoami').textContent = `${me.name} (${me.role})`;
      $('login-view').hidden = true;
      $('app').hidden = false;
      opts.onLogin(me);
    }
    $('login').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const f = ev.target.elements;
      const body = { name: f.name.value.trim(), pin: f.pin.value };
      f.pin.value = '';
      try {
        const res = await request('POST', '/api/v1/auth/login', body, false);
        I.storage(TOKEN_KEY, res.token);
        f.name.value = '';
        if (opts.onToken) opts.onToken();
        await whoAmI();
      } catch (e) {
        $('login-msg').textContent = e.message;
      }
    });
    whoAmI();
  }

  async function logout() {
    try { await request('POST', '/api/v1/auth/logout'); } catch (e) { /* gone already */ }
    forget(t('login.logged_out'));
  }

  // ---- tabs -------------------------------------------------------------------

  // Tabs named by their buttons' data-tab; panels are #tab-{name}. Arrow keys move along.
  function setupTabs(nav, names, onShow) {
    function show(name) {
      for (const n of names) {
        const on = n === name;
        $(`tab-${n}`).hidden = !on;
        $(`tab-${n}-btn`).setAttribute('aria-selected', on ? 'true' : 'false');
        $(`tab-${n}-btn`).tabIndex = on ? 0 : -1;
      }
      if (onShow) onShow(name);
    }
    nav.addEventListener('click', (ev) => {
      const b = ev.target.closest('[data-tab]');
      if (b) show(b.dataset.tab);
    });
    nav.addEventListener('keydown', (ev) => {
      if (ev.key !== 'ArrowRight' && ev.key !== 'ArrowLeft') return;
      const i = names.findIndex((n) => $(`tab-${n}-btn`).getAttribute('aria-selected') === 'true');
      const next = names[(i + (ev.key === 'ArrowRight' ? 1 : names.length - 1)) % names.length];
      show(next);
      $(`tab-${next}-btn`).focus();
    });
    return show;
  }

  // ---- dialogs ----------------------------------------------------------------

  function openDialog(id) {
    const d = $(id);
    if (!d.open) d.showModal();
  }

  // Any [data-close] button closes its dialog; asks go to #confirm-dialog (its text in
  // #confirm-text, what it changes in #confirm-list, #confirm-yes to go ahead).
  let confirmResolve = null;
  function setupDialogs() {
    document.addEventListener('click', (ev) => {
      const c = ev.target.closest('[data-close]');
      if (c) c.closest('dialog').close();
    });
    const settle = (answer) => { const r = confirmResolve; confirmResolve = null; if (r) r(answer); };
    $('confirm-yes').addEventListener('click', () => { $('confirm-dialog').close(); settle(true); });
    $('confirm-dialog').addEventListener('close', () => settle(false));
  }
  // Resolves true when the user confirms, false when the dialog closes any other way.
  function confirmDialog(text, lines) {
    $('confirm-text').textContent = text;
    const list = $('confirm-list');
    if (list) {
      list.textContent = '';
      for (const l of lines || []) list.append(el('li', '', l));
      list.hidden = !(lines && lines.length);
    }
    if (confirmResolve) confirmResolve(false);
    openDialog('confirm-dialog');
    $('confirm-yes').focus();
    return new Promise((resolve) => { confirmResolve = resolve; });
  }

  // ---- keyboard shortcuts ------------------------------------------------------

  // The page's shortcuts, one keydown listener: `keys` maps a key (letters in lower case,
  // ' ' for Space) to what it does, Ctrl+Z runs `undo`. None fires while typing in a field,
  // while a dialog is open, when `active()` says no, or with Alt or Meta held; Space and
  // Enter on a button, link or tab the keyboard moved to are left to that control.
  function shortcuts({ keys, undo, active }) {
    document.addEventListener('keydown', (ev) => {
      const at = ev.target instanceof Element ? ev.target : document.body;
      if (at.closest('input, select, textarea, [contenteditable=""], [contenteditable="true"]') || document.querySelector('dialog[open]')) return;
      if (active && !active()) return;
      if (ev.altKey || ev.metaKey) return;
      const k = ev.key;
      if (ev.ctrlKey) { if ((k === 'z' || k === 'Z') && undo) { ev.preventDefault(); undo(); } return; }
      if ((k === ' ' || k === 'Enter') && at.matches('button, a[href], [role=tab], summary') && at.matches(':focus-visible')) return;
      const run = keys[k.length === 1 ? k.toLowerCase() : k];
      if (run) { ev.preventDefault(); run(); }
    });
  }

  // The last action still standing in an audit list (GET .../audit): the latest line not
  // undone (the creation never counts); events one command recorded together share their
  // instant and operator, and the first of them says best what the action was.
  function lastAction(lines) {
    for (let i = lines.length - 1; i > 0; i--) {
      const l = lines[i];
      if (l.undone_by != null) continue;
      let j = i;
      while (j > 1 && lines[j - 1].at === l.at && lines[j - 1].by === l.by && lines[j - 1].undone_by == null) j--;
      return lines[j];
    }
    return null;
  }

  // Money in minor units as text, and text in major units back to minor units.
  const formatMoney = (m) => (m == null || typeof m === 'object' ? '—'
    : (m / 100).toLocaleString(I.lang(), { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
  const toMinor = (v) => Math.round(Number(v || 0) * 100);

  root.FeltStaff = { $, el, button, fillSelect, request, get, post, toast, setupLogin, logout, forget, setupTabs,
    openDialog, setupDialogs, confirmDialog, shortcuts, lastAction, formatMoney, toMinor, token };
})(typeof window !== 'undefined' ? window : globalThis);
