// The console's one script: no framework, no inline code (the CSP allows only this file).
// Everything here only helps: without it the pages still work (links open photos, the
// server still ends idle sessions).
"use strict";

// Click to enlarge: a photo link opens in a modal <dialog> (Escape closes it, focus returns).
function setUpLightbox() {
  const dialog = document.getElementById("lightbox");
  if (!dialog || typeof dialog.showModal !== "function") return;
  const image = dialog.querySelector("img");
  let opener = null;
  document.querySelectorAll("a.photo").forEach((link) => {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      opener = link;
      image.src = link.href;
      const thumb = link.querySelector("img");
      image.alt = thumb ? thumb.alt : link.textContent.trim();
      dialog.showModal();
    });
  });
  dialog.addEventListener("close", () => {
    image.removeAttribute("src");
    if (opener) opener.focus();
  });
}

// Idle time-out: the server ends a session idle for longer than the setting. Someone typing
// a long answer is not idle, though the server hears nothing from them: when the warning is
// due and there has been a key press or click since the server last heard from this page, the
// page tells the server in the background instead. Otherwise a warning offers to stay signed
// in (also in the background, so a half-written answer is kept); at the end the page goes to
// the sign-in form, so patient data does not stay on an unattended screen.
function setUpIdleWarning() {
  const body = document.body;
  const form = document.getElementById("idle-warning");
  const seconds = Number(body.dataset.idleSeconds || 0);
  if (!form || body.dataset.signedIn !== "1" || seconds <= 0) return;
  const left = document.getElementById("idle-left");
  const warnBefore = Math.min(120, Math.floor(seconds / 2));
  let deadline = 0;
  let heard = Date.now(); // when the server last heard from this page
  let active = 0; // when the person last pressed a key or clicked
  let timer = 0;

  ["keydown", "pointerdown"].forEach((name) =>
    document.addEventListener(name, () => { active = Date.now(); }, { capture: true, passive: true })
  );

  async function keepAlive() {
    const token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    const answer = await fetch(form.action, {
      method: "POST",
      headers: { "X-CSRFToken": token },
      credentials: "same-origin",
      redirect: "manual",
    });
    if (answer.status === 204) restart();
    else window.location.assign("/staff/sign-in?idle=1");
  }
  function tick() {
    const remaining = Math.ceil((deadline - Date.now()) / 1000);
    if (remaining <= 0) {
      window.location.assign("/staff/sign-in?idle=1");
      return;
    }
    if (remaining <= warnBefore && form.hidden && active > heard) {
      keepAlive(); // busy, not idle
      return;
    }
    if (remaining <= warnBefore) {
      left.textContent = remaining >= 60 ? Math.ceil(remaining / 60) + " min" : remaining + " s";
      if (form.hidden) {
        form.hidden = false;
        form.querySelector("button").focus();
      }
    }
    timer = window.setTimeout(tick, 1000);
  }
  function restart() {
    window.clearTimeout(timer);
    form.hidden = true;
    heard = Date.now();
    deadline = heard + (seconds + 2) * 1000; // a little after the server's limit
    tick();
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    keepAlive();
  });
  restart();
}

document.addEventListener("DOMContentLoaded", () => {
  setUpLightbox();
  setUpIdleWarning();
});
