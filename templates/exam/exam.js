// csassess offline exam: runs from one file with no network. Every change is saved at once in
// this browser's localStorage; Finish downloads the answer script that `csassess mark` reads.
(function () {
  "use strict";

  const DATA = JSON.parse(document.getElementById("paper").textContent);
  const PAPER = DATA.paper;
  const SETTINGS = DATA.settings;
  const KEY_PREFIX = "csassess:exam:" + PAPER.id + ":" + PAPER.form + ":";
  const CURRENT_KEY = KEY_PREFIX + "current";
  const PREFS_KEY = "csassess:exam:prefs";
  const WARN_MINUTES = [10, 5];
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

  function sha256Fallback(bytes) {
    // For browsers without crypto.subtle (it needs a secure context; file: is one in most).
    const primes = [];
    for (let n = 2; primes.length < 64; n++) {
      if (primes.every((p) => n % p !== 0)) primes.push(n);
    }
    const frac = (x) => ((x - Math.floor(x)) * 0x100000000) >>> 0;
    const K = primes.map((p) => frac(Math.cbrt(p)));
    const H = primes.slice(0, 8).map((p) => frac(Math.sqrt(p)));
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

  // ---- preferences: high contrast and large print ----

  function loadPrefs() {
    let prefs = {};
    try {
      prefs = JSON.parse(storeGet(PREFS_KEY) || "{}") || {};
    } catch (e) {
      prefs = {};
    }
    setPref("contrast", Boolean(prefs.contrast), false);
    setPref("large", Boolean(prefs.large), false);
  }

  function setPref(name, on, persist) {
    const cls = name === "contrast" ? "high-contrast" : "large-print";
    const button = $(name === "contrast" ? "toggle-contrast" : "toggle-large");
    document.documentElement.classList.toggle(cls, on);
    button.setAttribute("aria-pressed", String(on));
    keepFocusInView();
    if (persist) {
      storeSet(PREFS_KEY, JSON.stringify({
        contrast: document.documentElement.classList.contains("high-contrast"),
        large: document.documentElement.classList.contains("large-print"),
      }));
    }
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
    return {
      kind: "answer_script",
      paper: PAPER.id,
      form: PAPER.form,
      paper_hash: PAPER.content_hash,
      centre: state.centre,
      candidate: { number: state.candidate.number, name: state.candidate.name },
      answers: answers,
      started_at: state.started_at,
      finished_at: state.finished_at || null,
      // after the time, with the centre's "mark as late" setting; not part of the digest,
      // which covers the answers alone
      late: state.late === true,
      digest: await answersDigest(answers),
    };
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
    document.documentElement.style.scrollPaddingTop = sticky ? top.offsetHeight + 8 + "px" : "";
  }

  function show(screen) {
    ["start-screen", "exam-screen", "finished-screen"].forEach((id) => { $(id).hidden = id !== screen; });
    $("exam-actions").hidden = screen !== "exam-screen";
    $("storage-download").hidden = !state; // nothing to download before the candidate starts
    keepFocusInView();
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
    const last = storeGet(CURRENT_KEY);
    const previous = last ? loadState(last) : null;
    if (previous && previous.finished_at) {
      $("previous").hidden = false;
      $("previous-text").textContent = "Candidate " + previous.candidate.number + " finished at " +
        clock(new Date(previous.finished_at)) + ".";
      $("previous-download").addEventListener("click", () => {
        state = previous;
        downloadScript(false);
      });
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
    };
    save();
    if (state.finished_at) showFinished(null, false);
    else enterExam();
  }

  function enterExam() {
    $("who").textContent = "Candidate " + state.candidate.number + " · " + state.candidate.name;
    show("exam-screen");
    renderNav();
    // Focus lands on the question, so keyboard and screen-reader users start where the exam is.
    showQuestion(state.current || 0, true);
    tick();
    window.setInterval(tick, 1000);
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
    const s = scenario.setting;
    const rows = [["Organisation", s.organisation], ["Customer", s.customer], ["Channel", s.channel]];
    const list = el("dl", { class: "setting" });
    rows.forEach(([term, value]) => list.append(el("dt", { text: term }), el("dd", { text: value })));
    return el("section", { class: "scenario", "aria-labelledby": "scenario-title" }, [
      el("h2", { id: "scenario-title", text: "Scenario " + scenario.label + ": " + scenario.title }),
      list,
      el("p", { class: "situation", text: s.situation }),
    ]);
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
    panel.append(el("p", { class: "section-title", text: section.title }));
    if (section.instructions) panel.append(el("p", { class: "section-instructions", text: section.instructions }));
    if (scenario) panel.append(scenarioBox(scenario));
    panel.append(
      el("div", { class: "question-head" }, [
        el("h2", { id: "question-heading", tabindex: "-1", text: "Question " + q.label }),
        el("span", { class: "marks", text: "[" + plural(q.marks, "mark") + "]" }),
      ]),
      el("p", { class: "stem", id: "stem", text: q.stem }),
    );
    const answer = q.kind === "multiple_choice" || q.kind === "multiple_response" ? choiceAnswer(q) : textAnswer(q);
    panel.append(el("div", { class: "answer", role: "group", "aria-labelledby": "question-heading stem" }, answer));
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
    panel.append(el("div", { class: "question-actions" }, [flag, el("span", { class: "spacer" }), prev, next]));
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

  // ---- the timer ----

  function deadline() {
    return Date.parse(state.started_at) + PAPER.duration_minutes * 60000;
  }

  function tick() {
    if (!state || state.finished_at) return;
    const left = deadline() - Date.now();
    const timer = $("timer");
    if (left > 0) {
      $("timer-label").textContent = "Time left";
      timer.textContent = duration(left);
      const level = WARN_MINUTES.filter((m) => left <= m * 60000).pop() || 0;
      if (level) {
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
          announce(level + " minutes left.");
        }
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

  async function finish(timedOut) {
    if (finishing || state.finished_at) return;
    finishing = true;
    state.finished_at = new Date().toISOString();
    save();
    const dialog = $("finish-dialog");
    if (dialog.open) dialog.close();
    const result = await downloadScript(false);
    showFinished(result, timedOut);
  }

  async function showFinished(result, timedOut) {
    const done = result || { name: fileName(false), script: await buildScript() };
    show("finished-screen");
    $("finished-lead").textContent = timedOut
      ? "Time is up. Your answers have been finished and downloaded."
      : "You have finished. Your answers have been downloaded.";
    $("finished-file").textContent = done.name;
    $("finished-receipt").textContent = done.script.digest.slice(7, 19).replace(/(....)(?=.)/g, "$1 ");
    $("finished-late").hidden = !state.late;
    $("finished-heading").focus();
  }

  // ---- wiring ----

  function wire() {
    $("start-form").addEventListener("submit", onStart);
    $("toggle-contrast").addEventListener("click", (e) =>
      setPref("contrast", e.currentTarget.getAttribute("aria-pressed") !== "true", true));
    $("toggle-large").addEventListener("click", (e) =>
      setPref("large", e.currentTarget.getAttribute("aria-pressed") !== "true", true));
    $("download-so-far").addEventListener("click", () => downloadScript(true));
    $("storage-download").addEventListener("click", () => downloadScript(!state.finished_at));
    $("finish").addEventListener("click", openFinish);
    $("finish-cancel").addEventListener("click", () => $("finish-dialog").close());
    $("finish-confirm").addEventListener("click", () => finish(false));
    $("show-instructions").addEventListener("click", showInstructions);
    $("back-to-question").addEventListener("click", () => showQuestion(state.current, true));
    $("download-again").addEventListener("click", () => downloadScript(false));
    $("new-candidate").addEventListener("click", () => {
      storeSet(CURRENT_KEY, "");
      window.location.reload();
    });
  }

  function resume() {
    const last = storeGet(CURRENT_KEY);
    const previous = last ? loadState(last) : null;
    if (!previous) return false;
    state = previous;
    if (state.finished_at) {
      showFinished(null, false);
      return true;
    }
    enterExam();
    return true;
  }

  loadPrefs();
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
    sha256Hex: sha256Hex,
    sha256Fallback: (text) => sha256Fallback(new TextEncoder().encode(text)),
    scriptFileText: scriptFileText,
  });
})();
