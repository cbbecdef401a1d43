// Progressive enhancement only: every page works without this file.
// Forms or buttons marked data-confirm ask before submitting (e.g. deletions).
document.addEventListener("submit", function (ev) {
  var f = ev.target;
  var msg = f.getAttribute("data-confirm") || (ev.submitter && ev.submitter.getAttribute("data-confirm"));
  if (msg && !window.confirm(msg)) { ev.preventDefault(); }
});
// A "select all" checkbox for bulk actions: <input type=checkbox data-select-all="name-of-boxes">. It is
// hidden until this script runs (without a script it could do nothing).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-select-all]").forEach(function (b) {
    var wrap = b.closest(".select-all");
    if (wrap) { wrap.hidden = false; }
  });
});
document.addEventListener("change", function (ev) {
  var name = ev.target.getAttribute && ev.target.getAttribute("data-select-all");
  if (!name) { return; }
  document.querySelectorAll('input[type=checkbox][name="' + name + '"]').forEach(function (b) { b.checked = ev.target.checked; });
});
// A form shown again after bad input: move the focus to its error summary, so it is read first.
document.addEventListener("DOMContentLoaded", function () {
  var s = document.getElementById("error-summary");
  if (s) { s.focus(); }
});
// A print button: <button type=button data-print>. Without this file the browser's own Print works the same.
document.addEventListener("click", function (ev) {
  var b = ev.target.closest && ev.target.closest("[data-print]");
  if (b) { window.print(); }
});
