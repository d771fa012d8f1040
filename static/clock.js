// clock.js: Felt's shared browser code: clock arithmetic (docs/PROTOCOL.md), formatting, and the websocket client.
(function (root) {
  'use strict';

  // ---- clock arithmetic -------------------------------------------------

  // Where the clock stands at server time `now`: { level, remaining_ms, overtime_ms }.
  // Same arithmetic as PROTOCOL.md and felt_domain::clock.
  function clockAt(state, now) {
    const levels = (state.structure && state.structure.levels) || [];
    if (levels.length === 0) return { level: 0, remaining_ms: 0, overtime_ms: 0 };
    let a = state.clock;
    // A due automatic start runs the clock as it was set before the start, from the scheduled time.
    if (!state.started && state.status !== 'finished' && state.auto_start && state.scheduled_start != null && now >= state.scheduled_start)
      a = Object.assign({}, a, { at: state.scheduled_start, running: true });
    let level = Math.min(Math.max(a.level, 0), levels.length - 1);
    let rem = a.remaining_ms - (a.running ? now - a.at : 0);
    while (rem <= 0 && level < levels.length - 1) { level += 1; rem += levels[level].duration_secs * 1000; }
    return { level, remaining_ms: Math.max(rem, 0), overtime_ms: rem < 0 ? -rem : 0 };
  }

  // "running" | "paused" | "scheduled" | "finished", as a screen should show it at `now`
  // (a passed auto start counts as running before the server's clock_started arrives).
  function displayStatus(state, now) {
    if (state.status === 'finished') return 'finished';
    if (!state.started) {
      if (state.auto_start && state.scheduled_start != null && now >= state.scheduled_start) return 'running';
      return 'scheduled';
    }
    return state.clock && state.clock.running ? 'running' : 'paused';
  }

  // Milliseconds until the next break starts, from a clockAt() position; 0 while on a break,
  // null when no break is left.
  function msToNextBreak(levels, pos) {
    if (!levels[pos.level]) return null;
    if (levels[pos.level].kind === 'break') return 0;
    let ms = pos.remaining_ms;
    for (let i = pos.level + 1; i < levels.length; i++) {
      if (levels[i].kind === 'break') return ms;
      ms += levels[i].duration_secs * 1000;
    }
    return null;
  }

  // ---- formatting -------------------------------------------------------

  const pad2 = (n) => String(n).padStart(2, '0');

  // Whole seconds as mm:ss, or h:mm:ss from one hour on.
  function formatSecs(total) {
    const h = Math.floor(total / 3600), m = Math.floor((total % 3600) / 60), s = total % 60;
    return h > 0 ? `${h}:${pad2(m)}:${pad2(s)}` : `${pad2(m)}:${pad2(s)}`;
  }
  // A countdown rounds up, so "00:00" shows only when the time is really out.
  const formatCountdown = (ms) => formatSecs(Math.ceil(Math.max(ms, 0) / 1000));
  const formatOvertime = (ms) => '+' + formatSecs(Math.floor(Math.max(ms, 0) / 1000));
  // The time-left text for a clockAt() position.
  const formatClock = (pos) => (pos.overtime_ms > 0 ? formatOvertime(pos.overtime_ms) : formatCountdown(pos.remaining_ms));

  const formatChips = (n) => Number(n).toLocaleString('en-US');

  // Blinds of a play level as [blinds, ante] parts: ["400 / 800", "ante 800 (BB)"]; ante is "" when none.
  function blindsParts(level) {
    if (!level || level.kind !== 'play') return ['', ''];
    const blinds = `${formatChips(level.small_blind)} / ${formatChips(level.big_blind)}`;
    if (!level.ante || level.ante_kind === 'none') return [blinds, ''];
    return [blinds, `ante ${formatChips(level.ante)}${level.ante_kind === 'big_blind' ? ' (BB)' : ''}`];
  }
  // "400 / 800, ante 800 (BB)"; "Break" for a break.
  function blindsText(level) {
    if (level && level.kind === 'break') return 'Break';
    const [b, a] = blindsParts(level);
    return a ? `${b}, ${a}` : b;
  }

  // "Level 7" (play levels are numbered without the breaks) or "Break".
  function levelName(levels, index) {
    const lv = levels[index];
    if (!lv) return '';
    if (lv.kind === 'break') return 'Break';
    let n = 0;
    for (let i = 0; i <= index; i++) if (levels[i].kind !== 'break') n++;
    return `Level ${n}`;
  }

  const formatMinutes = (secs) => (secs % 60 === 0 ? `${secs / 60} min` : formatSecs(secs));

  // ---- applying changes -------------------------------------------------

  const EVENT_TYPES = new Set(['tournament_created', 'clock_started', 'clock_paused', 'clock_resumed',
    'level_changed', 'time_set', 'time_adjusted', 'structure_edited', 'tournament_finished', 'entry',
    'seating']);   // seats are not part of the state screens fold (GET .../seating has them)

  // Events that change more than a client can fold (payouts, deals, undos): the server sends
  // a fresh snapshot right after each of them.
  const SNAPSHOT_FOLLOWS = new Set(['payouts_changed', 'payouts_locked', 'payouts_unlocked',
    'deal_recorded', 'undone']);

  // Applies one change event to a state in place; false (state untouched) for an event it cannot apply.
  function applyEvent(state, ev) {
    if (!ev || !EVENT_TYPES.has(ev.type)) return false;
    if (ev.type === 'structure_edited' && !Array.isArray(ev.levels)) return false;
    if (ev.clock) state.clock = ev.clock;
    switch (ev.type) {
      case 'clock_started': state.started = true; state.status = 'running'; break;
      case 'structure_edited': state.structure = Object.assign({}, state.structure, { levels: ev.levels }); break;
      case 'tournament_finished': state.status = 'finished'; break;
    }
    return true;
  }

  // ---- websocket client -------------------------------------------------

  const SILENCE_MS = 15000;   // no frame for this long: the socket is taken as dead
  const MAX_BACKOFF_MS = 10000;

  // One socket for a page. Options (all optional):
  //   onStatus("live" | "reconnecting"), onUpdate(id, state, frame) after a snapshot or change,
  //   onVenue(summaries), onVenueChange(summary), onError(error), url.
  class FeltSocket {
    constructor(opts = {}) {
      this.opts = opts;
      this.url = opts.url || `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
      // A staff token, sent in an `auth` frame first on every connection (browsers cannot
      // set the socket's headers).
      this.token = opts.token || (() => null);
      this.offset = 0;              // server_time - Date.now(), from the latest frame
      this.subs = new Map();        // tournament id -> { seq, state, pending }
      this.venue = false;
      this.ws = null;
      this.status = 'reconnecting';
      this.attempt = 0;
      this.lastFrame = 0;
      this.retryTimer = null;
      this.watchdog = null;
      this.stopped = true;
    }

    now() { return Date.now() + this.offset; }
    state(id) { const s = this.subs.get(id); return s ? s.state : null; }

    start() {
      if (!this.stopped) return this;
      this.stopped = false;
      this.watchdog = setInterval(() => this._checkSilence(), 1000);
      if (typeof addEventListener === 'function') {
        this._onOnline = () => { if (this.status !== 'live') this._reconnectNow(); };
        addEventListener('online', this._onOnline);
      }
      this._connect();
      return this;
    }

    stop() {
      this.stopped = true;
      clearInterval(this.watchdog);
      clearTimeout(this.retryTimer);
      if (this._onOnline) removeEventListener('online', this._onOnline);
      this._drop();
    }

    subscribe(id) {
      if (!this.subs.has(id)) this.subs.set(id, { seq: 0, state: null, pending: true });
      this._send({ type: 'subscribe', tournament: id });
    }
    unsubscribe(id) {
      if (this.subs.delete(id)) this._send({ type: 'unsubscribe', tournament: id });
    }
    subscribeVenue() { this.venue = true; this._send({ type: 'subscribe_venue' }); }
    unsubscribeVenue() { this.venue = false; this._send({ type: 'unsubscribe_venue' }); }

    // A state got another way (HTTP): taken when newer than what the socket has.
    offer(id, seq, state, serverTime) {
      if (typeof serverTime === 'number' && this.lastFrame === 0) this.offset = serverTime - Date.now();
      const s = this.subs.get(id);
      if (!s || (s.state && seq <= s.seq)) return;
      s.state = state; s.seq = seq;
      this._emit('onUpdate', id, state, null);
    }

    // -- internals --
    _emit(name, ...args) { const f = this.opts[name]; if (f) try { f(...args); } catch (e) { console.error(e); } }
    _setStatus(st) { if (st !== this.status) { this.status = st; this._emit('onStatus', st); } }
    _send(frame) {
      if (this.ws && this.ws.readyState === 1) this.ws.send(JSON.stringify(frame));
      // otherwise it is sent by _onOpen
    }

    _connect() {
      clearTimeout(this.retryTimer);
      if (this.stopped) return;
      let ws;
      try { ws = new WebSocket(this.url); } catch (e) { this._scheduleRetry(); return; }
      this.ws = ws;
      this._openedAt = Date.now();
      this._sawFrame = false;
      ws.onopen = () => this._onOpen();
      ws.onmessage = (m) => this._onMessage(m.data);
      ws.onclose = () => { if (this.ws === ws) { this.ws = null; this._scheduleRetry(); } };
      ws.onerror = () => {}; // onclose follows
    }

    /** Sends the current token (after a login, or on every new connection). */
    authenticate() {
      const token = this.token();
      if (token) this._send({ type: 'auth', token });
    }

    _onOpen() {
      this._openedAt = Date.now();
      this._sawFrame = false;
      this.authenticate();
      for (const [id, s] of this.subs) { s.pending = true; this._send({ type: 'subscribe', tournament: id }); }
      if (this.venue) this._send({ type: 'subscribe_venue' });
      this._setStatus('live');
    }

    _drop() {
      const ws = this.ws;
      this.ws = null;
      if (ws) { ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null; try { ws.close(); } catch (e) { /* already closed */ } }
    }

    _scheduleRetry() {
      this._setStatus('reconnecting');
      if (this.stopped) return;
      const delay = Math.min(1000 * 2 ** this.attempt, MAX_BACKOFF_MS);  // 1, 2, 4, 8, 10, 10 ... s
      this.attempt += 1;
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => this._connect(), delay);
    }

    _reconnectNow() { this._drop(); this.attempt = 0; this._connect(); }

    _checkSilence() {
      if (!this.ws) return;
      const since = this._sawFrame ? this.lastFrame : this._openedAt;
      if (Date.now() - since > SILENCE_MS) { this._drop(); this._scheduleRetry(); }
    }

    _resync(id) {
      const s = this.subs.get(id);
      if (!s) return;
      s.pending = true;
      this._send({ type: 'subscribe', tournament: id });
    }

    _onMessage(data) {
      let f;
      try { f = JSON.parse(data); } catch (e) { return; }
      if (!f || typeof f !== 'object') return;
      this.lastFrame = Date.now();
      this._sawFrame = true;
      this.attempt = 0;
      if (typeof f.server_time === 'number') this.offset = f.server_time - Date.now();
      const s = f.tournament != null && typeof f.tournament !== 'object' ? this.subs.get(f.tournament) : null;
      switch (f.type) {
        case 'snapshot':
          if (!s || !f.state) return;
          s.state = f.state; s.seq = f.seq; s.pending = false;
          this._emit('onUpdate', f.tournament, s.state, f);
          return;
        case 'change':
          if (!s || s.pending || !s.state) return;   // a snapshot is on its way
          if (f.seq <= s.seq) return;                 // already have it (e.g. from an HTTP reply)
          if (f.seq === s.seq + 1 && f.event && SNAPSHOT_FOLLOWS.has(f.event.type)) {
            s.pending = true;                         // the snapshot right behind it replaces the state
            return;
          }
          if (f.seq !== s.seq + 1 || !applyEvent(s.state, f.event)) { this._resync(f.tournament); return; }
          if (f.figures) s.state.figures = f.figures;
          s.seq = f.seq;
          this._emit('onUpdate', f.tournament, s.state, f);
          return;
        case 'venue': if (this.venue) this._emit('onVenue', f.tournaments || []); return;
        case 'venue_change': if (this.venue && f.tournament) this._emit('onVenueChange', f.tournament); return;
        case 'error': this._emit('onError', f.error || {}); return;
        default: return; // heartbeat and anything newer
      }
    }
  }

  // ---- small DOM helper shared by the pages -----------------------------

  // Fills `el` with blinds as two spans so the ante can sit on its own line,
  // while el.textContent stays "400 / 800, ante 800 (BB)".
  function fillBlinds(el, level) {
    const [b, a] = blindsParts(level);
    const key = b + '|' + a;
    if (el.dataset.key === key) return;
    el.dataset.key = key;
    el.textContent = '';
    const sb = document.createElement('span'); sb.className = 'b'; sb.textContent = b; el.append(sb);
    if (a) {
      const sep = document.createElement('span'); sep.className = 'sep'; sep.textContent = ', ';
      const sa = document.createElement('span'); sa.className = 'ante'; sa.textContent = a;
      el.append(sep, sa);
    }
  }
  // Sets text only when it changed (keeps the DOM quiet at 4 updates a second).
  function setText(el, text) { if (el && el.textContent !== text) { el.textContent = text; delete el.dataset.key; } }

  const Felt = {
    clockAt, displayStatus, msToNextBreak, formatSecs, formatCountdown, formatOvertime, formatClock,
    formatChips, formatMinutes, blindsParts, blindsText, levelName, applyEvent, EVENT_TYPES, FeltSocket,
    fillBlinds, setText,
  };
  if (typeof module === 'object' && module.exports) module.exports = Felt;
  else root.Felt = Felt;
})(typeof window !== 'undefined' ? window : globalThis);
