// i18n.js: the language setting (per screen, defaulting to the browser's), the string lookup
// over the tables in lang/*.js, and the theme setting.
// Pages mark static text with data-i18n (text), data-i18n-label (aria-label),
// data-i18n-ph (placeholder) and data-i18n-title (title); scripts call Felt.t(key, vars).
(function (root) {
  'use strict';

  // The tables live in lang/*.js, loaded before this file: one file per language.
  const STRINGS = root.FeltStrings || { en: {} };

  const LANG_KEY = 'felt.lang';
  const THEME_KEY = 'felt.theme';

  function storage(key, value) {
    try {
      if (value === undefined) return localStorage.getItem(key);
      if (value === null) localStorage.removeItem(key); else localStorage.setItem(key, value);
    } catch (e) { /* private mode: settings last for the page */ }
    return null;
  }

  // The language setting ('' = the browser's), and the language it resolves to.
  function langSetting() { return storage(LANG_KEY) || ''; }
  function resolveLang(setting) {
    const wanted = setting ? [setting] : (navigator.languages || [navigator.language || 'en']);
    for (const l of wanted) {
      const base = String(l).toLowerCase().split('-')[0];
      if (STRINGS[base]) return base;
    }
    return 'en';
  }
  let lang = resolveLang(langSetting());

  // The string for `key` in the current language (English if missing), with {vars} filled.
  function t(key, vars) {
    let s = (STRINGS[lang] && STRINGS[lang][key]) || STRINGS.en[key];
    if (s === undefined) { console.warn('felt: no string', key); return key; }
    if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (vars[k] === undefined ? m : String(vars[k])));
    return s;
  }

  // 1st, 2nd, 3rd, 4th... (1er, 2e... in French).
  function ordinal(n) {
    if (lang === 'fr') return n === 1 ? '1er' : `${n}e`;
    const tens = n % 100, ones = n % 10;
    const suffix = tens >= 11 && tens <= 13 ? 'th' : ones === 1 ? 'st' : ones === 2 ? 'nd' : ones === 3 ? 'rd' : 'th';
    return `${n}${suffix}`;
  }

  // Fills every marked element under `rootEl` with the current language's strings.
  function translate(rootEl) {
    const doc = rootEl || document;
    for (const e of doc.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
    for (const e of doc.querySelectorAll('[data-i18n-label]')) e.setAttribute('aria-label', t(e.dataset.i18nLabel));
    for (const e of doc.querySelectorAll('[data-i18n-ph]')) e.setAttribute('placeholder', t(e.dataset.i18nPh));
    for (const e of doc.querySelectorAll('[data-i18n-title]')) e.setAttribute('title', t(e.dataset.i18nTitle));
    document.documentElement.lang = lang;
  }

  function setLang(setting) {
    storage(LANG_KEY, setting || null);
    lang = resolveLang(setting || '');
    translate();
  }

  // Theme: 'auto' follows the system, else 'dark' or 'light' (data-theme on <html>).
  function themeSetting() { return storage(THEME_KEY) || 'auto'; }
  function applyTheme(setting) {
    const s = setting || themeSetting();
    const dark = s === 'dark' || (s === 'auto' && !(root.matchMedia && root.matchMedia('(prefers-color-scheme: light)').matches));
    document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  }
  function setTheme(setting) { storage(THEME_KEY, setting === 'auto' ? null : setting); applyTheme(setting); }

  applyTheme();
  if (root.matchMedia) {
    const mq = root.matchMedia('(prefers-color-scheme: light)');
    if (mq.addEventListener) mq.addEventListener('change', () => applyTheme());
  }

  const I18n = {
    STRINGS, t, ordinal, translate, setLang, langSetting, lang: () => lang, languages: () => Object.keys(STRINGS),
    setTheme, themeSetting, applyTheme, storage,
  };
  root.FeltI18n = I18n;
})(typeof window !== 'undefined' ? window : globalThis);
