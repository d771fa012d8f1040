// clock-words.js: the clock's words in the page's language (i18n.js), for the public pages
// (TV, phone, venue): level names, blinds and antes, minutes, statuses, places and money.
// clock.js keeps the arithmetic; its English-only formatters are not used by these pages.
(function (root) {
  'use strict';
  const I = root.FeltI18n;
  const t = (key, vars) => I.t(key, vars);
  const chips = (n) => Number(n).toLocaleString('en-US');

  // "Level 7" (play levels are numbered without the breaks) or "Break".
  function levelName(levels, index) {
    const lv = levels[index];
    if (!lv) return '';
    if (lv.kind === 'break') return t('clock.break');
    let n = 0;
    for (let i = 0; i <= index; i++) if (levels[i].kind !== 'break') n++;
    return t('clock.level', { n });
  }

  // A play level's blinds and ante: ["400 / 800", "ante 800 (BB)"]; the ante is "" when none.
  function blindsParts(level) {
    if (!level || level.kind !== 'play') return ['', ''];
    const blinds = `${chips(level.small_blind)} / ${chips(level.big_blind)}`;
    if (!level.ante || level.ante_kind === 'none') return [blinds, ''];
    return [blinds, t(level.ante_kind === 'big_blind' ? 'pub.ante_bb' : 'pub.ante', { n: chips(level.ante) })];
  }
  // "400 / 800, ante 800 (BB)"; "Break" for a break.
  function blindsText(level) {
    if (level && level.kind === 'break') return t('clock.break');
    const [b, a] = blindsParts(level);
    return a ? `${b}, ${a}` : b;
  }
  // The blinds into `el` as spans (.b, .sep, .ante), as clock.js's fillBlinds does.
  function fillBlinds(el, level) {
    const [b, a] = blindsParts(level);
    const key = `${I.lang()}|${b}|${a}`;
    if (el.dataset.key === key) return;
    el.textContent = '';
    const sb = document.createElement('span'); sb.className = 'b'; sb.textContent = b; el.append(sb);
    if (a) {
      const sep = document.createElement('span'); sep.className = 'sep'; sep.textContent = ', ';
      const sa = document.createElement('span'); sa.className = 'ante'; sa.textContent = a;
      el.append(sep, sa);
    }
    el.dataset.key = key;
  }

  // "15 min", or m:ss for an odd length.
  function minutes(secs) {
    if (secs % 60 === 0) return t('pub.minutes', { n: secs / 60 });
    const m = Math.floor(secs / 60), s = secs % 60;
    return `${m}:${String(s).padStart(2, '0')}`;
  }

  // running / paused / scheduled / finished, in words.
  const statusName = (status) => (status ? t('status.' + status) : '');

  // Minor units in the tournament's currency ({code, decimals}): "1,250 EUR", "12.50 EUR".
  function money(minor, currency) {
    const digits = currency && currency.decimals != null ? currency.decimals : 2;
    const unit = 10 ** digits;
    const v = (Number(minor) / unit).toLocaleString(I.lang() === 'en' ? 'en-US' : I.lang(),
      { minimumFractionDigits: minor % unit ? digits : 0, maximumFractionDigits: digits });
    const code = currency && (currency.code || (typeof currency === 'string' ? currency : ''));
    return code ? `${v} ${code}` : v;
  }

  // 1st, 2nd (1er, 2e); a tie or a folded range as "4th – 6th".
  const place = (n) => I.ordinal(n);
  const places = (a, b) => (a === b ? place(a) : `${place(a)} – ${place(b)}`);

  root.FeltWords = { t, levelName, blindsParts, blindsText, fillBlinds, minutes, statusName, money, place, places, chips };
})(window);
