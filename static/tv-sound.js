// tv-sound.js: the TV's announcements of a level change and of the last minute: a flash, a
// WebAudio tone and (optionally) a spoken line, in the screen's language. Each event is announced once: the last level
// announced is kept in localStorage, so a reload, a reconnect or an undo never repeats it.
(function (root) {
  'use strict';

  // Sound is per screen: ?sound=1 (or 0) chooses and is remembered; ?speech=1 adds the voice.
  // Default silent, so only the screens chosen play anything.
  const KEY_SOUND = 'felt.tv.sound', KEY_SPEECH = 'felt.tv.speech';
  const store = {
    get: (k) => { try { return localStorage.getItem(k); } catch (e) { return null; } },
    set: (k, v) => { try { if (v == null) localStorage.removeItem(k); else localStorage.setItem(k, v); } catch (e) { /* private mode */ } },
  };
  const q = new URLSearchParams(location.search);
  for (const [param, key] of [['sound', KEY_SOUND], ['speech', KEY_SPEECH]]) {
    if (q.has(param)) store.set(key, q.get(param) === '1' ? '1' : '0');
  }
  const settings = {
    sound: () => store.get(KEY_SOUND) === '1',
    speech: () => store.get(KEY_SPEECH) === '1',
    toggle: () => store.set(KEY_SOUND, settings.sound() ? '0' : '1'),
  };

  let ctx = null;
  // Two rising beeps for a level change, three short high ones for the last minute.
  function tone(kind) {
    const AC = root.AudioContext || root.webkitAudioContext;
    if (!AC) return;
    try {
      if (!ctx) ctx = new AC();
      if (ctx.state === 'suspended') ctx.resume();
      const notes = kind === 'level' ? [[660, 0, 0.35], [880, 0.4, 0.6]] : [[988, 0, 0.15], [988, 0.25, 0.15], [988, 0.5, 0.15]];
      for (const [freq, at, len] of notes) {
        const o = ctx.createOscillator(), g = ctx.createGain();
        o.type = 'sine'; o.frequency.value = freq;
        const t = ctx.currentTime + at;
        g.gain.setValueAtTime(0.0001, t);
        g.gain.exponentialRampToValueAtTime(0.5, t + 0.02);
        g.gain.exponentialRampToValueAtTime(0.0001, t + len);
        o.connect(g).connect(ctx.destination);
        o.start(t); o.stop(t + len + 0.05);
      }
    } catch (e) { /* no audio on this device */ }
  }

  const I = root.FeltI18n;
  const t = (key, vars) => I.t(key, vars);

  // Spoken with a voice of the page's language (the browser picks one for `lang`).
  function say(text) {
    const s = root.speechSynthesis;
    if (!s || !root.SpeechSynthesisUtterance) return;
    try {
      const u = new root.SpeechSynthesisUtterance(text);
      u.lang = I.lang();
      const voice = (s.getVoices() || []).find((v) => String(v.lang).toLowerCase().split(/[-_]/)[0] === u.lang);
      if (voice) u.voice = voice;
      root.__feltSpoken = (root.__feltSpoken || []).concat([{ text, lang: u.lang }]);
      s.cancel(); s.speak(u);
    } catch (e) { /* no voice */ }
  }

  // "Level 7, blinds 400 800, ante 800" / "Break, 15 minutes" (no separators: read aloud well).
  function spoken(F, levels, index) {
    const lv = levels[index];
    if (!lv) return '';
    if (lv.kind === 'break') return t(lv.color_up ? 'tv.say_break_color_up' : 'tv.say_break', { n: Math.round(lv.duration_secs / 60) });
    const name = root.FeltWords ? root.FeltWords.levelName(levels, index) : F.levelName(levels, index);
    const blinds = t('tv.say_blinds', { level: name, sb: lv.small_blind, bb: lv.big_blind });
    return lv.ante && lv.ante_kind !== 'none' ? `${blinds}, ${t('tv.say_ante', { n: lv.ante })}` : blinds;
  }

  // Watches one tournament's clock as rendered and announces forward changes seen live.
  // `onShow(kind, text)` flashes it on screen (every screen), sound only where chosen.
  class Announcer {
    constructor(F, id, onShow) {
      this.F = F; this.key = `felt.tv.announced.${id}`; this.onShow = onShow;
      this.base = null;         // { level, minute }: the last announced (or found at load)
      this.prev = null;         // the previous render's position
      root.__feltAnnounced = root.__feltAnnounced || [];
    }
    _save() { store.set(this.key, JSON.stringify(this.base)); }
    // Called at every render with the position shown and whether it runs now.
    observe(levels, pos, running, live) {
      if (!this.base) {
        // The first render after a (re)load: whatever it shows was not seen happening.
        let saved = null;
        try { saved = JSON.parse(store.get(this.key) || 'null'); } catch (e) { saved = null; }
        this.base = { level: Math.max(pos.level, saved && saved.level >= 0 ? saved.level : -1), minute: saved ? saved.minute : -1 };
        if (pos.remaining_ms <= 60000) this.base.minute = Math.max(this.base.minute, pos.level);
        this._save();
        this.prev = pos;
        return;
      }
      const prev = this.prev;
      this.prev = pos;
      if (!live) return;
      if (running && pos.level > this.base.level) {
        this.base.level = pos.level;
        this._save();
        this._announce('level', spoken(this.F, levels, pos.level));
        return;
      }
      const lv = levels[pos.level];
      if (running && lv && lv.kind === 'play' && prev && prev.level === pos.level && prev.remaining_ms > 60000 &&
          pos.remaining_ms <= 60000 && pos.remaining_ms > 0 && this.base.minute < pos.level) {
        this.base.minute = pos.level;
        this._save();
        this._announce('minute', t('tv.say_minute'));
      }
    }
    _announce(kind, text) {
      const played = settings.sound();
      root.__feltAnnounced.push({ kind, text, played, at: Date.now() });
      this.onShow(kind, text);
      if (!played) return;
      tone(kind);
      if (settings.speech() && text) setTimeout(() => say(text), kind === 'level' ? 1100 : 900);
    }
  }

  root.FeltSound = { settings, tone, say, spoken, Announcer };
})(window);
