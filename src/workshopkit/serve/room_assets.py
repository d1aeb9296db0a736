"""The phone page's style and script, served as they are: nothing loads from anywhere
else, so the page works on a venue network with no internet."""

# Text 16 px and more, tap targets 44 px and more, the system's light or dark colours.
STYLE = """
:root { color-scheme: light dark; --fg: #111; --bg: #fff; --muted: #444; --accent: #0b57d0;
  --line: #888; --mine: #fde68a; }
@media (prefers-color-scheme: dark) { :root { --fg: #f3f3f3; --bg: #121212; --muted: #c8c8c8;
  --accent: #8ab4f8; --line: #777; --mine: #5b4a00; } }
* { box-sizing: border-box; }
body { margin: 0; font: 18px/1.45 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
header, main { padding: 0 14px; max-width: 40rem; margin: 0 auto; }
h1 { font-size: 1.35rem; margin: 12px 0 2px; } h2 { font-size: 1.2rem; margin: 14px 0 4px; }
.me, .prompt, .state, .count { color: var(--muted); margin: 4px 0; }
label { display: block; font-weight: 600; margin: 12px 0 4px; }
input, textarea { width: 100%; font: inherit; padding: 10px; min-height: 44px;
  color: var(--fg); background: var(--bg); border: 2px solid var(--line); border-radius: 8px; }
button { font: inherit; min-height: 44px; min-width: 44px; padding: 8px 14px; margin: 6px 6px 0 0;
  border-radius: 8px; border: 2px solid var(--accent); color: var(--fg); background: var(--bg); }
button.add, .join button { background: var(--accent); color: var(--bg); font-weight: 600; }
button[disabled] { opacity: .45; }
button:focus-visible, input:focus-visible, textarea:focus-visible {
  outline: 3px solid var(--accent); outline-offset: 2px; }
.kinds { display: flex; flex-wrap: wrap; }
#said { min-height: 1.45em; font-weight: 600; margin: 10px 0; }
ol.points { list-style: none; padding: 0; } ol.points li { border-top: 1px solid var(--line);
  padding: 8px 0; } ol.points p { margin: 2px 0; }
.ref { font-weight: 700; } .kind { font-size: .85em; border: 1px solid var(--line);
  border-radius: 4px; padding: 0 4px; } .mine { background: var(--mine); border-radius: 4px;
  padding: 0 4px; font-size: .85em; }
"""

# Live without reloads: the server's events swap in the live part; the forms post in the
# background and say what happened. Without this script the same forms post and reload.
SCRIPT = """
"use strict";
const live = document.getElementById("live");
const said = document.getElementById("said");
const add = document.getElementById("add");
let voting = false;
function show(state) {
  if (state.closed) { location.reload(); return; }
  const focused = document.activeElement && document.activeElement.id;
  if (typeof state.html === "string" && live) {
    live.innerHTML = state.html;
    voting = state.voting === true;
  } else if (state.points && live) {
    Object.entries(state.points).forEach(([ref, point]) => put(ref, point));
  }
  if (state.me && live) mine(state.me);
  const again = focused && document.getElementById(focused);
  if (again && again !== document.activeElement) again.focus();
  if (typeof state.adding === "boolean" && add) add.hidden = !state.adding;
  if (typeof state.said === "string" && said) said.textContent = state.said;
}
function el(tag, attributes, ...children) {
  const made = document.createElement(tag);
  Object.entries(attributes).forEach(([name, value]) => made.setAttribute(name, value));
  made.append(...children);
  return made;
}
// A point that changed: [ref, kind, text, count], drawn as the server draws it, as text.
function put(ref, point) {
  const old = document.getElementById("p-" + ref);
  if (point === null) { if (old) old.remove(); return; }
  const [, kind, text, count] = point;
  const head = el("p", {}, el("span", {class: "ref"}, ref), " ");
  if (kind) head.append(el("span", {class: "kind"}, kind), " ");
  head.append(text);
  const counted = el("p", {class: "count"}, count);
  const item = el("li", {id: "p-" + ref}, head, counted);
  if (voting) {
    counted.append(" · your dots: ", el("span", {class: "n"}, "0"));
    const hidden = (name) => el("input", {type: "hidden", name: name, value: ""});
    const button = (value, label, said) => el("button", {type: "submit", name: "do",
      value: value, id: value + "-" + ref, "aria-label": label + ref}, said);
    const ref_input = hidden("ref");
    ref_input.value = ref;
    item.append(el("form", {method: "post", action: "/dot", "data-post": "", class: "dots"},
      hidden("csrf"), ref_input, button("place", "Place a dot on ", "+ dot"),
      button("take", "Take a dot back from ", "\u2212 dot")));
  }
  if (old) { old.replaceWith(item); return; }
  const list = live.querySelector("ol.points");
  const number = (id) => parseInt(id.replace(/^p-[A-Z]+/, ""), 10);
  const after = [...list.children].find((other) => number(other.id) < number(item.id));
  list.insertBefore(item, after || null);
}
// The events carry what every phone sees alike; this phone's own part is filled in here.
function mine(me) {
  const token = add && add.querySelector("input[name=csrf]");
  live.querySelectorAll("input[name=csrf]").forEach((input) => {
    input.value = token ? token.value : "";
  });
  const left = live.querySelector("#dots strong");
  if (left) left.textContent = me.left;
  live.querySelectorAll("li[id^='p-']").forEach((item) => {
    const ref = item.id.slice(2);
    const dots = me.dots[ref] || 0;
    if (me.mine.includes(ref) && !item.querySelector(".mine")) {
      const mark = document.createElement("span");
      mark.className = "mine";
      mark.textContent = "yours";
      item.querySelector("p").append(" ", mark);
    }
    const count = item.querySelector(".n");
    if (count) count.textContent = dots;
    const place = item.querySelector("button[value=place]");
    const take = item.querySelector("button[value=take]");
    if (place) place.disabled = me.left <= 0 || dots >= me.cap;
    if (take) take.disabled = dots <= 0;
  });
}
document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!form.hasAttribute("data-post")) return;
  event.preventDefault();
  const body = new URLSearchParams(new FormData(form, event.submitter));
  try {
    const answer = await fetch(form.action, {method: "POST", body: body,
      headers: {"X-Room": "fetch"}, credentials: "same-origin"});
    const state = await answer.json();
    show(state);
    if (answer.ok && form === add) form.reset();
  } catch (error) {
    show({said: "Not sent: the room cannot be reached. Your text is kept; try again."});
  }
});
if (live && window.EventSource) {
  const events = new EventSource("/events");
  events.onmessage = (event) => show(JSON.parse(event.data));
}
"""
