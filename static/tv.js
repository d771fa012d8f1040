// tv.js: the TV clock page (/tv/{id}): subscribes to one tournament and counts down locally from the clock anchor.
(function () {
  'use strict';
  const F = window.Felt;
  const $ = (id) => document.getElementById(id);
  const el = {
    name: $('name'), status: $('status'), connection: $('connection'), banner: $('reconnecting'),
    level: $('level'), paused: $('paused'), time: $('time-left'), caption: $('time-caption'), digits: $('time-digits'),
    blinds: $('blinds'), next: $('next-level'), nextBreak: $('next-break'),
    players: $('players'), average: $('average'), prizePool: $('prize-pool'), missing: $('missing'), missingDetail: $('missing-detail'),
  };
  const body = document.body;

  let state = null;
  let missing = false;
  let everLive = false;   // the reconnecting banner shows once the page has been live (or after 2 s)
  let sock = null;

  // ---- paired screens (/tv): a pairing code, then whatever the director assigns ----
  const SCREEN_KEY = 'felt.screen.token';
  const screenToken = () => { try { return localStorage.getItem(SCREEN_KEY); } catch (e) { return null; } };
  const setScreenToken = (t) => { try { if (t) localStorage.setItem(SCREEN_KEY, t); else localStorage.removeItem(SCREEN_KEY); } catch (e) { /* private mode */ } };
  // Goes where the assignment says, unless already there.
  const follow = (screen) => {
    const target = screen.layout === 'clock' && screen.tournament ? `/tv/${screen.tournament}` : '/tv';
    if (location.pathname.replace(/\/$/, '') !== target) location.replace(target);
    return target === '/tv';
  };
  // A socket that authenticates as the screen, follows `screen` frames and, once revoked, pairs again.
  const screenSocket = (opts) => {
    const s = new F.FeltSocket(Object.assign({}, opts, {
      token: screenToken,
      onError: (err) => {
        if (/^token_/.test(String(err.code || ''))) { setScreenToken(null); location.replace('/tv'); return; }
        if (opts.onError) opts.onError(err);
      },
    }));
    const read = s._onMessage.bind(s);
    s._onMessage = (data) => {
      try { const f = JSON.parse(data); if (f && f.type === 'screen' && f.screen) follow(f.screen); } catch (e) { /* not ours */ }
      read(data);
    };
    return s;
  };

  if (/^\/tv\/?$/.test(location.pathname)) { screenMode(); return; }

  const match = location.pathname.match(/^\/tv\/([^/]+)\/?$/);
  const id = match ? safeDecode(match[1]) : '';
  if (!id) { showMissing('This address names no tournament.'); return; }
  el.qr = $('qr');
  el.qr.src = `/api/v1/tournaments/${encodeURIComponent(id)}/qr.svg`;
  el.qr.onload = () => { el.qr.hidden = false; };

  sock = (screenToken() ? screenSocket : (o) => new F.FeltSocket(o))({
    onUpdate: (tid, s) => { if (tid === id) { state = s; render(); } },
    onStatus: showConnection,
    onError: (err) => {
      // The only subscription here is ours: a "not found" error before any state means a wrong id.
      if (!state && /not_found|unknown/.test(String(err.code || ''))) showMissing(err.message);
      else console.warn('felt: server error frame', err);
    },
  });
  sock.subscribe(id);
  sock.start();

  // Initial fill over HTTP (and the clear answer for an unknown id); the socket takes over.
  fetch(`/api/v1/tournaments/${encodeURIComponent(id)}`, { headers: { accept: 'application/json' } })
    .then(async (res) => {
      // 404: no such tournament; 400: the address holds no tournament id at all (the
      // socket only answers invalid_frame then, so without this the page stays blank).
      if (res.status === 404 || res.status === 400) {
        const body = await res.json().catch(() => null);
        showMissing(body && body.error && body.error.message);
        return;
      }
      if (!res.ok) return;
      const body = await res.json();
      if (body && body.state) sock.offer(id, body.seq, body.state, body.server_time);
    })
    .catch(() => { /* the socket will fill in */ });

  showConnection(sock.status);
  // The banner is held back briefly at load so a normal first connect does not flash it.
  setTimeout(() => { everLive = true; showConnection(sock.status); }, 2000);
  setInterval(render, 250);
  document.addEventListener('visibilitychange', render);

  // /tv: with a screen token, what it is assigned (the overview is shown here); without,
  // a pairing code until the director pairs it.
  function screenMode() {
    body.classList.add('is-missing');
    $('pairing').hidden = false;
    const token = screenToken();
    if (!token) { pair(); return; }
    fetch('/api/v1/screens/me', { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } })
      .then(async (res) => {
        if (res.status === 401 || res.status === 404) { setScreenToken(null); pair(); return; }
        if (!res.ok) throw new Error(String(res.status));
        if (follow(await res.json())) overview();
      })
      .catch(() => setTimeout(screenMode, 5000));
  }

  function pair() {
    F.setText($('pairing-title'), 'Pair this screen');
    fetch('/api/v1/screens/pairing', { method: 'POST', headers: { accept: 'application/json' } })
      .then(async (res) => {
        if (!res.ok) throw new Error(String(res.status));
        const p = await res.json();
        F.setText($('pairing-code'), p.code);
        poll(p.secret);
      })
      .catch(() => { F.setText($('pairing-code'), '…'); setTimeout(pair, 15000); });
  }

  function poll(secret) {
    setTimeout(() => {
      fetch(`/api/v1/screens/pairing/${encodeURIComponent(secret)}`, { headers: { accept: 'application/json' } })
        .then(async (res) => {
          if (res.status === 404 || res.status === 409 || res.status === 410) { pair(); return; }  // expired or gone: a new code
          if (!res.ok) { poll(secret); return; }
          const p = await res.json();
          if (p.status === 'paired' && p.token) { setScreenToken(p.token); if (follow(p.screen)) overview(); return; }
          poll(secret);
        })
        .catch(() => poll(secret));
    }, 2000);
  }

  // The venue overview: every tournament with its level, for a screen assigned no tournament.
  function overview() {
    F.setText($('pairing-title'), 'Tournaments');
    F.setText($('pairing-code'), '');
    F.setText($('pairing-detail'), '');
    const list = $('overview');
    const rows = new Map();
    const show = () => {
      list.textContent = '';
      for (const t of rows.values()) {
        const li = document.createElement('li');
        li.textContent = `${t.name} · ${t.status}${t.level ? ' · ' + F.blindsText(t.level) : ''}`;
        list.append(li);
      }
    };
    sock = screenSocket({
      onVenue: (all) => { rows.clear(); for (const t of all) rows.set(t.id, t); show(); },
      onVenueChange: (t) => { rows.set(t.id, t); show(); },
    });
    sock.subscribeVenue();
    sock.start();
  }

  function safeDecode(s) { try { return decodeURIComponent(s); } catch (e) { return ''; } }

  function showMissing(message) {
    missing = true;
    if (sock) sock.stop();
    body.classList.add('is-missing');
    el.missing.hidden = false;
    el.missingDetail.textContent = id ? `No tournament with id ${id} on this server.` : message;
    document.title = 'Unknown tournament · Felt';
  }

  function showConnection(status) {
    if (missing) return;
    const live = status === 'live';
    if (live) everLive = true;
    F.setText(el.connection, live ? 'live' : 'reconnecting');
    body.classList.toggle('is-offline', !live);
    el.banner.hidden = live || !everLive;
  }

  function render() {
    if (missing || !state) return;
    body.classList.remove('is-loading');
    const now = sock.now();
    const levels = (state.structure && state.structure.levels) || [];
    const status = F.displayStatus(state, now);
    const pos = F.clockAt(state, now);
    const lv = levels[pos.level];

    F.setText(el.name, state.name || '');
    if (document.title !== `${state.name} · Felt`) document.title = `${state.name} · Felt`;
    F.setText(el.status, status);
    for (const s of ['running', 'paused', 'scheduled', 'finished']) body.classList.toggle('is-' + s, s === status);
    el.paused.hidden = status !== 'paused';

    if (status === 'finished' || !lv) {
      F.setText(el.level, '');
      F.setText(el.caption, '');
      F.setText(el.digits, status === 'finished' ? 'Finished' : 'No levels');
      F.setText(el.blinds, '');
      F.setText(el.next, '—');
      F.setText(el.nextBreak, '—');
      setTimeClasses(false, false, false);
      return;
    }

    // Current level and its blinds (a break shows its note instead).
    F.setText(el.level, F.levelName(levels, pos.level));
    body.classList.toggle('on-break', lv.kind === 'break');
    if (lv.kind === 'break') F.setText(el.blinds, lv.note || (lv.color_up ? 'Color up' : ''));
    else F.fillBlinds(el.blinds, lv);

    // The big time: a countdown to a scheduled start, or the level's time left / overtime.
    const beforeStart = status === 'scheduled' && state.scheduled_start != null && now < state.scheduled_start;
    let digits, caption = '';
    if (beforeStart) {
      caption = 'Starts in ';
      digits = F.formatCountdown(state.scheduled_start - now);
    } else {
      if (status === 'scheduled') caption = 'Waiting to start ';
      digits = F.formatClock(pos);
    }
    F.setText(el.caption, caption);
    F.setText(el.digits, digits);
    const overtime = !beforeStart && pos.overtime_ms > 0;
    const lastMinute = !beforeStart && !overtime && status !== 'scheduled' && pos.remaining_ms <= 60000;
    setTimeClasses(overtime, lastMinute, digits.length > 6);

    // Next level and time to the next break.
    const next = levels[pos.level + 1];
    if (!next) F.setText(el.next, 'Last level');
    else if (next.kind === 'break') F.setText(el.next, `Break · ${F.formatMinutes(next.duration_secs)}`);
    else F.fillBlinds(el.next, next);
    renderFigures(state.figures, lv);
    const toBreak = F.msToNextBreak(levels, pos);
    F.setText(el.nextBreak, toBreak === null ? 'No more breaks' : toBreak === 0 ? 'On break' : F.formatCountdown(toBreak));
  }

  // Players left of entries, average stack (and in big blinds), prize pool.
  function renderFigures(fig, lv) {
    if (!fig) {
      for (const e of [el.players, el.average, el.prizePool]) F.setText(e, '—');
      return;
    }
    F.setText(el.players, `${F.formatChips(fig.players_left)} / ${F.formatChips(fig.entries)}`);
    const bb = lv && lv.kind === 'play' && lv.big_blind > 0 ? ` · ${Math.floor(fig.average_stack / lv.big_blind)} BB` : '';
    F.setText(el.average, fig.players_left > 0 ? `${F.formatChips(fig.average_stack)}${bb}` : '—');
    F.setText(el.prizePool, F.formatChips(Math.floor(fig.prize_pool.pool / 100)));
  }

  function setTimeClasses(overtime, lastMinute, long) {
    el.time.classList.toggle('overtime', overtime);
    el.time.classList.toggle('last-minute', lastMinute);
    el.time.classList.toggle('long', long);
  }
})();
