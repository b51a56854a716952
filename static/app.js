// congso - small progressive enhancements; every page works without it.
"use strict";
document.addEventListener("toggle", function (ev) {
  var d = ev.target;
  if (!(d instanceof HTMLDetailsElement) || !d.open || d.dataset.loaded)
    return;
  if (d.querySelector("ul.tree")) { d.dataset.loaded = "1"; return; }
  var id = d.dataset.unit, date = d.dataset.date || "";
  if (!id) return;
  d.dataset.loaded = "1";
  d.setAttribute("aria-busy", "true");
  fetch("/don-vi/" + encodeURIComponent(id) + "/cay?ngay=" +
        encodeURIComponent(date), { credentials: "same-origin" })
    .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
    .then(function (html) {
      var t = document.createElement("template");
      t.innerHTML = html;   // markup from our own server, escaped there
      d.appendChild(t.content);
    })
    .catch(function () {
      var p = document.createElement("p");
      p.className = "error";
      p.textContent = "Không tải được danh sách đơn vị trực thuộc";
      d.appendChild(p);
      delete d.dataset.loaded;
    })
    .finally(function () { d.removeAttribute("aria-busy"); });
}, true);
// A unit chosen from a list is added as a line of its textarea
// (data-adds-to); without this script the choice is sent as it is.
document.addEventListener("change", function (ev) {
  var pick = ev.target, to, list, i;
  if (!(pick instanceof HTMLInputElement) || !pick.dataset.addsTo) return;
  to = document.getElementById(pick.dataset.addsTo);
  list = pick.list;
  if (!to || !list) return;
  for (i = 0; i < list.options.length; i++) {
    if (list.options[i].value !== pick.value) continue;
    if (to.value.split("\n").indexOf(pick.value) < 0)
      to.value = (to.value && !/\n$/.test(to.value) ? to.value + "\n" : to.value) +
        pick.value;
    pick.value = "";
    return;
  }
});
