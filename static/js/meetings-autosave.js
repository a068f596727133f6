// Autosave support around htmx: keep unsent protocol text in localStorage, retry when the network returns,
// and say plainly when text is not saved. htmx itself posts the form ("input delay:1s") and swaps the status.
// The messages come translated from the page (data-msg-* on #save-offline).
// The draft is forgotten only when the server has confirmed a save of exactly the text in the draft: never on
// a network error, a 4xx/5xx, or when the plain "Spara" form is submitted (its answer may be an error page;
// the next load of this page compares the draft with the saved text and forgets it only if they agree).
(function () {
  "use strict";
  const form = document.getElementById("protocol-form");
  if (!form) return;
  const key = "lgl-protocol-draft-" + form.dataset.item;
  const offline = document.getElementById("save-offline");

  function fields() {
    const out = {};
    for (const el of form.querySelectorAll("textarea[name]")) out[el.name] = el.value;
    return out;
  }

  // The base each field's text was written on (hash and text, from the page or the last save's answer).
  function bases() {
    const out = {};
    for (const el of form.querySelectorAll("textarea[name]")) {
      const hash = form.querySelector(`[name="base_hash_${el.name}"]`);
      const text = form.querySelector(`[name="base_text_${el.name}"]`);
      if (hash && text) out[el.name] = { hash: hash.value, text: text.value };
    }
    return out;
  }

  function remember() {
    try {
      localStorage.setItem(key, JSON.stringify({ version: form.querySelector("[name=version]").value, fields: fields(), bases: bases() }));
    } catch (e) { /* storage full or disabled: the status line still says "Inte sparat" */ }
  }

  function forget() {
    try { localStorage.removeItem(key); } catch (e) { /* nothing kept */ }
  }

  function showOffline(message) {
    offline.textContent = message;
    offline.hidden = false;
  }

  // Text left from an earlier visit that never reached the server is put back before the editor starts.
  try {
    const kept = JSON.parse(localStorage.getItem(key) || "null");
    if (kept && kept.fields) {
      let restored = false;
      let stale = false;
      for (const [name, value] of Object.entries(kept.fields)) {
        const el = form.querySelector(`textarea[name="${name}"]`);
        if (!el || el.value === value) continue;
        // A draft is put back on its own base. If the server text has moved on since, the draft keeps its old
        // base, so saving it merges or shows both texts; it is never sent as if written on the new text.
        const base = (kept.bases || {})[name];
        const hash = form.querySelector(`[name="base_hash_${name}"]`);
        const text = form.querySelector(`[name="base_text_${name}"]`);
        if (hash && text && (!base || base.hash !== hash.value)) {
          hash.value = base ? base.hash : "unknown";
          text.value = base ? base.text : "";
          stale = true;
        }
        el.value = value;
        restored = true;
      }
      if (restored && stale) {
        showOffline(offline.dataset.msgStale);
        const compare = document.createElement("button");
        compare.type = "submit";
        compare.className = "button secondary";
        compare.textContent = offline.dataset.msgCompare;
        offline.append(" ", compare);
      } else if (restored) {
        showOffline(offline.dataset.msgRestored);
        document.addEventListener("DOMContentLoaded", () => setTimeout(() => window.htmx && htmx.trigger(form, "lgl:retry"), 500));
      } else {
        forget();
      }
    }
  } catch (e) { forget(); }

  form.addEventListener("input", remember);

  // The fields as they were sent in the autosave now in flight: what a "saved" answer confirms.
  let inFlight = null;
  form.addEventListener("htmx:configRequest", function () { inFlight = JSON.stringify(fields()); });

  document.body.addEventListener("htmx:sendError", function () {
    remember();
    showOffline(offline.dataset.msgOffline);
    const status = document.getElementById("save-status");
    if (status) { status.textContent = offline.dataset.msgStatus; status.dataset.state = "offline"; status.className = "save-status save-error"; }
  });
  document.body.addEventListener("htmx:responseError", function () {
    remember();
    showOffline(offline.dataset.msgError);
  });
  document.body.addEventListener("htmx:afterSwap", function () {
    // One answer can swap twice (the status, and the new version out of band): only the first one counts.
    if (inFlight === null) return;
    const status = document.getElementById("save-status");
    if (status && status.dataset.state === "saved") {
      offline.hidden = true;
      // Text typed while the save was on its way is not confirmed yet: keep it (with the new version).
      if (inFlight === JSON.stringify(fields())) forget(); else remember();
    }
    inFlight = null;
  });
  window.addEventListener("online", function () {
    if (window.htmx) htmx.trigger(form, "lgl:retry");
  });
  // A plain submit ("Spara") keeps the draft: if the answer is an error page the text is still here next time.
  form.addEventListener("submit", remember);
})();
