// desk-clock.js: the desk's clock bar and keyboard shortcuts: one tournament's clock shown
// live over the websocket and driven from the keyboard as on the floor tablet (Space, N, P,
// +, −), its last action undone (U, Ctrl+Z or the button) once the director has read what
// it was, the tabs by number, and the list on `?`. The shortcut machinery is staff.js's,
// shared with the floor tablet; the commands are the documented clock and undo routes.
(function () {
  'use strict';
  const F = window.Felt;
  const I = window.FeltI18n;
  const t = I.t;
  const U = window.FeltStaff;
  const D = window.FeltDesk;
  const { $, fillSelect, get, post, toast, openDialog, confirmDialog } = U;
  const enc = encodeURIComponent;
  const PICK_KEY = 'felt.desk.clock';
  const TABS = ['new', 'structures', 'money', 'plans', 'results', 'leagues', 'staff', 'tables', 'screens'];

  let me = null;
  let id = '';
  let state = null;
  let audit = [];

  const sock = new F.FeltSocket({
    token: U.token,
    onUpdate: (tid, st, frame) => {
      if (tid !== id) return;
      state = st;
      render();
      if (frame) loadAudit();   // another screen acted: the last action may have changed
    },
  });

  document.addEventListener('desk:login', (ev) => { me = ev.detail; sock.authenticate(); sock.start(); });
  document.addEventListener('desk:tournaments', (ev) => {
    const list = ev.detail.filter((x) => x.status !== 'finished');
    const keep = id || I.storage(PICK_KEY) || '';
    fillSelect($('dc-tournament'), [['', t('pick.choose')], ...list.map((x) => [x.id, x.name])]);
    pick(list.some((x) => x.id === keep) ? keep : (list[0] ? list[0].id : ''));
  });
  $('dc-tournament').addEventListener('change', (ev) => pick(ev.target.value));

  function pick(next) {
    $('dc-tournament').value = next;
    if (next === id) return;
    if (id) sock.unsubscribe(id);
    id = next;
    state = null;
    audit = [];
    I.storage(PICK_KEY, id || null);
    if (id) { sock.subscribe(id); loadAudit(); }
    render();
  }

  async function loadAudit() {
    const at = id;
    if (!at) return;
    try {
      const lines = await get(`/api/v1/tournaments/${enc(at)}/audit`);
      if (at === id) { audit = lines || []; renderUndo(); }
    } catch (e) { /* the bar says nothing new; an action reports its own error */ }
  }

  const status = () => (state ? F.displayStatus(state, sock.now()) : '');

  function render() {
    const st = state;
    const s = status();
    if (!st) {
      F.setText($('dc-level'), '');
      F.setText($('dc-time'), id ? '--:--' : '');
      F.setText($('dc-status'), id ? '' : t('dc.none'));
      renderUndo();
      return;
    }
    const levels = (st.structure && st.structure.levels) || [];
    const pos = F.clockAt(st, sock.now());
    const level = levels[pos.level];
    const label = !level ? '' : level.kind === 'break' ? t('clock.break')
      : t('clock.level', { n: levels.slice(0, pos.level + 1).filter((l) => l.kind !== 'break').length });
    F.setText($('dc-level'), s === 'finished' ? t('clock.finished') : [label, level && level.kind === 'play' ? F.blindsText(level) : ''].filter(Boolean).join(' · '));
    F.setText($('dc-time'), s === 'finished' ? '' : s === 'scheduled' && !st.started ? t('clock.not_started') : F.formatClock(pos));
    F.setText($('dc-status'), s ? t('status.' + s) : '');
    $('dc-status').dataset.status = s;
    renderUndo();
  }

  // The undo button names what it would undo.
  function renderUndo() {
    const b = $('dc-undo');
    const last = U.lastAction(audit);
    b.disabled = !last;
    const label = last ? t('dc.undo_what', { what: describe(last) }) : t('log.nothing');
    if (b.getAttribute('aria-label') !== label) { b.setAttribute('aria-label', label); b.title = label; }
  }

  // What one audit line was: "#12 entry registered (admin, 20:14)".
  function describe(line) {
    const what = (line.what || (line.event && line.event.type) || '').replace(/[:_]/g, ' ').trim();
    const at = new Date(line.at).toLocaleTimeString(I.lang(), { hour: '2-digit', minute: '2-digit' });
    return `#${line.seq} ${what} (${t('log.by', { by: line.by, at })})`;
  }

  // Commands run one after the other, in the order the keys were pressed (none is dropped
  // while an earlier one is on its way); a refusal shows in the toast.
  let queue = Promise.resolve();
  function act(fn) {
    const run = queue.then(fn).catch((e) => { toast(e.message, 'error'); return null; });
    queue = run;
    return run;
  }

  const NAMES = { start: 'clock.start', pause: 'clock.pause', resume: 'clock.resume', previous_level: 'clock.prev',
    next_level: 'clock.next', plus: 'clock.plus', minus: 'clock.minus' };

  // `which` is the action, or a function choosing it when its turn comes (Space reads the
  // clock as the commands before it left it).
  async function clock(which) {
    if (!id) { toast(t('dc.none'), 'error'); return; }
    const at = id;
    let action = null;
    const res = await act(() => {
      action = typeof which === 'function' ? which() : which;
      if (!action) return null;
      const body = action === 'plus' ? { action: 'adjust_time', delta_secs: 60 }
        : action === 'minus' ? { action: 'adjust_time', delta_secs: -60 } : { action };
      return post(`/api/v1/tournaments/${enc(at)}/clock`, body).then((r) => {
        if (r && r.state) sock.offer(at, r.seq, r.state);
        return r;
      });
    });
    if (!res) return;
    toast(t('done.clock', { what: t(NAMES[action]) }), 'ok');
    render();
    loadAudit();
  }

  const toggle = () => clock(() => ({ running: 'pause', paused: 'resume', scheduled: 'start' })[status()] || null);

  // Undo the last action still standing, after saying what it was.
  async function undoLast() {
    if (!id) { toast(t('dc.none'), 'error'); return; }
    const at = id;
    await loadAudit();
    const last = U.lastAction(audit);
    if (!last) { toast(t('log.nothing'), 'error'); return; }
    const what = describe(last);
    if (!await confirmDialog(t('log.undo_confirm', { what }))) return;
    const res = await act(() => post(`/api/v1/tournaments/${enc(at)}/undo`, { seq: last.seq }));
    if (!res) return;
    toast(t('log.undone', { what }), 'ok');
    await loadAudit();
    document.dispatchEvent(new CustomEvent('desk:undone', { detail: { tournament: at, seq: last.seq } }));
  }
  $('dc-undo').addEventListener('click', undoLast);
  $('help-btn').addEventListener('click', () => openDialog('help-dialog'));

  const keys = {
    ' ': toggle,
    n: () => clock('next_level'), p: () => clock('previous_level'),
    '+': () => clock('plus'), '=': () => clock('plus'), '-': () => clock('minus'),
    u: undoLast,
    '?': () => openDialog('help-dialog'),
  };
  TABS.forEach((name, i) => { keys[String(i + 1)] = () => D.showTab(name); });
  U.shortcuts({ active: () => me !== null && !$('app').hidden, undo: undoLast, keys });

  setInterval(() => { if (state) render(); }, 250);
  window.FeltDeskClock = { state: () => state, id: () => id };
})();
