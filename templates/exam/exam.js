// csassess offline exam: runs from one file with no network. Every change is saved at once in
// this browser's localStorage; Finish downloads the answer script that `csassess mark` reads.
(function () {
  "use strict";

  const DATA = JSON.parse(document.getElementById("paper").textContent);
  const PAPER = DATA.paper;
  const SETTINGS = DATA.settings;
  const KEY_PREFIX = "csassess:exam:" + PAPER.id + ":" + PAPER.form + ":";
  const CURRENT_KEY = KEY_PREFIX + "current";
  const FINISHED_KEY = KEY_PREFIX + "finished";
  const PREFS_KEY = "csassess:exam:prefs";
  const WARN_MINUTES = [10, 5, 1];
  const BACKGROUNDS = [["white", "White"], ["cream", "Cream"], ["yellow", "Yellow"], ["blue", "Blue"],
    ["pink", "Pink"], ["green", "Green"], ["high-contrast", "High contrast"]];
  const FONTS = [["standard", "Standard"], ["reader", "Reader-friendly"]];
  const SIZES = [100, 125, 150, 175, 200];
  const EXTRA_TIME = [0, 10, 25, 50, 75, 100];
  const DEFAULT_PREFS = { background: "white", font: "standard", size: 100 };
  const $ = (id) => document.getElementById(id);

  // ---- canonical JSON and the digest (must match csassess.scripts_in.digest) ----

  function compareCodePoints(a, b) {
    // Python sorts keys by code point; JS `<` compares UTF-16 units, which differs above U+FFFF.
    const x = Array.from(a, (c) => c.codePointAt(0));
    const y = Array.from(b, (c) => c.codePointAt(0));
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      if (x[i] !== y[i]) return x[i] - y[i];
    }
    return x.length - y.length;
  }

  function canonicalJson(value) {
    if (Array.isArray(value)) return "[" + value.map(canonicalJson).join(",") + "]";
    if (value !== null && typeof value === "object") {
      const keys = Object.keys(value).sort(compareCodePoints);
      return "{" + keys.map((k) => JSON.stringify(k) + ":" + canonicalJson(value[k])).join(",") + "}";
    }
    return JSON.stringify(value);
  }

  let SHA_CONSTANTS = null;

  function shaConstants() {
    // The first 64 primes' cube roots and the first 8's square roots, worked out once.
    if (!SHA_CONSTANTS) {
      const primes = [];
      for (let n = 2; primes.length < 64; n++) {
        if (primes.every((p) => n % p !== 0)) primes.push(n);
      }
      const frac = (x) => ((x - Math.floor(x)) * 0x100000000) >>> 0;
      SHA_CONSTANTS = { K: primes.map((p) => frac(Math.cbrt(p))), H: primes.slice(0, 8).map((p) => frac(Math.sqrt(p))) };
    }
    return SHA_CONSTANTS;
  }

  function sha256Fallback(bytes) {
    // For browsers without crypto.subtle (it needs a secure context; file: is one in most), and
    // for the invigilator code, whose thousands of rounds must not wait on promises.
    const K = shaConstants().K;
    const H = shaConstants().H.slice();
    const length = bytes.length;
    const padded = new Uint8Array((((length + 9 + 63) >> 6) << 6));
    padded.set(bytes);
    padded[length] = 0x80;
    const view = new DataView(padded.buffer);
    view.setUint32(padded.length - 8, Math.floor(length / 0x20000000));
    view.setUint32(padded.length - 4, (length * 8) >>> 0);
    const ror = (x, n) => (x >>> n) | (x << (32 - n));
    const W = new Uint32Array(64);
    for (let off = 0; off < padded.length; off += 64) {
      for (let i = 0; i < 16; i++) W[i] = view.getUint32(off + i * 4);
      for (let i = 16; i < 64; i++) {
        const s0 = ror(W[i - 15], 7) ^ ror(W[i - 15], 18) ^ (W[i - 15] >>> 3);
        const s1 = ror(W[i - 2], 17) ^ ror(W[i - 2], 19) ^ (W[i - 2] >>> 10);
        W[i] = (W[i - 16] + s0 + W[i - 7] + s1) >>> 0;
      }
      let [a, b, c, d, e, f, g, h] = H;
      for (let i = 0; i < 64; i++) {
        const t1 = (h + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + W[i]) >>> 0;
        const t2 = ((ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
        h = g; g = f; f = e; e = (d + t1) >>> 0; d = c; c = b; b = a; a = (t1 + t2) >>> 0;
      }
      [a, b, c, d, e, f, g, h].forEach((v, i) => { H[i] = (H[i] + v) >>> 0; });
    }
    return H.map((v) => v.toString(16).padStart(8, "0")).join("");
  }

  async function sha256Hex(text) {
    const bytes = new TextEncoder().encode(text);
    if (window.crypto && window.crypto.subtle) {
      const hash = new Uint8Array(await window.crypto.subtle.digest("SHA-256", bytes));
      return Array.from(hash, (b) => b.toString(16).padStart(2, "0")).join("");
    }
    return sha256Fallback(bytes);
  }

  async function answersDigest(answers) {
    return "sha256:" + (await sha256Hex(canonicalJson(answers)));
  }

  async function scriptDigest(answers, arrangements, breaks) {
    // The same as csassess.intake.digest.access_digest: answers alone when there is no
    // arrangement and no break, so scripts keep the digest they always had.
    if (!arrangements && !breaks.length) return answersDigest(answers);
    const body = { answers: answers, arrangements: arrangements || null, breaks: breaks };
    return "sha256:" + (await sha256Hex(canonicalJson(body)));
  }

  function normalCode(code) {
    return code.replace(/[\s-]/g, "").toUpperCase();
  }

  function codeMatches(code) {
    // Iterated SHA-256 of salt and code, as csassess.sit.build.code_check: the page never holds the code.
    const inv = SETTINGS.invigilator;
    const encoder = new TextEncoder();
    let hash = sha256Fallback(encoder.encode(inv.salt + ":" + normalCode(code)));
    for (let i = 1; i < inv.rounds; i++) hash = sha256Fallback(encoder.encode(hash));
    return hash === inv.check;
  }

  function scriptFileText(script) {
    // The centre reads scripts with a YAML parser (JSON is YAML). It rejects C1 controls and
    // U+FFFE/FFFF and folds U+0085/2028/2029 as line breaks, so those go as \u escapes: the
    // same JSON value, and the same digest.
    return JSON.stringify(script, null, 2).replace(/[\u007f-\u009f\u2028\u2029\ufffe\uffff]/g,
      (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0")) + "\n";
  }

  function wellFormed(text) {
    // A lone surrogate cannot be written as UTF-8; it becomes U+FFFD before anything sees it.
    if (typeof text.toWellFormed === "function") return text.toWellFormed();
    return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?:[^\ud800-\udbff]|^)[\udc00-\udfff]/g,
      (m) => m.slice(0, -1) + "\ufffd");
  }

  // ---- the questions, in paper order ----

  const questions = [];
  PAPER.sections.forEach((section) => {
    section.items.forEach((item) => {
      const parts = item.kind === "scenario" ? item.parts : [item];
      parts.forEach((q) => {
        questions.push({ q: q, section: section, scenario: item.kind === "scenario" ? item : null });
      });
    });
  });
  const byId = new Map(questions.map((entry, i) => [entry.q.id, i]));

  // ---- storage: every failure is caught, shown and never loses the answers on screen ----

  let storageBroken = false;

  function storeGet(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (e) {
      return null;
    }
  }

  function storeSet(key, value) {
    try {
      window.localStorage.setItem(key, value);
      return true;
    } catch (e) {
      return false;
    }
  }

  function stateKey(number) {
    return KEY_PREFIX + "candidate:" + number;
  }

  function loadState(number) {
    const raw = storeGet(stateKey(number));
    if (!raw) return null;
    try {
      const state = JSON.parse(raw);
      return state && state.paper_hash === PAPER.content_hash ? state : null;
    } catch (e) {
      return null;
    }
  }

  let state = null;

  function save() {
    state.saved_at = new Date().toISOString();
    const ok = storeSet(stateKey(state.candidate.number), JSON.stringify(state)) &&
      storeSet(CURRENT_KEY, state.candidate.number);
    const saved = $("saved");
    if (ok) {
      saved.textContent = "Saved in this browser at " + clock(new Date());
      saved.classList.remove("not-saved");
    } else {
      saved.textContent = "NOT saved in this browser";
      saved.classList.add("not-saved");
      storageFailed();
    }
  }

  function storageFailed() {
    if (storageBroken) return;
    storageBroken = true;
    $("storage-banner").hidden = false;
    keepFocusInView();
    announce("Warning: your answers cannot be saved in this browser. Download your answers now.");
  }

  // ---- display preferences: background, font and text size, kept across reloads ----

  function readPrefs() {
    let prefs = {};
    try {
      prefs = JSON.parse(storeGet(PREFS_KEY) || "{}") || {};
    } catch (e) {
      prefs = {};
    }
    // Pages built before these settings kept two switches: carry them over.
    if (prefs.contrast && !prefs.background) prefs.background = "high-contrast";
    if (prefs.large && !prefs.size) prefs.size = 150;
    const known = (list, value) => list.some((entry) => entry[0] === value);
    return {
      background: known(BACKGROUNDS, prefs.background) ? prefs.background : DEFAULT_PREFS.background,
      font: known(FONTS, prefs.font) ? prefs.font : DEFAULT_PREFS.font,
      size: SIZES.includes(Number(prefs.size)) ? Number(prefs.size) : DEFAULT_PREFS.size,
    };
  }

  function applyPrefs(prefs, persist) {
    const root = document.documentElement;
    root.dataset.background = prefs.background;
    root.dataset.font = prefs.font;
    root.dataset.size = String(prefs.size);
    $("pref-background").value = prefs.background;
    $("pref-font").value = prefs.font;
    $("pref-size").value = String(prefs.size);
    keepFocusInView();
    if (persist) storeSet(PREFS_KEY, JSON.stringify(prefs));
  }

  function setPref(name, value) {
    const prefs = readPrefs();
    prefs[name] = name === "size" ? Number(value) : value;
    applyPrefs(prefs, true);
  }

  function fillSelect(select, entries) {
    entries.forEach(([value, text]) => select.append(el("option", { value: String(value), text: text })));
  }

  function fillChoices() {
    const sizes = SIZES.map((n) => [n, n === 100 ? "Standard (100%)" : n + "%"]);
    fillSelect($("pref-background"), BACKGROUNDS);
    fillSelect($("pref-font"), FONTS);
    fillSelect($("pref-size"), sizes);
    fillSelect($("grant-extra"), EXTRA_TIME.map((n) => [n, n ? n + "% extra time" : "None"]));
    fillSelect($("grant-background"), [["", "Candidate's choice"], ...BACKGROUNDS]);
    fillSelect($("grant-font"), [["", "Candidate's choice"], ...FONTS]);
    fillSelect($("grant-size"), [["", "Candidate's choice"], ...sizes]);
  }

  function applyArrangementDisplay(granted) {
    const prefs = readPrefs();
    if (granted.background) prefs.background = granted.background;
    if (granted.font) prefs.font = granted.font;
    if (granted.text_size) prefs.size = granted.text_size;
    applyPrefs(prefs, true);
  }

  // ---- small helpers ----

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v === null || v === undefined || v === false) return;
      if (k === "text") node.textContent = v;
      else if (k === "class") node.className = v;
      else node.setAttribute(k, v === true ? "" : v);
    });
    (children || []).forEach((child) => node.append(child));
    return node;
  }

  function announce(message) {
    const region = $("announcer");
    region.textContent = "";
    window.setTimeout(() => { region.textContent = message; }, 50);
  }

  function clock(date) {
    return date.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  }

  function duration(ms) {
    const total = Math.max(0, Math.floor(ms / 1000));
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = total % 60;
    return h + ":" + String(m).padStart(2, "0") + ":" + String(s).padStart(2, "0");
  }

  function words(text) {
    const trimmed = (text || "").trim();
    return trimmed ? trimmed.split(/\s+/u).length : 0;
  }

  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  const NUMBER_WORDS = ["none", "one", "two", "three", "four", "five", "six", "seven", "eight"];

  function isAnswered(q) {
    const a = state.answers[q.id];
    if (Array.isArray(a)) return a.length > 0;
    return typeof a === "string" && a.trim() !== "";
  }

  // ---- the answer script ----

  function scriptAnswers() {
    const answers = {};
    questions.forEach(({ q }) => {
      if (!isAnswered(q)) return;
      const a = state.answers[q.id];
      answers[q.id] = Array.isArray(a) ? q.options.map((o) => o.id).filter((id) => a.includes(id)) : a;
    });
    return answers;
  }

  async function buildScript() {
    const answers = scriptAnswers();
    const breaks = state.breaks || [];
    const script = {
      kind: "answer_script",
      paper: PAPER.id,
      form: PAPER.form,
      paper_hash: PAPER.content_hash,
      centre: state.centre,
      candidate: { number: state.candidate.number, name: state.candidate.name },
      answers: answers,
      started_at: state.started_at,
      finished_at: state.finished_at || null,
      // after the time, with the centre's "mark as late" setting; not part of the digest
      late: state.late === true,
      digest: await scriptDigest(answers, state.arrangements || null, breaks),
    };
    // Only scripts sat with arrangements or breaks carry them (and their digest covers them).
    if (state.arrangements) script.arrangements = state.arrangements;
    if (breaks.length) script.breaks = breaks;
    return script;
  }

  function fileName(partial) {
    const stamp = new Date().toISOString().replace(/[-:]/g, "").slice(0, 15);
    return [PAPER.id, PAPER.form, state.centre, state.candidate.number].join("_") +
      (partial ? "_so-far-" + stamp : "") + (state.late ? "_LATE" : "") + ".json";
  }

  function download(name, text) {
    const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
    const link = el("a", { href: url, download: name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  async function downloadScript(partial) {
    const script = await buildScript();
    const name = fileName(partial);
    download(name, scriptFileText(script));
    return { name: name, script: script };
  }

  // ---- screens ----

  function keepFocusInView() {
    // A sticky top bar must not hide the control that has focus (WCAG 2.4.11).
    const top = $("top");
    const sticky = getComputedStyle(top).position === "sticky";
    const root = document.documentElement;
    root.style.scrollPaddingTop = sticky ? top.offsetHeight + 8 + "px" : "";
    root.style.setProperty("--top-offset", sticky ? top.offsetHeight + "px" : "0px");
  }

  function show(screen) {
    ["start-screen", "exam-screen", "break-screen", "finished-screen"].forEach((id) => {
      $(id).hidden = id !== screen;
    });
    $("exam-actions").hidden = screen !== "exam-screen" && screen !== "break-screen";
    ["finish", "download-so-far", "rest-break"].forEach((id) => {
      $(id).hidden = screen !== "exam-screen" || (id === "rest-break" && !breaksAllowed());
    });
    // A time warning belongs to the exam: never left showing on the finished screen.
    if (screen !== "exam-screen") $("time-banner").hidden = true;
    $("storage-download").hidden = !state || screen === "break-screen";
    keepFocusInView();
  }

  function showWho() {
    const extra = state.arrangements && state.arrangements.extra_time;
    $("who").textContent = "Candidate " + state.candidate.number + " · " + state.candidate.name +
      (extra ? " · " + extra + "% extra time" : "");
  }

  function renderStart() {
    $("paper-title").textContent = PAPER.title;
    $("paper-facts").textContent = "Unit " + PAPER.unit + " · form " + PAPER.form + " · " +
      plural(PAPER.duration_minutes, "minute") + " · " + plural(PAPER.total_marks, "mark");
    const list = $("start-instructions");
    PAPER.instructions.forEach((line) => list.append(el("li", { text: line })));
    if (SETTINGS.centre) {
      $("centre-field").hidden = true;
      $("centre-fixed").textContent = "Centre " + SETTINGS.centre;
    }
  }

  function fieldError(id, message) {
    const input = $(id);
    const error = $(id + "-error");
    error.textContent = message || "";
    error.hidden = !message;
    if (message) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
    return !message;
  }

  function onStart(event) {
    event.preventDefault();
    const centre = SETTINGS.centre || $("centre").value.trim();
    const number = $("candidate-number").value.trim();
    const name = $("candidate-name").value.trim().replace(/\s+/g, " ");
    const checks = [
      SETTINGS.centre ? true : fieldError("centre", new RegExp(SETTINGS.centre_pattern).test(centre) ? "" :
        "Enter the centre number: letters, digits and hyphens, up to 32, starting with a letter or digit."),
      fieldError("candidate-number", new RegExp(SETTINGS.candidate_pattern).test(number) ? "" :
        "Enter your candidate number: letters, digits and hyphens, up to 32, starting with a letter or digit."),
      fieldError("candidate-name", name ? "" : "Enter your name."),
    ];
    const firstBad = ["centre", "candidate-number", "candidate-name"].find((id, i) => !checks[i]);
    if (firstBad) {
      $(firstBad).focus();
      return;
    }
    const existing = loadState(number);
    state = existing || {
      v: 1,
      paper: PAPER.id,
      form: PAPER.form,
      paper_hash: PAPER.content_hash,
      centre: centre,
      candidate: { number: number, name: wellFormed(name) },
      started_at: new Date().toISOString(),
      finished_at: null,
      late: false,
      warned: 0,
      answers: {},
      flags: {},
      current: 0,
      arrangements: null,
      breaks: [],
      on_break: null,
    };
    const granted = !existing && (SETTINGS.arrangements || {})[number];
    if (granted) {
      state.arrangements = Object.assign({}, granted);
      applyArrangementDisplay(granted);
    }
    save();
    if (state.finished_at) showFinished(null);
    else enterExam();
  }

  let ticking = null;

  function enterExam() {
    state.breaks = state.breaks || [];
    showWho();
    if (!ticking) ticking = window.setInterval(tick, 1000);
    if (state.on_break) {
      showBreak();
      return;
    }
    show("exam-screen");
    renderNav();
    // Focus lands on the question, so keyboard and screen-reader users start where the exam is.
    showQuestion(state.current || 0, true);
    tick();
  }

  // ---- navigation ----

  function navLabel(q) {
    let text = "Question " + q.label;
    if (isAnswered(q)) text += ", answered";
    else text += ", not answered";
    if (state.flags[q.id]) text += ", flagged for review";
    return text;
  }

  function renderNav() {
    const nav = $("nav-sections");
    nav.textContent = "";
    PAPER.sections.forEach((section) => {
      const list = el("ul", { class: "nav-grid", "aria-label": section.title });
      questions.forEach((entry, i) => {
        if (entry.section !== section) return;
        const button = el("button", {
          type: "button", class: "nav-q", id: "nav-" + i, "data-question": entry.q.id,
        }, [
          el("span", { class: "nav-num", "aria-hidden": "true", text: entry.q.label }),
          el("span", { class: "nav-mark", "aria-hidden": "true" }),
          el("span", { class: "visually-hidden" }),
        ]);
        button.addEventListener("click", () => showQuestion(i, true));
        list.append(el("li", {}, [button]));
      });
      nav.append(el("h3", { class: "nav-section", text: section.title }), list);
    });
    updateNav();
  }

  function updateNav() {
    let answered = 0;
    let flagged = 0;
    questions.forEach(({ q }, i) => {
      const button = $("nav-" + i);
      const done = isAnswered(q);
      const flag = Boolean(state.flags[q.id]);
      answered += done ? 1 : 0;
      flagged += flag ? 1 : 0;
      button.classList.toggle("answered", done);
      button.classList.toggle("flagged", flag);
      button.querySelector(".nav-mark").textContent = (done ? "✓" : "") + (flag ? "⚑" : "");
      button.querySelector(".visually-hidden").textContent = navLabel(q);
      if (i === state.current) button.setAttribute("aria-current", "step");
      else button.removeAttribute("aria-current");
    });
    $("progress").textContent = answered + " of " + questions.length + " answered · " + flagged + " flagged";
  }

  // ---- one question on screen ----

  function scenarioBox(scenario) {
    // The case beside the question on wide screens (CSS), and one that folds away on narrow ones
    // so the answer box comes into view; folding is remembered from part to part.
    const s = scenario.setting;
    const rows = [["Organisation", s.organisation], ["Customer", s.customer], ["Channel", s.channel]];
    const list = el("dl", { class: "setting" });
    rows.forEach(([term, value]) => list.append(el("dt", { text: term }), el("dd", { text: value })));
    const box = el("details", { class: "scenario", id: "scenario", open: !state.case_closed }, [
      el("summary", { id: "scenario-summary" }, [
        el("h2", { id: "scenario-title", text: "Scenario " + scenario.label + ": " + scenario.title }),
      ]),
      el("div", { class: "scenario-body" }, [list, el("p", { class: "situation", text: s.situation })]),
    ]);
    box.addEventListener("toggle", () => {
      state.case_closed = !box.open;
      save();
    });
    return el("section", { class: "case-pane", "aria-labelledby": "scenario-title" }, [box]);
  }

  function setAnswer(q, value) {
    if (Array.isArray(value) ? value.length === 0 : value === "") delete state.answers[q.id];
    else state.answers[q.id] = value;
    save();
    updateNav();
  }

  function optionInput(q, option, type, checked) {
    const id = "opt-" + option.id;
    const input = el("input", { type: type, id: id, name: "answer", value: option.id, checked: checked });
    input.addEventListener("keydown", (event) => {
      // Native radios and checkboxes answer Space; candidates also expect Enter to choose.
      if (event.key === "Enter") {
        event.preventDefault();
        if (type === "checkbox" || !input.checked) input.click();
      }
    });
    return el("label", { class: "option", for: id }, [
      input,
      el("span", { class: "option-id", text: option.id }),
      el("span", { class: "option-text", text: option.text }),
    ]);
  }

  function choiceAnswer(q) {
    const multiple = q.kind === "multiple_response";
    const chosen = state.answers[q.id];
    const legend = multiple
      ? "Choose " + (NUMBER_WORDS[q.choose] || q.choose) + " answers"
      : "Choose one answer";
    const fieldset = el("fieldset", { class: "options" }, [el("legend", { text: legend })]);
    q.options.forEach((option) => {
      const checked = multiple ? Array.isArray(chosen) && chosen.includes(option.id) : chosen === option.id;
      fieldset.append(optionInput(q, option, multiple ? "checkbox" : "radio", checked));
    });
    const status = el("p", { class: "choice-status", id: "choice-status", "aria-live": "polite" });
    const update = () => {
      if (!multiple) return;
      const n = fieldset.querySelectorAll("input:checked").length;
      status.textContent = n + " of " + q.choose + " chosen" +
        (n > q.choose ? ": you have chosen more than the question asks for" : "");
      status.classList.toggle("warning", n > q.choose);
    };
    fieldset.addEventListener("change", () => {
      const picked = Array.from(fieldset.querySelectorAll("input:checked"), (i) => i.value);
      setAnswer(q, multiple ? picked : picked[0] || "");
      update();
    });
    update();
    return [fieldset, status];
  }

  function textAnswer(q) {
    const box = el("textarea", {
      id: "answer-text",
      rows: q.kind === "extended_response" ? "14" : "6",
      "aria-describedby": "word-count",
      spellcheck: "false",
    });
    box.value = state.answers[q.id] || "";
    const count = el("p", { class: "word-count", id: "word-count" });
    const update = () => { count.textContent = plural(words(box.value), "word"); };
    box.addEventListener("input", () => {
      setAnswer(q, wellFormed(box.value));
      update();
    });
    update();
    return [el("label", { for: "answer-text", class: "answer-label", text: "Your answer" }), box, count];
  }

  function showQuestion(index, focus) {
    state.current = Math.max(0, Math.min(index, questions.length - 1));
    const { q, section, scenario } = questions[state.current];
    const panel = $("question");
    panel.textContent = "";
    panel.classList.toggle("with-case", Boolean(scenario));
    const head = el("div", { class: "question-top" }, [el("p", { class: "section-title", text: section.title })]);
    if (section.instructions) head.append(el("p", { class: "section-instructions", text: section.instructions }));
    panel.append(head);
    if (scenario) panel.append(scenarioBox(scenario));
    const pane = el("div", { class: "question-pane" });
    panel.append(pane);
    pane.append(
      el("div", { class: "question-head" }, [
        el("h2", { id: "question-heading", tabindex: "-1", text: "Question " + q.label }),
        el("span", { class: "marks", text: "[" + plural(q.marks, "mark") + "]" }),
      ]),
      el("p", { class: "stem", id: "stem", text: q.stem }),
    );
    const answer = q.kind === "multiple_choice" || q.kind === "multiple_response" ? choiceAnswer(q) : textAnswer(q);
    pane.append(el("div", { class: "answer", role: "group", "aria-labelledby": "question-heading stem" }, answer));
    const flag = el("button", {
      type: "button", id: "flag", class: "flag", "aria-pressed": String(Boolean(state.flags[q.id])),
      text: state.flags[q.id] ? "⚑ Flagged for review" : "⚐ Flag for review",
    });
    flag.addEventListener("click", () => {
      if (state.flags[q.id]) delete state.flags[q.id];
      else state.flags[q.id] = true;
      flag.setAttribute("aria-pressed", String(Boolean(state.flags[q.id])));
      flag.textContent = state.flags[q.id] ? "⚑ Flagged for review" : "⚐ Flag for review";
      save();
      updateNav();
    });
    const prev = el("button", { type: "button", id: "prev", text: "← Previous", disabled: state.current === 0 });
    const last = state.current === questions.length - 1;
    const next = el("button", { type: "button", id: "next", class: "primary", text: last ? "Review and finish" : "Next →" });
    prev.addEventListener("click", () => showQuestion(state.current - 1, true));
    next.addEventListener("click", () => (last ? openFinish() : showQuestion(state.current + 1, true)));
    pane.append(el("div", { class: "question-actions" }, [flag, el("span", { class: "spacer" }), prev, next]));
    $("instructions-panel").hidden = true;
    panel.hidden = false;
    save();
    updateNav();
    if (focus) {
      // Open a question at its top (scenario first), not wherever the last one was scrolled to.
      if (getComputedStyle($("exam-screen")).gridTemplateColumns.split(" ").length > 1) window.scrollTo(0, 0);
      else $("main-area").querySelector(".question-area").scrollIntoView();
      $("question-heading").focus({ preventScroll: true });
    }
  }

  function showInstructions() {
    const panel = $("instructions-panel");
    const list = $("exam-instructions");
    if (!list.children.length) PAPER.instructions.forEach((line) => list.append(el("li", { text: line })));
    $("question").hidden = true;
    panel.hidden = false;
    $("instructions-heading").focus();
  }

  // ---- the timer: the paper's time plus any extra time, stopped during rest breaks ----

  function breaksAllowed() {
    return Boolean(state && state.arrangements && state.arrangements.rest_breaks);
  }

  function allowedMs() {
    const extra = (state.arrangements && state.arrangements.extra_time) || 0;
    return PAPER.duration_minutes * 60000 * (100 + extra) / 100;
  }

  function pausedMs(now) {
    const taken = (state.breaks || []).reduce((sum, b) => sum + Date.parse(b.ended_at) - Date.parse(b.started_at), 0);
    return taken + (state.on_break ? now - Date.parse(state.on_break) : 0);
  }

  function deadline(now) {
    return Date.parse(state.started_at) + allowedMs() + pausedMs(now);
  }

  function hideWarning() {
    $("timer").parentElement.classList.remove("warning", "over");
    if (!$("time-banner").hidden) {
      $("time-banner").hidden = true;
      keepFocusInView();
    }
  }

  function tick() {
    if (!state || state.finished_at) return;
    const now = Date.now();
    const left = deadline(now) - now;
    const timer = $("timer");
    if (state.on_break) {
      $("timer-label").textContent = "Clock stopped";
      timer.textContent = duration(left);
      $("break-left").textContent = duration(left);
      return;
    }
    if (left > 0) {
      $("timer-label").textContent = "Time left";
      timer.textContent = duration(left);
      const level = WARN_MINUTES.filter((m) => left <= m * 60000).pop() || 0;
      if (!level) {
        hideWarning(); // extra time granted after a warning takes the warning away
        state.warned = 0;
        return;
      }
      timer.parentElement.classList.add("warning");
      if ($("time-banner").hidden) {
        $("time-banner").hidden = false;
        keepFocusInView();
      }
      $("time-banner-text").textContent = plural(Math.ceil(left / 60000), "minute") + " left. " +
        (SETTINGS.on_timeout === "submit"
          ? "At the end of the time your answers are finished and downloaded for you."
          : "You may carry on after the time, but your script will be marked late.");
      if (level !== state.warned) {
        state.warned = level;
        save();
        announce(plural(level, "minute") + " left.");
      }
      return;
    }
    if (SETTINGS.on_timeout === "submit") {
      finish(true);
      return;
    }
    timer.parentElement.classList.add("warning", "over");
    $("timer-label").textContent = "Over time by";
    timer.textContent = duration(-left);
    $("time-banner-text").textContent = "Time is up. You may carry on, but your script will be marked late.";
    if ($("time-banner").hidden) {
      $("time-banner").hidden = false;
      keepFocusInView();
    }
    if (!state.late) {
      state.late = true;
      save();
      announce("Time is up. You may carry on, but your script will be marked late.");
    }
  }

  // ---- rest breaks: the clock stops and the questions are hidden until the invigilator resumes ----

  function startBreak() {
    if (!state || state.finished_at || state.on_break || !breaksAllowed()) return;
    state.on_break = new Date().toISOString();
    save();
    showBreak();
    announce("Rest break. The clock is stopped.");
  }

  function showBreak() {
    show("break-screen");
    $("break-since").textContent = clock(new Date(state.on_break));
    tick();
    $("break-heading").focus();
  }

  function endBreak() {
    if (!state || !state.on_break) return;
    const ended = new Date();
    const started = new Date(state.on_break);
    state.breaks.push({
      started_at: state.on_break,
      ended_at: ended.toISOString(),
      seconds: Math.max(0, Math.round((ended - started) / 1000)),
    });
    state.on_break = null;
    save();
    show("exam-screen");
    renderNav();
    showQuestion(state.current || 0, true);
    tick();
    announce("The exam has resumed.");
  }

  // ---- finishing ----

  function openFinish() {
    const answered = questions.filter(({ q }) => isAnswered(q)).length;
    const flagged = questions.filter(({ q }) => state.flags[q.id]).length;
    $("finish-summary").textContent = "You have answered " + answered + " of " + questions.length +
      " questions" + (flagged ? " and flagged " + plural(flagged, "question") + " for review" : "") +
      ". Once you finish you cannot change your answers.";
    $("finish-dialog").showModal();
  }

  let finishing = false;

  function finishedNumbers() {
    try {
      const list = JSON.parse(storeGet(FINISHED_KEY) || "[]");
      return Array.isArray(list) ? list.filter((n) => typeof n === "string") : [];
    } catch (e) {
      return [];
    }
  }

  async function finish(timedOut) {
    if (finishing || state.finished_at || state.on_break) return;
    finishing = true;
    state.finished_at = new Date().toISOString();
    state.timed_out = timedOut;
    save();
    const numbers = finishedNumbers().filter((n) => n !== state.candidate.number);
    storeSet(FINISHED_KEY, JSON.stringify([...numbers, state.candidate.number]));
    const dialog = $("finish-dialog");
    if (dialog.open) dialog.close();
    const result = await downloadScript(false);
    showFinished(result);
  }

  async function showFinished(result) {
    const done = result || { name: fileName(false), script: await buildScript() };
    showWho(); // a reload of the finished screen still says whose it is
    show("finished-screen");
    $("finished-lead").textContent = state.timed_out
      ? "Time is up. Your answers have been finished and downloaded."
      : "You have finished. Your answers have been downloaded.";
    $("finished-file").textContent = done.name;
    $("finished-receipt").textContent = done.script.digest.slice(7, 19).replace(/(....)(?=.)/g, "$1 ");
    $("finished-late").hidden = !state.late;
    $("finished-heading").focus();
  }

  // ---- the invigilator: every action here needs the code, entered each time the panel opens ----

  function openInvigilator() {
    $("invigilator-code").value = "";
    fieldError("invigilator-code", "");
    $("invigilator-unlock").hidden = false;
    $("invigilator-panel").hidden = true;
    $("invigilator-dialog").showModal();
    $("invigilator-code").focus();
  }

  function onUnlock(event) {
    event.preventDefault();
    const code = $("invigilator-code").value;
    if (!code.trim() || !codeMatches(code)) {
      fieldError("invigilator-code", code.trim() ? "That is not the invigilator code." : "Enter the invigilator code.");
      $("invigilator-code").select();
      return;
    }
    $("invigilator-code").value = "";
    $("invigilator-unlock").hidden = true;
    $("invigilator-panel").hidden = false;
    $("invigilator-status").textContent = "";
    renderInvigilator();
    $("invigilator-heading").setAttribute("tabindex", "-1");
    $("invigilator-heading").focus();
  }

  function unlocked() {
    // Actions run only from the open, unlocked panel (closing it locks it again).
    return $("invigilator-dialog").open && !$("invigilator-panel").hidden;
  }

  function renderInvigilator() {
    const started = Boolean(state);
    const finished = started && Boolean(state.finished_at);
    const who = started ? "candidate " + state.candidate.number + " (" + state.candidate.name + ")" : "";
    $("break-section").hidden = !started || finished || !(state.on_break || breaksAllowed());
    $("invigilator-resume").hidden = !(started && state.on_break);
    $("invigilator-break").hidden = !started || Boolean(state.on_break);
    $("grant-section").hidden = finished;
    $("grant-none").hidden = started;
    $("grant-form").hidden = !started || finished;
    $("grant-heading").textContent = "Access arrangements" + (started && !finished ? " for " + who : "");
    if (started && !finished) {
      const granted = state.arrangements || {};
      $("grant-extra").value = String(granted.extra_time || 0);
      $("grant-breaks").checked = Boolean(granted.rest_breaks);
      $("grant-background").value = granted.background || "";
      $("grant-font").value = granted.font || "";
      $("grant-size").value = granted.text_size ? String(granted.text_size) : "";
    }
    $("clear-section").hidden = !finished;
    if (finished) {
      $("clear-confirm").checked = false;
      $("clear-confirm-label").textContent = "I have the answer script of " + who;
      fieldError("clear-confirm", "");
    }
    const list = $("earlier-list");
    list.textContent = "";
    finishedNumbers().forEach((number) => {
      const earlier = loadState(number);
      if (!earlier || !earlier.finished_at) return;
      const button = el("button", { type: "button", class: "link-button",
        text: "Download the script of candidate " + number + " (" + earlier.candidate.name + ")" });
      button.addEventListener("click", () => {
        if (!unlocked()) return;
        const current = state;
        state = earlier;
        downloadScript(false).finally(() => { state = current; });
      });
      list.append(el("li", {}, [button]));
    });
    $("earlier-section").hidden = !list.children.length;
  }

  function onGrant(event) {
    event.preventDefault();
    if (!unlocked() || !state || state.finished_at) return;
    const size = $("grant-size").value;
    state.arrangements = {
      extra_time: Number($("grant-extra").value),
      rest_breaks: $("grant-breaks").checked,
      background: $("grant-background").value || null,
      font: $("grant-font").value || null,
      text_size: size ? Number(size) : null,
      granted_by: "invigilator",
    };
    save();
    applyArrangementDisplay(state.arrangements);
    showWho();
    if (!state.on_break) show("exam-screen");
    tick();
    $("invigilator-status").textContent = "Arrangements granted and saved.";
    renderInvigilator();
  }

  function onClear() {
    if (!unlocked() || !state || !state.finished_at) return;
    if (!$("clear-confirm").checked) {
      fieldError("clear-confirm", "Tick the box once you have this candidate's answer script.");
      $("clear-confirm").focus();
      return;
    }
    // The script stays in this browser (the list above offers it again); the screen is cleared,
    // and the next candidate starts with the standard display.
    storeSet(CURRENT_KEY, "");
    storeSet(PREFS_KEY, JSON.stringify(DEFAULT_PREFS));
    window.location.reload();
  }

  function invigilatorBreak(start) {
    if (!unlocked()) return;
    $("invigilator-dialog").close();
    if (start) startBreak();
    else endBreak();
  }

  // ---- wiring ----

  function wire() {
    $("start-form").addEventListener("submit", onStart);
    $("pref-background").addEventListener("change", (e) => setPref("background", e.currentTarget.value));
    $("pref-font").addEventListener("change", (e) => setPref("font", e.currentTarget.value));
    $("pref-size").addEventListener("change", (e) => setPref("size", e.currentTarget.value));
    $("download-so-far").addEventListener("click", () => downloadScript(true));
    $("storage-download").addEventListener("click", () => downloadScript(!state.finished_at));
    $("finish").addEventListener("click", openFinish);
    $("finish-cancel").addEventListener("click", () => $("finish-dialog").close());
    $("finish-confirm").addEventListener("click", () => finish(false));
    $("show-instructions").addEventListener("click", showInstructions);
    $("back-to-question").addEventListener("click", () => showQuestion(state.current, true));
    $("download-again").addEventListener("click", () => downloadScript(false));
    $("rest-break").addEventListener("click", startBreak);
    $("break-resume").addEventListener("click", openInvigilator);
    $("invigilator-open").addEventListener("click", openInvigilator);
    $("invigilator-unlock").addEventListener("submit", onUnlock);
    $("invigilator-cancel").addEventListener("click", () => $("invigilator-dialog").close());
    $("invigilator-close").addEventListener("click", () => $("invigilator-dialog").close());
    $("invigilator-dialog").addEventListener("close", () => { $("invigilator-panel").hidden = true; });
    $("grant-form").addEventListener("submit", onGrant);
    $("invigilator-resume").addEventListener("click", () => invigilatorBreak(false));
    $("invigilator-break").addEventListener("click", () => invigilatorBreak(true));
    $("invigilator-download").addEventListener("click", () => { if (unlocked()) downloadScript(false); });
    $("invigilator-clear").addEventListener("click", onClear);
  }

  function resume() {
    const last = storeGet(CURRENT_KEY);
    const previous = last ? loadState(last) : null;
    if (!previous) return false;
    state = previous;
    if (state.finished_at) {
      showFinished(null);
      return true;
    }
    enterExam();
    return true;
  }

  fillChoices();
  applyPrefs(readPrefs(), false);
  wire();
  window.addEventListener("resize", keepFocusInView);
  renderStart();
  if (!resume()) {
    show("start-screen");
    if (!storeSet(KEY_PREFIX + "probe", "1")) {
      // Warn before any answer is written, not after the first one is lost.
      storageFailed();
    }
  }

  // For centres' tools and tests: how this page computes a script's digest and file text.
  window.csassessExam = Object.freeze({
    canonicalJson: canonicalJson,
    answersDigest: answersDigest,
    scriptDigest: scriptDigest,
    sha256Hex: sha256Hex,
    sha256Fallback: (text) => sha256Fallback(new TextEncoder().encode(text)),
    scriptFileText: scriptFileText,
  });
})();
