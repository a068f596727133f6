// The one-document protocol editor: every section of every paragraph is its own small form (which works without
// JavaScript: a textarea and a Spara button). This module turns each into a rich-text editor that saves on its
// own, a second after the last keystroke, and says so next to it: sparar / sparat kl. / inte sparat och varför.
//
// Nothing is ever lost silently:
// - every save carries the section's base (the version, hash and text it started from), so the server merges
//   what another writer changed elsewhere and reports a conflict only when both changed the same words;
// - text not yet confirmed by the server is kept in localStorage with its base, and restored only if the server
//   text is still that base; otherwise the section shows the conflict view (both texts, nothing preselected);
// - a save the server refuses (under justering, locked) is shown with "Kopiera texten" and kept until the
//   secretary discards it.
// Messages come translated from the page (data-msg-* on #protocol-editor); no inline script (CSP).
import {
  Bold, BulletList, Document, Editor, HardBreak, Heading, History, Italic, Link, ListItem, Menu, OrderedList,
  Paragraph, Table, TableCell, TableHeader, TableRow, Text, Underline,
} from "../django_prose_editor/editor.js";

const root = document.getElementById("protocol-editor");
// Sub-headings at h3 and h4 only (the sanitiser keeps those; the protocol shifts them below its own headings),
// and tables (a budget's figures).
const EXTENSIONS = [Document, Paragraph, Text, HardBreak, History, Menu, Bold, Italic, Underline, BulletList,
  OrderedList, ListItem, Link, Heading.configure({ levels: [3, 4] }), Table, TableRow, TableHeader, TableCell];
const EMPTY = /^<(\w+)(\s[^>]*)?><\/\1>$/i;
const SAVE_DELAY = 1000;
const RETRY_DELAY = 10000;
const PRESENCE_EVERY = 15000;
const DRAFT_PREFIX = "lgl-section-draft:";

function msg(name, values) {
  let text = (root && root.dataset["msg" + name]) || "";
  for (const [key, value] of Object.entries(values || {})) text = text.replaceAll("%(" + key + ")s", value);
  return text;
}

function storage(action, key, value) {
  try {
    if (action === "get") return JSON.parse(localStorage.getItem(key) || "null");
    if (action === "set") localStorage.setItem(key, JSON.stringify(value));
    if (action === "remove") localStorage.removeItem(key);
  } catch (e) { /* storage full or disabled: the section's status still says "inte sparat" */ }
  return null;
}

// The CSRF token from the cookie when there is one: after logging in again in another tab the page's own token
// is stale, and the cookie's new one lets the kept text be saved without a reload.
function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : (root && root.dataset.csrf) || "";
}

function element(tag, attrs, children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "text") el.textContent = value;
    else if (key === "html") el.innerHTML = value; // only server-sanitised protocol HTML is passed here
    else el.setAttribute(key, value);
  }
  for (const child of children || []) el.append(child);
  return el;
}

class Section {
  constructor(form) {
    this.form = form;
    this.item = form.dataset.item;
    this.field = form.dataset.field;
    this.label = form.dataset.label || this.field;
    this.textarea = form.querySelector("textarea");
    this.status = form.querySelector(".section-status");
    this.box = form.closest(".protocol-section");
    this.conflictBox = this.box.querySelector(".section-conflict");
    this.key = DRAFT_PREFIX + this.item + ":" + this.field;
    this.base = {
      version: form.elements.base_version.value,
      hash: form.elements.base_hash.value,
      text: form.elements.base_text.value,
    };
    this.timer = null;
    this.inFlight = false;
    this.dirty = false; // typed since the last save was sent
    this.state = "idle"; // idle | saving | saved | unsaved | conflict | refused
    this.editor = this.createEditor();
    form.querySelector(".section-save")?.classList.add("visually-hidden");
    form.addEventListener("submit", (event) => { event.preventDefault(); this.saveNow(); });
  }

  createEditor() {
    const wrapper = element("div", { class: "prose-editor" });
    this.textarea.before(wrapper);
    wrapper.append(this.textarea);
    const editor = new Editor({
      element: wrapper,
      editable: true,
      extensions: EXTENSIONS,
      content: this.textarea.value,
      injectCSS: false, // the CSP forbids injected <style>; the base rules are in meetings.css
      onUpdate: ({ editor: ed }) => {
        if (this.settingContent) return;
        const html = ed.getHTML();
        this.textarea.value = EMPTY.test(html) ? "" : html;
        this.changed();
      },
      onFocus: () => presence.here(this),
    });
    const dom = editor.view.dom;
    dom.setAttribute("role", "textbox");
    dom.setAttribute("aria-multiline", "true");
    dom.setAttribute("aria-label", this.label);
    dom.dataset.section = this.item + ":" + this.field;
    return editor;
  }

  get text() { return this.textarea.value; }

  setText(html) {
    this.settingContent = true;
    this.editor.commands.setContent(html || "");
    this.settingContent = false;
    this.textarea.value = html || "";
  }

  setEditable(on) {
    this.editor.setEditable(on);
    this.box.classList.toggle("section-readonly", !on);
  }

  show(state, message) {
    this.state = state;
    this.status.dataset.state = state;
    this.status.textContent = message;
    toc.update(this.item);
  }

  remember() {
    storage("set", this.key, { item: this.item, field: this.field, base: this.base, text: this.text, at: Date.now() });
  }

  forget() { storage("remove", this.key); }

  changed() {
    this.dirty = true;
    this.remember();
    if (this.state === "conflict" || this.state === "refused") return; // waits for the secretary's choice
    this.show("unsaved", msg("Pending"));
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.saveNow(), SAVE_DELAY);
  }

  async saveNow() {
    clearTimeout(this.timer);
    if (this.inFlight) { this.again = true; return; }
    if (this.state === "conflict" || this.state === "refused") return;
    this.inFlight = true;
    this.again = false;
    const sent = this.text;
    this.dirty = false;
    this.show("saving", msg("Saving"));
    const body = new FormData(this.form);
    body.set("text", sent);
    body.set("base_version", this.base.version);
    body.set("base_hash", this.base.hash);
    body.set("base_text", this.base.text);
    body.delete("csrfmiddlewaretoken"); // the header carries the current token (see csrfToken)
    let response;
    let data = null;
    try {
      response = await fetch(this.form.action, {
        method: "POST", body, headers: { Accept: "application/json", "X-CSRFToken": csrfToken() }, credentials: "same-origin",
      });
      data = await response.json().catch(() => null);
    } catch (e) {
      this.inFlight = false;
      this.dirty = true;
      this.show("unsaved", msg("Offline"));
      this.timer = setTimeout(() => this.saveNow(), RETRY_DELAY);
      return;
    }
    this.inFlight = false;
    if (response.ok && data && data.state === "saved") this.saved(data, sent);
    else if (response.status === 409 && data && data.state === "conflict") this.conflict(data);
    else if (response.status === 423 && data) this.refused(data.message);
    else {
      this.dirty = true;
      // No JSON back: the session ended or the CSRF token is stale (a login page or an error page came back).
      const why = data ? msg("Error", { message: data.message || response.status }) : msg("SessionLost");
      this.show("unsaved", why);
      this.timer = setTimeout(() => this.saveNow(), RETRY_DELAY);
      return;
    }
    // Typed while the save was under way: that text goes in the next save, a moment after the last keystroke.
    if ((this.again || this.dirty) && ["saved", "unsaved"].includes(this.state)) {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.saveNow(), SAVE_DELAY);
    }
  }

  saved(data, sent) {
    if (this.dirty) {
      // The secretary kept typing while this save was under way. If the server merged in someone else's words,
      // the base stays the one this text started from, so the next save merges them again instead of dropping
      // them; otherwise what was sent is the new base.
      if (data.text === sent) this.base = { version: data.version, hash: data.hash, text: data.text };
      this.show("unsaved", msg("Pending"));
      this.remember();
      return;
    }
    this.base = { version: data.version, hash: data.hash, text: data.text };
    if (data.text !== this.text) this.setText(data.text); // merged with another writer's words
    this.forget();
    this.show("saved", data.outcome === "merged" ? msg("Merged", { time: data.saved_at }) : msg("Saved", { time: data.saved_at }));
  }

  conflict(data) {
    clearTimeout(this.timer);
    this.remember();
    this.theirs = data;
    this.show("conflict", msg("Conflict", { who: data.who || "", when: data.when || "" }));
    this.setEditable(false);
    const mine = this.text;
    const column = (heading, html) => element("div", { class: "conflict-column" }, [
      element("h4", { text: heading }), element("div", { class: "rich", html: html || "<p>" + msg("Empty") + "</p>" }),
    ]);
    const button = (label, action, cls) => {
      const b = element("button", { type: "button", class: cls || "button secondary", text: label });
      b.addEventListener("click", () => this.resolve(action, mine));
      return b;
    };
    this.conflictBox.replaceChildren(
      element("p", { class: "conflict-lead", text: msg("ConflictLead", { who: data.who || "", when: data.when || "" }) }),
      element("div", { class: "conflict-grid" }, [
        column(msg("Theirs", { who: data.who || "", when: data.when || "" }), data.theirs),
        column(msg("Mine"), mine),
      ]),
      element("div", { class: "conflict-actions", role: "group", "aria-label": msg("ChooseFor", { label: this.label }) }, [
        button(msg("KeepBoth"), "both", "button"),
        button(msg("TakeMine"), "mine"),
        button(msg("TakeTheirs"), "theirs"),
        button(msg("EditMerge"), "edit"),
      ]),
    );
    this.conflictBox.hidden = false;
    this.conflictBox.querySelector("button").focus();
  }

  resolve(action, mine) {
    const theirs = this.theirs;
    this.base = { version: theirs.version, hash: theirs.hash, text: theirs.theirs };
    this.conflictBox.hidden = true;
    this.conflictBox.replaceChildren();
    this.setEditable(true);
    this.state = "idle";
    if (action === "theirs") {
      this.setText(theirs.theirs);
      this.forget();
      this.show("saved", msg("TookTheirs"));
      return;
    }
    this.setText(action === "mine" ? mine : theirs.both);
    this.remember();
    if (action === "edit") {
      this.show("unsaved", msg("EditingMerge"));
      this.editor.commands.focus();
      return;
    }
    this.saveNow();
  }

  refused(message) {
    clearTimeout(this.timer);
    this.remember();
    this.setEditable(false);
    this.show("refused", msg("Refused", { message: message || "" }));
    refusedDraft(this.conflictBox, this.text, message, () => {
      this.forget();
      this.setText(this.base.text);
      this.show("idle", msg("Discarded"));
    });
  }

  // A draft from an earlier visit is put back only onto the text it was written on; otherwise both are shown.
  restore() {
    const draft = storage("get", this.key);
    if (!draft || typeof draft.text !== "string") return;
    if (draft.text === this.text) { this.forget(); return; }
    if (root.dataset.editable !== "true") {
      this.setText(draft.text);
      this.refused(root.dataset.readonlyReason);
      return;
    }
    if (draft.base && draft.base.hash === this.base.hash) {
      this.setText(draft.text);
      this.show("unsaved", msg("Restored"));
      this.saveNow();
      return;
    }
    this.setText(draft.text);
    this.conflict({
      state: "conflict", theirs: this.base.text, version: this.base.version, hash: this.base.hash,
      both: bothTexts(this.base.text, draft.text), who: msg("SavedVersion"), when: "",
    });
  }
}

// A draft the server will not take (under justering, locked): shown with the reason, "Kopiera texten", and
// discarded only when the secretary says so.
function refusedDraft(holder, html, message, onDiscard) {
  const plain = element("div", { html }).innerText;
  const area = element("textarea", { readonly: "", rows: "4", "aria-label": msg("Mine") });
  area.value = plain;
  const copy = element("button", { type: "button", class: "button secondary", text: msg("CopyText") });
  copy.addEventListener("click", async () => {
    area.select();
    try { await navigator.clipboard.writeText(plain); } catch (e) { document.execCommand("copy"); }
    copy.textContent = msg("Copied");
  });
  const discard = element("button", { type: "button", class: "link-button", text: msg("Discard") });
  discard.addEventListener("click", () => {
    holder.hidden = true;
    holder.replaceChildren();
    onDiscard();
  });
  holder.replaceChildren(element("p", { class: "refused-lead", text: msg("Refused", { message: message || "" }) }), area, copy, discard);
  holder.hidden = false;
}

function bothTexts(theirs, mine) {
  const heading = (label) => "<p><strong>" + element("span", { text: label }).innerHTML + "</strong></p>";
  return heading(msg("BothTheirs")) + (theirs || "") + heading(msg("BothMine")) + (mine || "");
}

// --- Table of contents: each paragraph's state ---------------------------------------------------------------

const toc = {
  update(item) {
    const mark = document.querySelector(`[data-toc-state="${item}"]`);
    if (!mark) return;
    const states = sections.filter((s) => s.item === item).map((s) => s.state);
    let state = "";
    if (states.includes("conflict")) state = "conflict";
    else if (states.includes("refused")) state = "refused";
    else if (states.includes("unsaved") || states.includes("saving")) state = "unsaved";
    else if (states.includes("saved")) state = "saved";
    if (!state) return;
    mark.dataset.state = state;
    mark.textContent = msg("Toc" + state[0].toUpperCase() + state.slice(1));
  },
};

// --- Keyboard: Alt+↓/↑ to the next/previous section, Alt+Shift+↓/↑ to the next/previous paragraph -------------

function focusSection(section) {
  // view.focus() moves the focus at once, so a second key press right after counts from the new section;
  // the editor's own focus command (which waits a frame) then puts the cursor at the end of the text.
  section.editor.view.focus();
  section.editor.commands.focus("end");
  section.box.scrollIntoView({ block: "center" });
}

document.addEventListener("keydown", (event) => {
  if (!event.altKey || !["ArrowDown", "ArrowUp"].includes(event.key) || !sections.length) return;
  const current = sections.findIndex((s) => s.box.contains(document.activeElement));
  const step = event.key === "ArrowDown" ? 1 : -1;
  let next = current + step;
  if (event.shiftKey && current >= 0) {
    const item = sections[current].item;
    while (sections[next] && sections[next].item === item) next += step;
    if (step < 0) while (sections[next - 1] && sections[next - 1].item === sections[next].item) next -= 1;
  }
  if (current < 0) next = step > 0 ? 0 : sections.length - 1;
  if (!sections[next]) return;
  event.preventDefault();
  event.stopPropagation(); // before the editor: these keys move between sections, not lines
  focusSection(sections[next]);
}, true);

// --- Who else is here ---------------------------------------------------------------------------------------

const presence = {
  section: "",
  box: document.getElementById("presence"),
  here(section) {
    const where = section.item + ":" + section.field;
    if (where !== this.section) { this.section = where; this.send(); }
  },
  async send() {
    const url = root && root.dataset.presenceUrl;
    if (!url || !this.box) return;
    const body = new FormData();
    body.set("section", this.section);
    try {
      const response = await fetch(url, { method: "POST", body, headers: { Accept: "application/json", "X-CSRFToken": csrfToken() } });
      if (!response.ok) return;
      const data = await response.json();
      const others = data.others || [];
      this.box.hidden = others.length === 0;
      this.box.textContent = others.length
        ? msg("Presence", { names: others.map((o) => o.name + (o.where ? " (" + o.where + ")" : "")).join(", ") })
        : "";
      for (const el of document.querySelectorAll(".section-presence")) el.remove();
      for (const other of others) {
        const box = document.getElementById("s-" + (other.section || "").replace(":", "-"));
        if (box) box.querySelector("label")?.after(element("span", { class: "section-presence badge", text: msg("PresenceHere", { name: other.name }) }));
      }
    } catch (e) { /* presence is a courtesy; the editor works without it */ }
  },
};

// --- Start ----------------------------------------------------------------------------------------------------

const sections = root && root.dataset.editable === "true"
  ? Array.from(document.querySelectorAll("form.section-form")).map((form) => new Section(form))
  : [];

if (root) {
  for (const section of sections) section.restore();
  if (root.dataset.editable !== "true") {
    // Read-only: a draft kept from before the protocol went to justering is shown, never re-sent.
    for (const key of Object.keys(localStorage).filter((k) => k.startsWith(DRAFT_PREFIX))) {
      const draft = storage("get", key);
      const box = draft && document.getElementById("s-" + draft.item + "-" + draft.field);
      if (!box) continue;
      refusedDraft(box.querySelector(".section-conflict"), draft.text, root.dataset.readonlyReason, () => storage("remove", key));
    }
  }
  presence.send();
  setInterval(() => presence.send(), PRESENCE_EVERY);
  window.addEventListener("online", () => sections.filter((s) => s.state === "unsaved").forEach((s) => s.saveNow()));
  window.addEventListener("beforeunload", (event) => {
    if (sections.some((s) => ["unsaved", "saving", "conflict"].includes(s.state))) event.preventDefault();
  });
  // A deep link to a paragraph or section lands with the cursor in it.
  const target = location.hash && document.getElementById(location.hash.slice(1));
  const first = target && sections.find((s) => target.contains(s.box) || s.box.contains(target));
  if (first) focusSection(first);
}
