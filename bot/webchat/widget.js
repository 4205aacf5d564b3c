/*
 * Chat widget of the referral assistant "Vart kan jag vända mig?" (docs/widget.md).
 *
 * Embed with one line:
 *   <script src="https://assistant.example/webhooks/webchat/widget.js"
 *           data-exit-url="https://www.google.com/search?q=v%C3%A4der" defer></script>
 *
 * Rules this file keeps, because the person using it may be watched or in danger:
 * - Quick exit always works: a button that is always on screen and first in the page's tab
 *   order, and Shift three times. (Not Esc: Esc closes menus, and a second Esc to close one
 *   must never throw the person off the page.)
 * - Nothing is stored: no cookies, no localStorage, no sessionStorage. The conversation lives in
 *   this page's memory; the sender id is random per page load.
 * - Text from the assistant or the directory is inserted as text (textContent, Text nodes),
 *   never as HTML; links are built only from tel: and http(s) addresses.
 * - When the assistant cannot be reached, 112 and Kvinnofridslinjen are shown from this file.
 * No framework and no build step: plain JavaScript that current browsers run as it is.
 */
(() => {
  "use strict";

  if (window.__vinrChatWidget) return; // embedded twice: one widget is enough
  window.__vinrChatWidget = true;

  // The channel (bot/channels/webchat.py) writes its settings and bot/webchat/i18n.json here.
  const SERVER = /*@config*/ {} /*@end*/;
  const I18N = /*@strings*/ {} /*@end*/;

  const DEFAULT_EXIT_URL = "https://www.google.com/search?q=v%C3%A4der";
  const REQUEST_TIMEOUT_MS = 25000;
  const CONFIRM_CLEAR_MS = 5000; // "clear the conversation?" waits this long for the second press
  const SHIFT_WINDOW_MS = 1500; // Shift three times within this
  // The crisis lines shown when the assistant cannot be reached: they must not depend on it.
  const CRISIS_LINES = [
    { key: "offline112", number: "112", uri: "tel:112" },
    { key: "offlineKvinnofrid", number: "020-50 50 50", uri: "tel:+4620505050" },
  ];
  // Words needed even if the strings file were missing.
  const BUILTIN = {
    offline: "Jag når inte assistenten just nu. / I cannot reach the assistant right now.",
    offline112: "112 – om någon är i fara / if anyone is in danger",
    offlineKvinnofrid: "Kvinnofridslinjen – dygnet runt / day and night",
    quickExit: "Lämna sidan snabbt / Leave quickly",
  };
  // The role buttons of the assistant's greeting, so that nobody has to start with a blank box.
  const START_CHOICES = [
    ["roleMe", "/victim_violence"],
    ["roleChild", "/child_victim"],
    ["roleRelative", "/relative"],
    ["rolePerpetrator", "/perpetrator"],
    ["rolePro", "/pro_victim"],
  ];

  // ---- where things are ----------------------------------------------------------------------

  const script = document.currentScript || document.querySelector('script[src*="widget.js"]');
  const scriptUrl = new URL(script ? script.src : "widget.js", location.href);
  const origin = scriptUrl.origin; // the assistant's own origin, whatever page embeds us
  const restUrl = origin + (SERVER.rest || "/webhooks/rest");
  const maxChars = Number(SERVER.maxChars) || 2000;
  const exitUrl = httpUrl(script && script.dataset.exitUrl, location.href)
    || httpUrl(SERVER.exitUrl) || DEFAULT_EXIT_URL;
  const languages = I18N.languages || {};

  const state = {
    sender: newSenderId(),
    generation: 0, // bumped on "new conversation": late replies of the old one are dropped
    lang: pickInitialLanguage(),
    langChosen: false, // a choice in the menu wins over the language the assistant detects
    confirmingClear: false, // "new conversation" pressed once: a second press clears
    opened: false,
    talked: false, // anything sent in this conversation (then there is something to forget)
    exiting: false,
  };

  // ---- small helpers -------------------------------------------------------------------------

  function newSenderId() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16)); // randomUUID needs https
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function pickInitialLanguage() {
    const wanted = [script && script.dataset.lang, document.documentElement.lang];
    for (const code of wanted) {
      const short = (code || "").toLowerCase().split("-")[0];
      if (languageOf(code)) return code;
      if (languageOf(short)) return short;
    }
    return "sv";
  }

  /** An absolute http(s) address, or "" for anything else (javascript:, data:, garbage). */
  function httpUrl(value, base) {
    if (typeof value !== "string" || !value.trim()) return "";
    try {
      const url = new URL(value.trim(), base);
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : "";
    } catch (_) {
      return "";
    }
  }

  /** tel: followed by a plausible number; anything else is not made a link. */
  function telUri(value) {
    return typeof value === "string" && /^tel:\+?[0-9][0-9-]{1,19}$/.test(value) ? value : "";
  }

  /** Own properties only: a value from the server ("__proto__", "constructor") finds nothing. */
  function ownValue(table, key) {
    return isObject(table) && typeof key === "string" &&
      Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
  }

  /** One of the widget's own languages, or undefined for anything else. */
  function languageOf(code) {
    return ownValue(languages, code);
  }

  function t(key, params) {
    const own = ownValue((languageOf(state.lang) || {}).strings, key);
    const swedish = ownValue((languageOf("sv") || {}).strings, key);
    let text = own || swedish || ownValue(BUILTIN, key) || key;
    for (const [name, value] of Object.entries(params || {})) {
      text = text.split("{" + name + "}").join(String(value));
    }
    return text;
  }

  /** createElement with attributes; children are nodes or strings (appended as Text nodes). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === false || value === null || value === undefined) continue;
      if (name === "class") node.className = value;
      else if (name === "text") node.textContent = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  // Nodes whose words change with the UI language: [node, key, attribute or "text"].
  const translatable = [];
  function tr(node, key, attribute = "text") {
    translatable.push([node, key, attribute]);
    return node;
  }

  function svgIcon(pathData) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    const path = document.createElementNS(ns, "path");
    path.setAttribute("d", pathData);
    svg.append(path);
    return svg;
  }
  const ICON_CHAT = "M4 4h16v12H7l-3 3V4zm2 2v8.2L6.2 14H18V6H6z";
  const ICON_GLOBE = "M12 2a10 10 0 100 20 10 10 0 000-20zm6.9 6h-3a15 15 0 00-1.3-3.6A8 8 0 0118.9 8zM12 4a13 13 0 011.8 4h-3.6A13 13 0 0112 4zM4.3 14a8 8 0 010-4h3.4a16 16 0 000 4H4.3zm.8 2h3a15 15 0 001.3 3.6A8 8 0 015.1 16zm3-8h-3a8 8 0 014.3-3.6A15 15 0 008.1 8zM12 20a13 13 0 01-1.8-4h3.6A13 13 0 0112 20zm2.3-6H9.7a14 14 0 010-4h4.6a14 14 0 010 4zm.3 5.6a15 15 0 001.3-3.6h3a8 8 0 01-4.3 3.6zm1.7-5.6a16 16 0 000-4h3.4a8 8 0 010 4h-3.4z";
  const ICON_PHONE = "M6.6 10.8a15 15 0 006.6 6.6l2.2-2.2a1 1 0 011-.25 11.4 11.4 0 003.6.57 1 1 0 011 1V20a1 1 0 01-1 1A17 17 0 013 4a1 1 0 011-1h3.5a1 1 0 011 1c0 1.25.2 2.45.57 3.57a1 1 0 01-.25 1l-2.2 2.2z";

  // ---- the widget ----------------------------------------------------------------------------

  // A shadow root keeps the municipality's CSS out of the widget and the widget's CSS out of the
  // page; it is open so that assistive technology and tests see into it.
  const host = el("div", { id: "vinr-chat-widget" });
  const shadow = host.attachShadow({ mode: "open" });
  shadow.append(el("link", { rel: "stylesheet", href: new URL("widget.css", scriptUrl).href }));

  const root = el("div", { class: "vinr chat" });
  shadow.append(root);

  // Quick exit lives in a host of its own at the top of the page (or where the page puts an
  // element with `data-vinr-exit`), so it is the first stop of the keyboard, as GOV.UK's
  // "Exit this page" is; the chat itself comes last in the page.
  const exitHost = el("div", { id: "vinr-chat-exit" });
  const exitShadow = exitHost.attachShadow({ mode: "open" });
  exitShadow.append(el("link", { rel: "stylesheet", href: new URL("widget.css", scriptUrl).href }));
  const exitRoot = el("div", { class: "vinr exit-root" });
  exitShadow.append(exitRoot);
  const exitButton = el("button", { type: "button", class: "exit", onclick: quickExit },
    tr(el("span", { class: "exit-label" }), "quickExit"),
    tr(el("span", { class: "exit-hint" }), "quickExitHint"));
  exitRoot.append(exitButton);

  const launcher = el("button", {
    type: "button", class: "launcher", "aria-expanded": "false", "aria-controls": "panel",
    onclick: openPanel,
  }, svgIcon(ICON_CHAT), tr(el("span"), "launcher"));

  const title = tr(el("h2", { id: "title", class: "title" }), "title");
  const langToggle = el("button", {
    type: "button", class: "tool lang-toggle", "aria-expanded": "false",
    "aria-controls": "languages", onclick: toggleLanguages,
  }, svgIcon(ICON_GLOBE), el("span", { class: "lang-current" }));
  const clearButton = el("button", { type: "button", class: "tool clear", onclick: askToClear });
  const closeButton = tr(el("button", { type: "button", class: "tool close", onclick: closePanel },
    el("span", { "aria-hidden": "true", text: "×" })), "close", "aria-label");

  const languageList = el("ul", { id: "languages", class: "languages", hidden: true });
  for (const [code, language] of Object.entries(languages)) {
    languageList.append(el("li", {}, el("button", {
      type: "button", lang: language.lang || code, dir: language.dir || "ltr",
      "data-code": code, "aria-pressed": "false", onclick: () => chooseLanguage(code),
    }, language.name)));
  }

  const banner = el("div", { class: "banner", role: "alert", hidden: true });
  // The conversation is a chat log (role="log") that a screen reader can read back; it is not
  // live itself: each answer is announced once, whole, through `live` below (text, services
  // with their numbers, the choices), so nothing is read twice and the history is not re-read.
  const log = tr(el("div", {
    class: "log", role: "log", "aria-live": "off", tabindex: "0", "aria-busy": "false",
  }), "conversation", "aria-label");
  const typing = el("div", { class: "msg bot typing", "aria-hidden": "true" },
    el("span"), el("span"), el("span"));
  const live = el("div", { class: "sr-only", "aria-live": "polite" });

  const input = tr(el("textarea", {
    id: "message", rows: "2", maxlength: String(maxChars), autocomplete: "off",
    // Browsers' "enhanced" spell check sends the text to a cloud service: not this text.
    spellcheck: "false",
    "aria-describedby": "counter",
  }), "placeholder", "placeholder");
  const counter = el("p", { id: "counter", class: "counter" });
  const sendButton = tr(el("button", { type: "submit", class: "send" }), "send");
  const form = el("form", { class: "composer", onsubmit: onSubmit },
    tr(el("label", { for: "message", class: "sr-only" }), "inputLabel"),
    input, sendButton, counter);

  const panel = el("section", { id: "panel", class: "panel", "aria-labelledby": "title", hidden: true },
    el("header", { class: "head" }, title,
      el("div", { class: "tools" }, langToggle, clearButton, closeButton), languageList),
    banner, log, live, form,
    el("p", { class: "footnote" }, tr(el("span"), "footnote"), " ",
      tr(el("span", { class: "keys-hint" }), "footnoteKeys")));

  root.append(launcher, panel);

  function mount() {
    const place = document.querySelector("[data-vinr-exit]");
    if (place) place.append(exitHost);
    else document.body.prepend(exitHost);
    document.body.append(host);
    applyLanguage();
  }
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);

  // ---- open, close, language -----------------------------------------------------------------

  function openPanel() {
    panel.hidden = false;
    launcher.hidden = true;
    launcher.setAttribute("aria-expanded", "true");
    if (!state.opened) {
      state.opened = true;
      showIntro(true); // the note that browser history is not erased: once, on first open
    }
    input.focus();
  }

  function closePanel() {
    closeLanguages();
    panel.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }

  function toggleLanguages() {
    if (languageList.hidden) {
      languageList.hidden = false;
      langToggle.setAttribute("aria-expanded", "true");
      const current = languageList.querySelector('[aria-pressed="true"]');
      (current || languageList.querySelector("button")).focus();
    } else {
      closeLanguages();
      langToggle.focus();
    }
  }

  function closeLanguages() {
    languageList.hidden = true;
    langToggle.setAttribute("aria-expanded", "false");
  }

  function chooseLanguage(code) {
    state.langChosen = true;
    setLanguage(code);
    closeLanguages();
    langToggle.focus();
    // The assistant answers in sv and en for now; other choices get Swedish until it speaks them.
    sendLanguageChoice();
  }

  function sendLanguageChoice() {
    const code = JSON.stringify(state.lang);
    send(`/choose_language{"language":${code},"language_choice":${code}}`, null);
  }

  function setLanguage(code) {
    if (!languageOf(code) || code === state.lang) return;
    state.lang = code;
    applyLanguage();
  }

  function applyLanguage() {
    const language = languageOf(state.lang) || {};
    for (const node of [root, exitRoot]) {
      node.lang = language.lang || state.lang;
      node.dir = language.dir || "ltr";
    }
    if (!banner.hidden) showEmergency(); // the banner speaks the new language too
    clearButton.textContent = t(state.confirmingClear ? "clearConfirm" : "clear");
    for (const [node, key, attribute] of translatable) {
      if (attribute === "text") node.textContent = t(key);
      else node.setAttribute(attribute, t(key));
    }
    langToggle.querySelector(".lang-current").textContent = language.name || state.lang;
    langToggle.setAttribute("aria-label", `${t("language")}: ${language.name || state.lang}`);
    for (const button of languageList.querySelectorAll("button")) {
      button.setAttribute("aria-pressed", String(button.dataset.code === state.lang));
    }
    updateCounter();
  }

  // ---- the conversation ----------------------------------------------------------------------

  /** The language and direction of the widget's own words, for a message made of them. */
  function uiVoice() {
    const language = languageOf(state.lang) || {};
    return { lang: language.lang || state.lang, dir: language.dir || "ltr" };
  }

  /** The language and direction the assistant gave a reply (or its payload), else the UI's. */
  function voiceOf(item) {
    const language = isObject(item) ? languageOf(item.language) : undefined;
    if (!language) return uiVoice();
    const dir = item.direction === "rtl" || item.direction === "ltr" ? item.direction : language.dir;
    return { lang: language.lang || item.language, dir: dir || "ltr" };
  }

  function showIntro(withNotice) {
    addBotMessage(t("intro"), uiVoice());
    // the notice follows a change of language (it is the widget's own words, not an answer)
    if (withNotice) log.append(tr(el("p", { class: "notice" }, t("notice")), "notice"));
    addChoices(t("startPrompt"), START_CHOICES.map(([key, payload]) => ({
      title: t(key), payload,
    })), uiVoice());
  }

  function onSubmit(event) {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    updateCounter();
    send(text, text);
  }

  // Messages go one at a time, in order: the assistant answers each before the next is sent.
  let queue = Promise.resolve();
  let pending = 0;

  /** Send a message; `shown` is what the user's bubble says (null: no bubble). */
  function send(message, shown) {
    if (state.exiting) return;
    state.talked = true;
    const generation = state.generation;
    removeChoices();
    if (shown) addUserMessage(shown);
    scrollToEnd();
    pending += 1;
    log.setAttribute("aria-busy", "true"); // also what tests wait on
    queue = queue.then(() => exchange(message, generation)).finally(() => {
      pending -= 1;
      if (pending === 0) log.setAttribute("aria-busy", "false");
    });
  }

  async function exchange(message, generation) {
    if (generation !== state.generation || state.exiting) return; // cleared while queued
    log.append(typing);
    announce(t("typing"));
    scrollToEnd();
    let replies = null;
    try {
      replies = await post(message);
    } catch (_) {
      replies = null; // unreachable, timed out, 5xx or not our JSON: all get the crisis lines
    }
    if (generation !== state.generation) return; // the conversation was cleared meanwhile
    typing.remove();
    const firstNew = log.children.length;
    if (replies) renderReplies(replies);
    else showOffline();
    // Show the answer from its beginning: long answers are read from the top, not the end.
    const start = log.children[firstNew];
    if (start) log.scrollTop = Math.max(0, start.offsetTop - 8);
  }

  async function post(message) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    try {
      const response = await fetch(restUrl + "/webhook", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ sender: state.sender, message }),
        signal: controller.signal,
        credentials: "omit", // no cookies either way
        cache: "no-store",
        referrerPolicy: "no-referrer",
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const replies = await response.json();
      if (!Array.isArray(replies) || replies.length === 0) throw new Error("no reply");
      return replies;
    } finally {
      clearTimeout(timer);
    }
  }

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  /** One answer of the assistant: its texts, then service cards, then the buttons. */
  function renderReplies(replies) {
    const payloads = replies.map((r) => isObject(r) && r.custom).filter(isObject);
    const services = payloads.flatMap((p) => (Array.isArray(p.services) ? p.services : []))
      .filter(isObject);
    const lastLanguage = payloads.map((p) => p.language).filter((l) => languageOf(l)).pop();
    if (lastLanguage && !state.langChosen) setLanguage(lastLanguage);
    const emergency = payloads.some((p) => p.emergency === true);
    if (emergency) showEmergency();
    const cardVoice = voiceOf(payloads.find((p) => Array.isArray(p.services)));
    // every number on the cards (and 112) is a link where the text names it too
    const phones = new Map(CRISIS_LINES.map((line) => [line.number, line.uri]));
    for (const service of services) {
      const tel = telUri(service.phone_uri);
      if (tel && typeof service.phone === "string") phones.set(service.phone, tel);
    }
    // 112 at once, above the cards, in every answer that refers (the banner does it in danger)
    if (services.length && !emergency) {
      log.append(el("p", { class: "danger-line", ...cardVoice },
        el("a", { href: "tel:112", class: "danger-call" }, svgIcon(ICON_PHONE), t("dangerLine"))));
    }

    const spoken = [];
    let cardsShown = services.length === 0;
    for (const reply of replies) {
      if (!isObject(reply) || typeof reply.text !== "string" || !reply.text.trim()) continue;
      const voice = voiceOf(reply);
      if (cardsShown) {
        addBotMessage(reply.text, voice, phones);
        spoken.push(reply.text);
        continue;
      }
      // For plain channels the text lists the services as "• ..." lines; here the cards stand
      // where those lines were, between the words before and after them.
      const { before, after } = splitAtServiceLines(reply.text);
      if (before) spoken.push(before);
      for (const part of [before, "cards", after]) {
        if (part === "cards") addCards(services, cardVoice);
        else if (part) addBotMessage(part, voice, phones);
      }
      spoken.push(servicesSpoken(services));
      if (after) spoken.push(after);
      cardsShown = true;
    }
    if (!cardsShown) {
      addCards(services, cardVoice);
      spoken.push(servicesSpoken(services));
    }
    const buttons = replies.flatMap((r) => (isObject(r) && Array.isArray(r.buttons) ? r.buttons : []))
      .filter((b) => isObject(b) && typeof b.title === "string" && typeof b.payload === "string");
    if (buttons.length) {
      addChoices(t("choices"), buttons, voiceOf(replies.find((r) => isObject(r) && r.buttons)));
      spoken.push(`${t("choices")}: ${buttons.map((b) => b.title).join(", ")}.`);
    }
    announce(spoken.join(" "));
  }

  /** What a screen reader hears of the cards: each name with its number and hours, in order. */
  function servicesSpoken(services) {
    if (!services.length) return "";
    const lines = services.map((s) => [
      s.name, s.phone, s.phone_label, s.open_now === true ? t("openNow") : "", s.hours,
    ].filter((part) => typeof part === "string" && part).join(", "));
    return `${t("services")}: ${lines.join(". ")}.`;
  }

  function splitAtServiceLines(text) {
    const lines = text.split("\n");
    const isService = (line) => line.trim().startsWith("•");
    const first = lines.findIndex(isService);
    if (first < 0) return { before: text.trim(), after: "" };
    const last = lines.length - 1 - [...lines].reverse().findIndex(isService);
    return {
      before: lines.slice(0, first).join("\n").trim(),
      after: lines.slice(last + 1).filter((line) => !isService(line)).join("\n").trim(),
    };
  }

  // Phone numbers ("020-50 50 50", "112") and times ("08–16") in a right-to-left sentence would
  // be shown with their groups reversed; each is kept as one left-to-right island, and a number
  // that is one of the answer's phone numbers is a link to call it.
  const NUMBER = /\+?\d[\d \-–:.]*\d|\d/g; // digits with spaces, hyphens, dashes, colons
  function withNumbersLeftToRight(text, phones) {
    const parts = [];
    let last = 0;
    for (const match of text.matchAll(NUMBER)) {
      if (match.index > last) parts.push(text.slice(last, match.index));
      const number = match[0];
      const uri = phones && phones.get(number);
      parts.push(uri ? el("a", { href: uri, class: "tel", dir: "ltr" }, number)
        : el("bdi", { dir: "ltr" }, number));
      last = match.index + number.length;
    }
    if (last < text.length) parts.push(text.slice(last));
    return parts;
  }

  /** A message of the assistant, marked with its own language and direction (voice). */
  function addBotMessage(text, voice, phones) {
    log.append(el("div", { class: "msg bot", lang: voice.lang, dir: voice.dir },
      el("span", { class: "sr-only" }, t("assistant") + " "),
      el("p", {}, ...withNumbersLeftToRight(text, phones))));
  }

  function addUserMessage(text) {
    // the person's own words: language unknown (lang=""), direction from the text itself
    log.append(el("div", { class: "msg user", lang: "" },
      el("span", { class: "sr-only", lang: uiVoice().lang }, t("you") + " "),
      el("p", { dir: "auto" }, text)));
  }

  function addCards(services, voice) {
    const list = el("ul", { class: "cards", lang: voice.lang, dir: voice.dir });
    list.setAttribute("aria-label", t("services"));
    for (const service of services) list.append(serviceCard(service, voice));
    log.append(list);
  }

  let descriptions = 0; // ids for the "more" buttons' aria-controls
  function serviceCard(s, voice) {
    const name = typeof s.name === "string" ? s.name : "";
    // A card the directory could not give whole in this language comes whole in another one:
    // it is marked so, with that language's own name, and read in it.
    const own = languageOf(s.language);
    const other = own && (own.lang || s.language) !== voice.lang ? own : null;
    const card = el("li", {
      class: s.emergency === true ? "card card-emergency" : "card",
      lang: other ? other.lang || s.language : false, dir: other ? other.dir || "ltr" : false,
    }, el("p", { class: "card-name" }, name,
      other ? el("span", { class: "badge card-language" }, other.name) : null));
    if (typeof s.description === "string" && s.description.trim()) {
      // The whole description is there (never cut); on screen it starts folded to two lines
      // with a real button to unfold it. Screen readers get all of it either way.
      descriptions += 1;
      const id = `desc-${descriptions}`;
      const text = el("p", { class: "card-desc folded", id },
        ...withNumbersLeftToRight(s.description.trim()));
      const more = el("button", {
        type: "button", class: "more", "aria-expanded": "false", "aria-controls": id,
      }, t("more"));
      more.addEventListener("click", () => {
        const open = more.getAttribute("aria-expanded") !== "true";
        more.setAttribute("aria-expanded", String(open));
        text.classList.toggle("folded", !open);
        more.textContent = t(open ? "less" : "more");
      });
      card.append(text, more);
    }
    const badges = el("p", { class: "badges" });
    if (s.open_now === true) badges.append(el("span", { class: "badge open" }, t("openNow")));
    if (s.anonymous === true) badges.append(el("span", { class: "badge" }, t("anonymous")));
    if (s.free === true) badges.append(el("span", { class: "badge" }, t("free")));
    if (typeof s.hours === "string" && s.hours) {
      badges.append(el("span", { class: "hours" }, ...withNumbersLeftToRight(s.hours)));
    }
    // closed now: say when it opens, besides the hours
    if (s.open_now === false && typeof s.next_open_text === "string" && s.next_open_text) {
      badges.append(el("span", { class: "hours" }, ...withNumbersLeftToRight(s.next_open_text)));
    }
    if (badges.childNodes.length) card.append(badges);

    const actions = el("p", { class: "card-actions" });
    const tel = telUri(s.phone_uri);
    if (tel) {
      const phone = typeof s.phone === "string" && s.phone ? s.phone : tel.slice(4);
      // the accessible name says the number once: "Ring Bris, 116 111" (it is also the text)
      actions.append(el("a", {
        href: tel, class: "call", "aria-label": t("call", { name, phone }),
      }, svgIcon(ICON_PHONE), el("bdi", { dir: "ltr" }, phone)));
    }
    const web = httpUrl(s.url);
    if (web) {
      actions.append(el("a", {
        href: web, class: "web", target: "_blank", rel: "noopener noreferrer",
        "aria-label": `${t("website")}: ${name} (${t("newTab")})`,
      }, el("bdi", { dir: "ltr" }, new URL(web).hostname.replace(/^www\./, ""))));
    }
    if (actions.childNodes.length) card.append(actions);
    // what goes with the number ("call 112 and ask for socialjouren") stays with it
    if (tel && typeof s.phone_label === "string" && s.phone_label) {
      card.append(el("p", { class: "card-note" }, ...withNumbersLeftToRight(s.phone_label)));
    }
    return card;
  }

  function addChoices(label, buttons, voice) {
    const where = voice || uiVoice();
    const group = el("div", {
      class: "choices", role: "group", "aria-label": label, lang: where.lang, dir: where.dir,
    });
    for (const button of buttons) {
      group.append(el("button", {
        type: "button", onclick: () => send(button.payload, button.title),
      }, button.title));
    }
    log.append(group);
  }

  function removeChoices() {
    const hadFocus = shadow.activeElement && shadow.activeElement.closest(".choices");
    for (const group of log.querySelectorAll(".choices")) group.remove();
    if (hadFocus) input.focus(); // the clicked button is gone: keep the keyboard in the widget
  }

  function showEmergency() {
    banner.replaceChildren(
      el("p", { class: "banner-text" }, t("emergencyTitle")),
      el("a", { href: "tel:112", class: "banner-call" }, svgIcon(ICON_PHONE), t("emergencyCall")));
    banner.hidden = false;
  }

  function showOffline() {
    const lines = el("ul", { class: "offline-lines" });
    for (const line of CRISIS_LINES) {
      lines.append(el("li", {}, el("a", { href: line.uri, class: "call" },
        svgIcon(ICON_PHONE), el("bdi", { dir: "ltr" }, line.number)), " ", t(line.key)));
    }
    log.append(el("div", { class: "msg bot offline", role: "alert" },
      el("p", {}, t("offline")), lines));
  }

  function announce(text) {
    // Cleared first so that the same words are announced again.
    live.textContent = "";
    if (text) setTimeout(() => { live.textContent = text; }, 50);
  }

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  function updateCounter() {
    const length = input.value.length;
    counter.textContent = t("counter", { n: length, max: maxChars });
    counter.classList.toggle("near-limit", length > maxChars * 0.9);
  }
  input.addEventListener("input", updateCounter);
  // A paste longer than the limit is cut by the browser (maxlength): say so, never silently.
  input.addEventListener("paste", (event) => {
    const pasted = (event.clipboardData && event.clipboardData.getData("text")) || "";
    const room = maxChars - input.value.length + (input.selectionEnd - input.selectionStart);
    if (pasted.length > room) {
      setTimeout(() => {
        counter.textContent = t("pasteCut", { max: maxChars });
        counter.classList.add("near-limit");
        announce(t("pasteCut", { max: maxChars }));
      }, 0);
    }
  });
  input.addEventListener("keydown", (event) => {
    // Enter sends, Shift+Enter makes a new line; never while an input method is composing.
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  // ---- forgetting and leaving ----------------------------------------------------------------

  /** Ask the assistant to delete the conversation; works while the page is being left. */
  function forget(sender) {
    // JSON, as the server requires (so no other web page can post to it without a CORS
    // preflight); keepalive lets the request finish while the page is being left.
    fetch(restUrl + "/forget", {
      method: "POST", body: JSON.stringify({ sender }), keepalive: true, credentials: "omit",
      referrerPolicy: "no-referrer", headers: { "Content-Type": "application/json" },
    }).catch(() => {});
  }

  /** Forget the conversation on the server and on screen; the next message starts a new one. */
  function dropConversation() {
    if (state.talked) forget(state.sender);
    state.talked = false;
    state.sender = newSenderId();
    state.generation += 1; // replies still on their way belong to the old one
    typing.remove();
    banner.hidden = true;
    banner.replaceChildren();
    log.replaceChildren();
    input.value = "";
    updateCounter();
  }

  // "New conversation" wipes everything: the first press asks, a second one within a few
  // seconds clears (a slip of the finger next to "close" must not lose the numbers found).
  let clearTimer = null;
  function askToClear() {
    if (state.confirmingClear) {
      endClearQuestion();
      newConversation();
      return;
    }
    state.confirmingClear = true;
    clearButton.textContent = t("clearConfirm");
    clearButton.classList.add("confirming");
    announce(t("clearConfirm"));
    clearTimer = setTimeout(endClearQuestion, CONFIRM_CLEAR_MS);
  }

  function endClearQuestion() {
    clearTimeout(clearTimer);
    state.confirmingClear = false;
    clearButton.textContent = t("clear");
    clearButton.classList.remove("confirming");
  }

  function newConversation() {
    dropConversation();
    log.append(el("p", { class: "notice" }, t("cleared")));
    announce(t("cleared"));
    if (state.langChosen) sendLanguageChoice(); // the new conversation keeps the chosen language
    else showIntro(false);
    input.focus();
  }

  function quickExit() {
    if (state.exiting) return;
    state.exiting = true;
    forget(state.sender);
    root.replaceChildren(); // nothing left to see if the new page is slow to come
    exitRoot.replaceChildren();
    // replace(): the chat page leaves the history, so Back does not bring it back.
    location.replace(exitUrl);
  }

  // Capture phase on window: the page's own handlers cannot swallow the shortcut.
  let shiftPresses = [];
  window.addEventListener("keydown", (event) => {
    if (event.repeat) return;
    const now = performance.now();
    // Esc closes the language menu, else the chat panel: never leaves the page (menu handling
    // would make a double Esc far too easy to press by mistake).
    if (event.key === "Escape" && !state.exiting) {
      if (!languageList.hidden) {
        const inList = languageList.contains(shadow.activeElement);
        closeLanguages();
        if (inList) langToggle.focus(); // focus must not vanish with the list
      } else if (!panel.hidden && host.contains(document.activeElement)) {
        closePanel();
      }
    }
    if (event.key === "Shift" && !event.ctrlKey && !event.altKey && !event.metaKey) {
      // Shift alone, three times: typing capitals (Shift then a letter) resets the count below.
      shiftPresses = shiftPresses.filter((time) => now - time <= SHIFT_WINDOW_MS);
      shiftPresses.push(now);
      if (shiftPresses.length >= 3) quickExit();
    } else {
      shiftPresses = [];
    }
  }, true);

  // Leaving the page by any other way: the conversation goes too. Otherwise the browser's
  // back-forward cache would show it again to whoever presses Back on this device.
  window.addEventListener("pagehide", () => {
    if (state.exiting) return;
    dropConversation();
    state.opened = false; // the intro and its note come again on the next open
    panel.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute("aria-expanded", "false");
  });

  // A click outside the language list closes it.
  shadow.addEventListener("click", (event) => {
    if (!languageList.hidden && !event.composedPath().some(
      (node) => node === languageList || node === langToggle)) closeLanguages();
  });
})();
