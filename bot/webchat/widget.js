/*
 * Chat widget of the referral assistant "Vart kan jag vända mig?" (docs/widget.md).
 *
 * Embed with one line:
 *   <script src="https://assistant.example/webhooks/webchat/widget.js"
 *           data-exit-url="https://www.google.com/search?q=v%C3%A4der" defer></script>
 *
 * Rules this file keeps, because the person using it may be watched or in danger:
 * - Quick exit always works: a button that is always on screen, Esc twice, Shift three times.
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
  const ESCAPE_WINDOW_MS = 1000; // Escape twice within this
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

  const root = el("div", { class: "vinr" });
  shadow.append(root);

  const exitButton = el("button", { type: "button", class: "exit", onclick: quickExit },
    tr(el("span", { class: "exit-label" }), "quickExit"),
    tr(el("span", { class: "exit-hint" }), "quickExitHint"));

  const launcher = el("button", {
    type: "button", class: "launcher", "aria-expanded": "false", "aria-controls": "panel",
    onclick: openPanel,
  }, svgIcon(ICON_CHAT), tr(el("span"), "launcher"));

  const title = tr(el("h2", { id: "title", class: "title" }), "title");
  const langToggle = el("button", {
    type: "button", class: "tool lang-toggle", "aria-expanded": "false",
    "aria-controls": "languages", onclick: toggleLanguages,
  }, svgIcon(ICON_GLOBE), el("span", { class: "lang-current" }));
  const clearButton = tr(el("button", { type: "button", class: "tool", onclick: newConversation }),
    "clear");
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
  const log = tr(el("div", { class: "log", role: "region", tabindex: "0", "aria-busy": "false" }),
    "conversation", "aria-label");
  const typing = el("div", { class: "msg bot typing", "aria-hidden": "true" },
    el("span"), el("span"), el("span"));
  // Announces new assistant messages; the visible log is not live (cards would be read twice).
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
    tr(el("p", { class: "footnote" }), "footnote"));

  root.append(exitButton, launcher, panel);

  function mount() {
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
    root.lang = language.lang || state.lang;
    root.dir = language.dir || "ltr";
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

  function showIntro(withNotice) {
    addBotMessage(t("intro"));
    if (withNotice) log.append(el("p", { class: "notice" }, t("notice")));
    addChoices(t("startPrompt"), START_CHOICES.map(([key, payload]) => ({
      title: t(key), payload,
    })));
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
    if (payloads.some((p) => p.emergency === true)) showEmergency();

    const spoken = [];
    let cardsShown = services.length === 0;
    for (const reply of replies) {
      if (!isObject(reply) || typeof reply.text !== "string" || !reply.text.trim()) continue;
      if (cardsShown) {
        addBotMessage(reply.text);
        spoken.push(reply.text);
        continue;
      }
      // For plain channels the text lists the services as "• ..." lines; here the cards stand
      // where those lines were, between the words before and after them.
      const { before, after } = splitAtServiceLines(reply.text);
      for (const part of [before, "cards", after]) {
        if (part === "cards") addCards(services);
        else if (part) addBotMessage(part);
      }
      cardsShown = true;
      spoken.push([before, after].filter(Boolean).join(" "));
    }
    if (!cardsShown) addCards(services);
    const buttons = replies.flatMap((r) => (isObject(r) && Array.isArray(r.buttons) ? r.buttons : []))
      .filter((b) => isObject(b) && typeof b.title === "string" && typeof b.payload === "string");
    if (buttons.length) addChoices(t("choices"), buttons);
    announce(spoken.join(" "));
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

  // Phone numbers ("020-50 50 50", "112") in a right-to-left sentence would be shown with their
  // groups reversed; each is kept as one left-to-right island.
  const PHONE_NUMBER = /\+?\d[\d -]*\d/g;
  function withNumbersLeftToRight(text) {
    const parts = [];
    let last = 0;
    for (const match of text.matchAll(PHONE_NUMBER)) {
      if (match.index > last) parts.push(text.slice(last, match.index));
      parts.push(el("bdi", { dir: "ltr" }, match[0]));
      last = match.index + match[0].length;
    }
    if (last < text.length) parts.push(text.slice(last));
    return parts;
  }

  function addBotMessage(text) {
    // dir="auto": a Swedish answer in the Arabic UI still reads left to right, and vice versa.
    log.append(el("div", { class: "msg bot" },
      el("span", { class: "sr-only" }, t("assistant") + " "),
      el("p", { dir: "auto" }, ...withNumbersLeftToRight(text))));
  }

  function addUserMessage(text) {
    log.append(el("div", { class: "msg user" },
      el("span", { class: "sr-only" }, t("you") + " "),
      el("p", { dir: "auto" }, text)));
  }

  function addCards(services) {
    const list = el("ul", { class: "cards" });
    list.setAttribute("aria-label", t("services"));
    for (const service of services) list.append(serviceCard(service));
    log.append(list);
  }

  function serviceCard(s) {
    const name = typeof s.name === "string" ? s.name : "";
    const card = el("li", { class: s.emergency === true ? "card card-emergency" : "card" },
      el("p", { class: "card-name", dir: "auto" }, name));
    if (typeof s.description === "string" && s.description.trim()) {
      // One line on screen (CSS ellipsis); the whole sentence stays for screen readers.
      card.append(el("p", { class: "card-desc", dir: "auto" }, s.description.trim().slice(0, 300)));
    }
    const badges = el("p", { class: "badges" });
    if (s.open_now === true) badges.append(el("span", { class: "badge open" }, t("openNow")));
    if (s.anonymous === true) badges.append(el("span", { class: "badge" }, t("anonymous")));
    if (s.free === true) badges.append(el("span", { class: "badge" }, t("free")));
    if (typeof s.hours === "string" && s.hours) {
      badges.append(el("span", { class: "hours", dir: "auto" }, s.hours));
    }
    // closed now: say when it opens, besides the hours
    if (s.open_now === false && typeof s.next_open_text === "string" && s.next_open_text) {
      badges.append(el("span", { class: "hours", dir: "auto" }, s.next_open_text));
    }
    if (badges.childNodes.length) card.append(badges);

    const actions = el("p", { class: "card-actions" });
    const tel = telUri(s.phone_uri);
    if (tel) {
      const phone = typeof s.phone === "string" && s.phone ? s.phone : tel.slice(4);
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
      card.append(el("p", { class: "card-note", dir: "auto" }, s.phone_label));
    }
    return card;
  }

  function addChoices(label, buttons) {
    const group = el("div", { class: "choices", role: "group", "aria-label": label });
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
    // replace(): the chat page leaves the history, so Back does not bring it back.
    location.replace(exitUrl);
  }

  // Capture phase on window: the page's own handlers cannot swallow the shortcut.
  let lastEscape = -Infinity;
  let shiftPresses = [];
  window.addEventListener("keydown", (event) => {
    if (event.repeat) return;
    const now = performance.now();
    if (event.key === "Escape") {
      if (!languageList.hidden) {
        const inList = languageList.contains(shadow.activeElement);
        closeLanguages();
        if (inList) langToggle.focus(); // focus must not vanish with the list
      }
      if (now - lastEscape <= ESCAPE_WINDOW_MS) quickExit();
      lastEscape = now;
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
